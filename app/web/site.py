"""The web client as served: Flet's files, ours over them, and two files made at start (the page,
from app/web/index.html, and Flet's font list with its offline Roboto), all under one version token.

The made files and the compressed copies live in a cache folder of the user (platformdirs), one
sub-folder per version token, so they are made once per version, not per request or per start.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from app.ui.theme import DARK, LIGHT
from app.web.client_files import ASSETS, ServedFile, client_files, flet_web_dir, version_token

APP_NAME = "Budgetmeter"
APP_DESCRIPTION = "Budgetmeter: uw saldo, opladen en hulp bij uw budgetmeter."
#: Versioned files are below this path: /_v/<token>/<file>.
VERSIONED = "_v"


def cache_root() -> Path:
    from app.settings import load_settings

    configured = load_settings().web_cache  # BUDGETMETER_WEB_CACHE
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("budgetmeter", appauthor=False)) / "web-client"


def theme_colours() -> dict[str, str]:
    """@LIGHT_PRIMARY@ and the like, for the page template."""
    out = {}
    for prefix, roles in (("LIGHT", LIGHT), ("DARK", DARK)):
        for role, value in roles.items():
            out[f"@{prefix}_{role.upper()}@"] = value
    return out


def render_index(template: str, token: str) -> str:
    from flet.controls.types import RouteUrlStrategy, WebRenderer
    from flet_web import patch_index_html

    for key, value in theme_colours().items():
        template = template.replace(key, value)
    missing = re.findall(r"@[A-Z_]+@", template.replace("@CLIENT@", ""))
    if missing:
        raise ValueError(f"app/web/index.html names unknown colours: {sorted(set(missing))}")
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "index.html"
        index.write_text(template, encoding="utf-8")
        # Flet's own patching: base href, websocket endpoint, offline CanvasKit and fonts.
        patch_index_html(
            index_path=str(index),
            base_href="/",
            websocket_endpoint_path="/ws",
            app_name=APP_NAME,
            app_description=APP_DESCRIPTION,
            web_renderer=WebRenderer.AUTO,
            route_url_strategy=RouteUrlStrategy.PATH,
            no_cdn=True,
        )
        html = index.read_text(encoding="utf-8")
    return html.replace("@CLIENT@", f"/{VERSIONED}/{token}/")


def font_manifest() -> str:
    """Flet's FontManifest.json with the Roboto it ships for offline use (what Flet does with no_cdn)."""
    from flet_web import patch_font_manifest_json

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "FontManifest.json"
        path.write_bytes((flet_web_dir() / "assets" / "FontManifest.json").read_bytes())
        patch_font_manifest_json(str(path))
        return path.read_text(encoding="utf-8")


@dataclass
class Site:
    token: str
    files: dict[str, ServedFile]  # URL path -> where its uncompressed bytes are
    folder: Path  # this version's cache folder

    def variant(self, path: str, encoding: str) -> Path:
        return self.folder / encoding / path


#: The page's template: beside this code, not in assets/, which Flet's own static handler (ft.run's web
#: mode, `flet build`) would serve as the page with its placeholders unfilled.
PAGE_TEMPLATE = Path(__file__).with_name("index.html")


def build_site(assets: Path = ASSETS, root: Path | None = None) -> Site:
    template = PAGE_TEMPLATE.read_text(encoding="utf-8")
    files = client_files(assets)
    token = version_token(files, extra=template)
    folder = (root or cache_root()) / token
    made = {"index.html": render_index(template, token), "assets/FontManifest.json": font_manifest()}
    for path, text in made.items():
        target = folder / "identity" / path
        data = text.encode("utf-8")
        if not target.exists() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, target)
        files[path] = ServedFile(path, target)
    return Site(token, files, folder)
