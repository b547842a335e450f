"""The one middleware around the API: every request passes this single pure-ASGI layer, which

1. serves `GET /metrics` (server.api.metrics) and counts and times every other answer;
2. answers the plain balance read itself (server.api.fastpath) before the framework;
3. bounds the request body before any route or authentication reads it (server.api.limits);
4. marks every `/api/` answer with Cache-Control: no-store and nosniff (server.api.headers).

One layer rather than four: each layer of an ASGI stack is a coroutine call and, for the ones that
watch the answer, a wrapped `send` per message, on every request (bench/visit_load.py measures a
whole visit). The order of the four steps is the order the layers had, outermost first.
"""

from __future__ import annotations

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..core.settings import Settings
from ..store.db import Database
from .fastpath import ROUTE as BALANCE_ROUTE
from .fastpath import BalanceFastPath
from .headers import RAW_API_HEADERS, is_api_path, with_api_headers
from .limits import BodyLimit
from .metrics import METRICS_PATH, ROUTE_KEY, RequestMetrics


class ApiGate:
    def __init__(self, app: ASGIApp, *, settings: Settings, db: Database, fast_balance: bool = True) -> None:
        self.app = app
        self.metrics = RequestMetrics(settings.metrics_token, db, request_lines=settings.log_format == "json")
        self.fast_balance = BalanceFastPath() if fast_balance else None
        self.body_limit = BodyLimit(settings.max_body_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path == METRICS_PATH:
            await self.metrics.serve(scope, send)
            return
        started = time.perf_counter()
        status = 500  # what the server answers when the app raised before it started an answer
        recorded = False

        def record() -> None:
            # Before the answer's last bytes leave: whoever has read an answer finds it counted at
            # the next scrape (counting after, a client's scrape raced the count).
            nonlocal recorded
            if not recorded:
                recorded = True
                self.metrics.record(scope, status, started)

        try:
            if self.fast_balance is not None and (body := await self.fast_balance.answer(scope)) is not None:
                scope[ROUTE_KEY] = BALANCE_ROUTE
                status = 200
                headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
                await send({"type": "http.response.start", "status": 200, "headers": headers + RAW_API_HEADERS})
                record()
                await send({"type": "http.response.body", "body": body})
                return
            api = is_api_path(path)

            async def send_marked(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                    if api:
                        message = with_api_headers(message)
                elif message["type"] == "http.response.body" and not message.get("more_body", False):
                    record()
                await send(message)

            bounded = await self.body_limit.admit(scope, receive, send_marked)
            if bounded is not None:
                await self.app(scope, bounded, send_marked)
        finally:
            record()
