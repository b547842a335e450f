"""Which files make up the web client, where they come from, and the version they belong to.

Two sources: the app's ``assets/`` folder (icons, manifest, the page template) and the Flet web
client inside the ``flet_web`` package. A file in assets/ wins over Flet's file of the same path,
like Flet's own static handler does. The version token names one combination of both: it changes
when Flet is upgraded or an asset changes, so a browser may keep a versioned URL for a year.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "assets"

#: Never served: Pyodide runs Python in the browser (not how this app runs), debug symbols and source
#: maps are for Flutter's developers, and the asset sources are for us.
SKIPPED_DIRS = {"pyodide", "__pycache__"}
SKIPPED_SUFFIXES = {".symbols", ".map", ".py", ".pyc"}
#: Files of assets/ that are not served (the page is made from app/web/index.html).
TEMPLATES = {"index.html"}

mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("font/otf", ".otf")
mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("application/manifest+json", ".webmanifest")


def media_type(path: str) -> str:
    kind, _ = mimetypes.guess_type(path)
    return kind or "application/octet-stream"


#: Worth compressing: text and wasm (PNG, WOFF2 are compressed already).
COMPRESSIBLE = {".js", ".mjs", ".wasm", ".json", ".html", ".css", ".otf", ".ttf", ".bin", ".txt", ".svg", ""}


def compressible(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in COMPRESSIBLE


def flet_web_dir() -> Path:
    from flet_web import get_package_web_dir

    return Path(get_package_web_dir())


def flet_web_version() -> str:
    from flet_web.version import version

    return version


@dataclass(frozen=True)
class ServedFile:
    path: str  # URL path below the site root, with forward slashes, no leading slash
    source: Path


def _walk(folder: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    if not folder.is_dir():
        return found
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if d not in SKIPPED_DIRS and not d.startswith(".")]
        for name in filenames:
            if os.path.splitext(name)[1] in SKIPPED_SUFFIXES or name.startswith("."):
                continue
            full = Path(dirpath) / name
            found[full.relative_to(folder).as_posix()] = full
    return found


def client_files(assets: Path = ASSETS) -> dict[str, ServedFile]:
    """Every servable file by URL path; assets/ over Flet's web folder, templates left out."""
    files = {p: ServedFile(p, s) for p, s in _walk(flet_web_dir()).items()}
    for p, s in _walk(assets).items():
        if p in TEMPLATES:
            continue
        files[p] = ServedFile(p, s)
    return files


def version_token(files: dict[str, ServedFile], extra: str = "") -> str:
    """Short name of this exact set of files, from what they hold, never from when they were written:
    Flet's version with each of its files' path and size (its version fixes their content; none is
    read), each of the app's own files' path and content (a dozen small files), and ``extra`` (the
    rendered page's content).

    Not from modification times: every checkout and every fresh install gives the same files new
    times, and a new token means compressing the whole client again at Brotli 11 (2.5 minutes on 2
    cores, each CI run from a clean clone). The same content keeps its compressed copies."""
    h = hashlib.sha256(flet_web_version().encode())
    flet_dir = flet_web_dir()
    for path in sorted(files):
        source = files[path].source
        if source.is_relative_to(flet_dir):
            h.update(f"{path}\0{source.stat().st_size}\n".encode())
        else:
            h.update(f"{path}\0{hashlib.sha256(source.read_bytes()).hexdigest()}\n".encode())
    h.update(extra.encode())
    return h.hexdigest()[:12]
