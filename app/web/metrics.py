"""`GET /metrics` of a web process (`budgetmeter --web`), in the Prometheus text format.

Off (404) unless BUDGETMETER_METRICS_TOKEN is set; then that bearer token is required (401). One
registry per process: each web process is a program of its own on its own port (deploy/).
Requests are counted by a path *kind*, never the path: the app's routes can name clients.
``budgetmeter_web_sessions`` is the Flet sessions this process holds (a browser's UI lives in one
process; a session outlives a dropped connection for a while, to be taken up again).
"""

from __future__ import annotations

import hmac
import time
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web.site import VERSIONED

METRICS_PATH = "/metrics"
REGISTRY = CollectorRegistry()
REQUESTS = Counter("budgetmeter_web_requests", "HTTP requests and websocket connections answered",
                   ("route", "status"), registry=REGISTRY)
LATENCY = Histogram("budgetmeter_web_request_duration_seconds", "Time to answer an HTTP request", ("route",),
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5), registry=REGISTRY)


def flet_sessions() -> int:
    """Flet keeps its sessions in a private dict of its app manager (flet_web 1.0.5); -1 when a
    newer Flet moved it, so the figure says it is unknown rather than zero."""
    from flet_web.fastapi.flet_app_manager import app_manager

    sessions = getattr(app_manager, "_FletAppManager__sessions", None)
    return len(sessions) if isinstance(sessions, dict) else -1


class SessionsCollector:
    def collect(self) -> Any:
        gauge = GaugeMetricFamily("budgetmeter_web_sessions", "Flet sessions this web process holds")
        gauge.add_metric([], flet_sessions())
        yield gauge


REGISTRY.register(SessionsCollector())


def kind_of(path: str) -> str:
    if path.startswith(f"/{VERSIONED}/"):
        return f"/{VERSIONED}/{{version}}/{{file}}"
    if path == "/ws":
        return "/ws"
    if path in ("/manifest.json", "/favicon.png") or path.startswith("/icons/"):
        return "/{static}"
    return "/{page}"  # the page, whatever app route it names


def bearer_matches(scope: Scope, token: str) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            scheme, _, given = value.decode("latin-1").partition(" ")
            return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())
    return False


class WebMetrics:
    """Pure ASGI, in front of app.web.serve.WebClient."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token or None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "http" and scope["path"] == METRICS_PATH:
            await self.serve_metrics(scope, send)
            return
        kind, started, status, recorded = kind_of(scope["path"]), time.perf_counter(), 500, False

        def record() -> None:
            # Before the answer's last bytes leave: whoever has read an answer finds it counted at
            # the next scrape (counting after, a client's scrape raced the count).
            nonlocal recorded
            if not recorded:
                recorded = True
                REQUESTS.labels(kind, str(status)).inc()
                if scope["type"] == "http":
                    LATENCY.labels(kind).observe(time.perf_counter() - started)

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "websocket.accept":
                status = 101
            elif message["type"] == "http.response.body" and not message.get("more_body", False):
                record()
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            record()

    async def serve_metrics(self, scope: Scope, send: Send) -> None:
        if self.token is None:
            status, body, ctype, extra = 404, b"Not found", b"text/plain", []
        elif not bearer_matches(scope, self.token):
            status, body, ctype, extra = 401, b"A bearer token is required", b"text/plain", [(b"www-authenticate", b"Bearer")]
        else:
            status, body, ctype, extra = 200, generate_latest(REGISTRY), CONTENT_TYPE_LATEST.encode(), []
        headers = [(b"content-type", ctype), (b"content-length", str(len(body)).encode()),
                   (b"cache-control", b"no-store"), *extra]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
