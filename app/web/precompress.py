"""Compress the web client once per version: Brotli and gzip copies beside the cache folder.

    python -m app.web.precompress           # best compression (at install or deploy time)
    python -m app.web.precompress --quick   # Brotli 5, gzip 6: seconds, for tests and try-outs

Compression happens here, never in a serving process: several web processes compressing the whole
client at Brotli 11 would compete with their users for the cores. A serving process whose cache
lacks the copies says so once in its log (:func:`check_compressed`) and sends the files as they are.
Copies are replaced atomically; quick and best copies decode to the same bytes. The compressors are
the kept libraries (``brotli``, Python's ``gzip``).
"""

from __future__ import annotations

import argparse
import fcntl
import gzip
import logging
import os

import brotli

from app.web.client_files import compressible
from app.web.site import Site, build_site

log = logging.getLogger("budgetmeter.web")

ENCODINGS = ("br", "gzip")
QUICK = {"br": 5, "gzip": 6}
BEST = {"br": 11, "gzip": 9}
BEST_DONE = "best.done"


def compress(data: bytes, encoding: str, level: int) -> bytes:
    if encoding == "br":
        return brotli.compress(data, quality=level)
    return gzip.compress(data, compresslevel=level, mtime=0)


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)  # a reader sees the old copy or the new one, never half a file


def compress_site(site: Site, levels: dict[str, int], *, only_missing: bool) -> int:
    """Write the compressed copies; returns how many were written. A copy that would not be smaller
    than the original is not kept (the original is served)."""
    written = 0
    for path, f in sorted(site.files.items()):
        if not compressible(path):
            continue
        data = None
        for encoding in ENCODINGS:
            target = site.variant(path, encoding)
            if only_missing and (target.exists() or target.with_suffix(target.suffix + ".none").exists()):
                continue
            data = data if data is not None else f.source.read_bytes()
            packed = compress(data, encoding, levels[encoding])
            if len(packed) < len(data):
                _write(target, packed)
            else:
                _write(target.with_suffix(target.suffix + ".none"), b"")
            written += 1
    return written


def best_pass(site: Site) -> bool:
    """Recompress everything with the best settings, once; False when another process is at it."""
    site.folder.mkdir(parents=True, exist_ok=True)
    if (site.folder / BEST_DONE).exists():
        return True
    with open(site.folder / "best.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        if not (site.folder / BEST_DONE).exists():
            compress_site(site, BEST, only_missing=False)
            (site.folder / BEST_DONE).write_text("brotli 11, gzip 9\n")
    return True


def check_compressed(site: Site) -> bool:
    """At a serving process's start: False, said once in its log, when nothing was compressed for
    this version (the files then go out uncompressed until `python -m app.web.precompress` runs)."""
    done = (site.folder / BEST_DONE).exists() or (site.folder / "br").is_dir()
    if not done:
        log.warning("The web client is not compressed for this version (%s): it is sent uncompressed. "
                    "Run `python -m app.web.precompress` at install or deploy time.", site.folder)
    return done


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m app.web.precompress", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="Brotli 5 and gzip 6 for what is missing (seconds)")
    args = ap.parse_args(argv)
    site = build_site()
    if args.quick:
        compress_site(site, QUICK, only_missing=True)
    else:
        best_pass(site)
    print(site.folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
