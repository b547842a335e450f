"""The web app as served by `budgetmeter --web`: Flet's ASGI app behind a layer that answers the web
client's files itself, compressed and with cache lifetimes.

- ``/_v/<token>/<file>``: the web client (Flet's files, fonts, wasm, our icons) under the version
  token (app/web/site.py): ``Cache-Control: public, max-age=31536000, immutable``. A repeat visit
  loads nothing of it again; a new version has a new token, hence new URLs.
- the page (``/``, any route of the app), ``manifest.json``, ``favicon.png``, ``icons/...``: names
  that stay while their content changes with a version: ``Cache-Control: no-cache`` (the browser
  asks each time and gets ``304 Not Modified`` while its copy holds).
- Brotli or gzip by ``Accept-Encoding`` from the copies made once (app/web/precompress.py), with
  ``Vary: Accept-Encoding``; starlette's FileResponse sends them, with ETag and Last-Modified.
- everything else (the websocket, uploads) goes on to Flet's app.

Zoom (WCAG 1.4.4, 1.4.10): Flutter's engine replaces the page's viewport tag at start with one that
forbids zooming (``maximum-scale=1.0, user-scalable=no``, compiled into main.dart.wasm/js). Our page
(app/web/index.html) puts ``width=device-width, initial-scale=1`` back whenever that happens. What it
gives: browser zoom (Ctrl +) and the browser's text size setting work on a desktop in any case
(Flutter follows the root font size: 200 % text is tested); on a phone the browser is no longer told
to refuse zooming, but Flutter sets ``touch-action: none`` on its surface and handles every touch
itself, so a two-finger pinch on the app's surface reaches Flutter, not the browser: pinch zoom of the
page is not something Flet 1.0.5 allows. Phones' own magnifiers (Android's magnification, iOS Zoom)
and their text size settings are what works there.
"""

from __future__ import annotations

import os

from starlette.datastructures import Headers
from starlette.responses import FileResponse, Response
from starlette.staticfiles import NotModifiedResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from app.web.client_files import media_type
from app.web.site import VERSIONED, Site

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
#: The isolation Flet's own middleware puts on every response (the web client's multi-threaded
#: renderer needs it), without its `Access-Control-Allow-Origin: *`: the page and its files are
#: fetched from this origin only, and no other site may read them.
ISOLATION = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
}
#: On every file served here: the type as sent, never sniffed; no Referer naming the app's routes.
NO_SNIFF = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
#: The page's policy. What Flet's web client needs: its bootstrap is inline in the page (index.html),
#: the engine is WebAssembly ('wasm-unsafe-eval', not 'unsafe-eval'), Flutter's loader starts workers
#: from blob: URLs and sets inline styles, and the one connection is the WebSocket back to this origin.
#: frame-ancestors 'none': no other site may frame it (clickjacking). The map's tiles come from the tile
#: server's origin (BUDGETMETER_TILE_URL), which Flutter fetches as images: that one origin is allowed.
def page_csp(tile_url: str | None = None) -> str:
    tiles = f" {origin_of(tile_url)}" if tile_url else ""
    return "; ".join((
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval' blob:",
        "worker-src 'self' blob:",
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: blob:{tiles}",
        "font-src 'self' data:",
        f"connect-src 'self'{tiles}",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ))


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL template such as https://tile.example/{z}/{x}/{y}.png."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


PAGE_CSP = page_csp()


def accepted_encodings(header: str | None) -> list[str]:
    """The encodings of an Accept-Encoding header with q > 0, in the server's order of preference."""
    accepted = set()
    for part in (header or "").split(","):
        token, _, params = part.strip().partition(";")
        q = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                q = float(params[2:])
            except ValueError:
                q = 0.0
        if token and q > 0:
            accepted.add(token.strip().lower())
    return [e for e in ("br", "gzip") if e in accepted or "*" in accepted]


