"""`GET /metrics` of an API process, in the Prometheus text format (prometheus-client).

Off (404) unless BUDGETMETER_METRICS_TOKEN is set; then only a request with that bearer token gets
the figures (401 otherwise): they say how busy the service is and how much mail waits.

One registry per process, not prometheus-client's multiprocess mode: every API process is a
supervisord program of its own on its own port, and the proxy (or Prometheus) scrapes each.
Requests are counted by route *template* (``/api/v1/meters/{ean}/balance``), never by the path
itself, which holds EANs and usernames; a path no route matches counts as ``unmatched``.
"""

from __future__ import annotations

import hmac
import logging
import time
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from starlette.types import Scope, Send

from ..core.clock import now_s
from ..core.security import bearer_token
from ..rules.signals import KINDS as SIGNAL_KINDS
from ..store import outbox, signals
from ..store.db import Database

access = logging.getLogger("budgetmeter.access")
#: Set in the scope when an answer comes before the router (the balance fast path, server/api/gate.py).
ROUTE_KEY = "budgetmeter.route"
UNMATCHED = "unmatched"
METRICS_PATH = "/metrics"

REGISTRY = CollectorRegistry()
REQUESTS = Counter("budgetmeter_http_requests", "HTTP requests answered", ("route", "method", "status"),
                   registry=REGISTRY)
LATENCY = Histogram("budgetmeter_http_request_duration_seconds", "Time to answer, by route", ("route", "method"),
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10), registry=REGISTRY)
READINGS_APPLIED = Counter("budgetmeter_readings_applied", "Meter readings applied by this process (operator API)",
                           registry=REGISTRY)


class OutboxCollector:
    """Read at each scrape, from the store: what every sender shares, so any process can say it."""

    def __init__(self) -> None:
        self.db: Database | None = None  # the serving app's store, set by RequestMetrics

    def collect(self) -> Any:
        if self.db is None:
            return
        depth = GaugeMetricFamily("budgetmeter_outbox_depth", "Mails waiting in the outbox")
        oldest = GaugeMetricFamily("budgetmeter_outbox_oldest_age_seconds", "Age of the oldest waiting mail")
        try:
            with self.db.transaction() as tx:
                count, first = outbox.waiting(tx)
        except Exception:
            return  # a store that does not answer: /readyz says so; the other figures still go out
        depth.add_metric([], count)
        oldest.add_metric([], max(0, now_s() - first) if first is not None else 0)
        yield depth
        yield oldest


OUTBOX = OutboxCollector()
REGISTRY.register(OUTBOX)


class OpenSignalsCollector:
    """Supply signals nobody followed up yet, by kind (issue 21), read from the store at each scrape:
    a count that grows says households go without energy unseen. Every kind is reported, 0 included,
    so that an alert rule on it has a series before the first signal."""

    def __init__(self) -> None:
        self.db: Database | None = None  # the serving app's store, set by RequestMetrics

    def collect(self) -> Any:
        if self.db is None:
            return
        gauge = GaugeMetricFamily("budgetmeter_signals_open", "Supply signals not yet followed up, by kind", labels=["kind"])
        try:
            with self.db.transaction() as tx:
                found = signals.open_by_kind(tx)
        except Exception:
            return  # as the outbox's figures: the other figures still go out
        for kind in SIGNAL_KINDS:
            gauge.add_metric([kind], found.get(kind, 0))
        yield gauge


SIGNALS = OpenSignalsCollector()
REGISTRY.register(SIGNALS)


def route_of(scope: Scope) -> str:
    if ROUTE_KEY in scope:
        return scope[ROUTE_KEY]
    route = scope.get("route")
    return getattr(route, "path_format", None) or getattr(route, "path", None) or UNMATCHED


def bearer_matches(scope: Scope, token: str) -> bool:
    given = bearer_token(scope)
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


async def _plain(send: Send, status: int, body: bytes, content_type: bytes, extra: list | None = None) -> None:
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode()),
               (b"cache-control", b"no-store"), *(extra or [])]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class RequestMetrics:
    """Counts and times every answer (the fast path's too) and serves /metrics; server.api.gate calls it."""

    def __init__(self, token: str | None, db: Database, request_lines: bool = False) -> None:
        self.token = token or None
        self.request_lines = request_lines  # the JSON logs' request line (server/core/logs.py)
        OUTBOX.db = db
        SIGNALS.db = db
        # prometheus-client's labels() builds and locks on every call: each series' child is kept here.
        self._series: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def record(self, scope: Scope, status: int, started: float) -> None:
        route, method, took = route_of(scope), scope["method"], time.perf_counter() - started
        series = self._series.get((route, method, status))
        if series is None:
            series = self._series[(route, method, status)] = (REQUESTS.labels(route, method, str(status)),
                                                              LATENCY.labels(route, method))
        series[0].inc()
        series[1].observe(took)
        if self.request_lines:
            access.info("request", extra={"route": route, "method": method, "status": status,
                                          "duration_ms": round(took * 1000, 2)})

    async def serve(self, scope: Scope, send: Send) -> None:
        if self.token is None:
            body = b'{"error":{"code":"not_found","message":"Not found"}}'
            await _plain(send, 404, body, b"application/json")
        elif not bearer_matches(scope, self.token):
            body = b'{"error":{"code":"unauthorized","message":"A bearer token is required"}}'
            await _plain(send, 401, body, b"application/json", [(b"www-authenticate", b"Bearer")])
        else:
            await _plain(send, 200, generate_latest(REGISTRY), CONTENT_TYPE_LATEST.encode())