class WebClient:
    """ASGI layer in front of Flet's app; see the module's docstring."""

    def __init__(self, app: ASGIApp, site: Site, csp: str = PAGE_CSP) -> None:
        self.app = app
        self.site = site
        self.csp = csp
        self.prefix = f"{VERSIONED}/{site.token}/"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        path = scope["path"].lstrip("/")
        cache = REVALIDATE
        if path.startswith(VERSIONED + "/"):
            _, _, rest = path.partition("/")
            token, _, path = rest.partition("/")
            # An old page asking for an old version's file gets today's, to be asked for again.
            cache = IMMUTABLE if token == self.site.token else REVALIDATE
        elif path == "" or (os.path.splitext(path)[1] in ("", ".html") and path not in self.site.files):
            path = "index.html"  # the app's routes are the page; Flutter draws the route
        if path not in self.site.files:
            await self.app(scope, receive, send)
            return
        response = self.respond(path, cache, Headers(scope=scope))
        await response(scope, receive, send)

    def respond(self, path: str, cache: str, request_headers: Headers) -> Response:
        source = self.site.files[path].source
        headers = {"Cache-Control": cache, "Vary": "Accept-Encoding", **ISOLATION, **NO_SNIFF}
        if path == "index.html":
            headers["Content-Security-Policy"] = self.csp
        chosen = source
        for encoding in accepted_encodings(request_headers.get("accept-encoding")):
            candidate = self.site.variant(path, encoding)
            if candidate.is_file():
                chosen = candidate
                headers["Content-Encoding"] = encoding
                break
        response = FileResponse(chosen, headers=headers, media_type=media_type(path), stat_result=os.stat(chosen))
        if _not_modified(response.headers, request_headers):
            return NotModifiedResponse(response.headers)
        return response


def _not_modified(response_headers: Headers, request_headers: Headers) -> bool:
    if_none_match = request_headers.get("if-none-match")
    if not if_none_match:
        return False
    etag = response_headers.get("etag")
    return etag in [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]


def web_app(main, assets_dir: str | None = None) -> ASGIApp:
    """Flet's ASGI app for ``main`` behind :class:`WebClient`; the client's compressed copies are made
    at install or deploy time (app/web/precompress.py), never here."""
    from pathlib import Path

    import flet_web.fastapi as flet_fastapi

    from app.web.client_files import ASSETS
    from app.web.precompress import check_compressed
    from app.web.site import APP_DESCRIPTION, APP_NAME, build_site

    assets = Path(assets_dir) if assets_dir else ASSETS
    site = build_site(assets)
    check_compressed(site)
    inner = flet_fastapi.app(
        main,
        assets_dir=str(assets),
        app_name=APP_NAME,
        app_short_name=APP_NAME,
        app_description=APP_DESCRIPTION,
        no_cdn=True,
    )
    from app.settings import load_settings
    from app.web.metrics import WebMetrics

    settings = load_settings()
    return WebMetrics(WebClient(inner, site, page_csp(settings.tile_url)), token=settings.metrics_token)


#: Seconds uvicorn waits for open connections (the browsers' websockets) before it cancels them: a
#: stop takes at most this plus Flet's own shutdown, well inside the 10 s supervisord allows.
GRACEFUL_SECONDS = 3


def serve(main, host: str, port: int, assets_dir: str | None = None, on_stop=None) -> None:
    """Run the web app with uvicorn (as Flet's web mode does: the websockets-sansio implementation).
    ``on_stop`` is called as soon as SIGTERM or SIGINT arrives, so what the caller started (the
    embedded API server) stops beside the web app's own shutdown, not after it."""
    import uvicorn

    class Server(uvicorn.Server):
        def handle_exit(self, sig, frame) -> None:
            if on_stop is not None:
                on_stop()
            super().handle_exit(sig, frame)

    from app.settings import load_settings

    json_logs = load_settings().log_format == "json"
    if json_logs:
        from app.web.logs import configure_json

        configure_json()
    config = uvicorn.Config(
        web_app(main, assets_dir), host=host, port=port, ws="websockets-sansio", log_level="warning",
        timeout_graceful_shutdown=GRACEFUL_SECONDS,
        # JSON: uvicorn's loggers go to the root handler; its access line (a path) is off.
        log_config=None if json_logs else uvicorn.config.LOGGING_CONFIG, access_log=not json_logs,
    )
    Server(config).run()
