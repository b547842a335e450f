"""The hottest read, answered before the framework: `GET /api/v1/meters/{ean}/balance`.

A client's app asks for each meter's balance on every start, refresh and switch. Through FastAPI the
middleware stack, routing and dependency resolution cost more than the look-up behind the answer
(bench/api_load.py measures it against a bare Starlette endpoint), so this ASGI layer answers the
plain case itself (called by server.api.gate, the one middleware), with one query that reads the token
and the meter together:

* a live token of this account and a meter of this account: 200 with the documented Balance
  document (server.services.balance.balance_document, the same function the route uses);
* anything else (no or unknown token, expired, revoked, a token whose idle clock needs a write, a
  meter of another account, a malformed path): the request goes on to the documented FastAPI route,
  which gives the contract's answer and error envelope. So error behaviour lives in one place, and
  a fast answer is only ever one the route would have given.

The header is read, and the token judged live, by the functions the route's dependency uses
(core.security.bearer_token, core.token_life); only the one query is this layer's own.
tests/api/test_fastpath_agrees.py checks on generated meters, tokens, headers and clocks that both
answers are the same bytes.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from ..services import history
from ..services.balance import balance_document
from ..core.clock import now_s
from ..core.security import bearer_token, token_hash
from ..core.token_life import is_live, needs_touch
from ..store import meters
from ..store.db import Transaction

PREFIX = "/api/v1/meters/"
SUFFIX = "/balance"
ROUTE = PREFIX + "{ean}" + SUFFIX  # the documented route's template


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


class BalanceFastPath:
    def __init__(self) -> None:
        self._app_seen: Any = None
        self._db: Any = None
        self._idle = 0

    async def answer(self, scope: dict) -> bytes | None:
        """The balance document of a plain `GET .../balance` as JSON bytes, or None: the route answers."""
        path: str = scope["path"]
        if scope["method"] != "GET" or not (path.startswith(PREFIX) and path.endswith(SUFFIX)):
            return None
        return await self._answer(scope, path[len(PREFIX) : -len(SUFFIX)])

    async def _answer(self, scope: dict, ean: str) -> bytes | None:
        if not 1 <= len(ean) <= 64 or "/" in ean:
            return None
        token = bearer_token(scope)
        if token is None:
            return None
        app = scope["app"]
        if app is not self._app_seen:  # the store and settings of the app this layer wraps, read once
            self._app_seen, self._db, self._idle = app, app.state.db, app.state.settings.token_idle_seconds
        db, idle = self._db, self._idle
        hashed = token_hash(token)
        now = now_s()

        def look_up(tx: Transaction) -> dict[str, Any] | None:
            row = meters.with_live_token(tx, hashed, ean)
            # A token whose idle clock is due a write goes to the route, which writes it.
            if row is None or not is_live(row, now=now, idle_seconds=idle) or needs_touch(row, now=now, idle_seconds=idle):
                return None
            # The history average is cached per process by the meter's history_version: no query
            # here but on the first ask after a change.
            return balance_document(row, history.average_daily_cost(tx, row, now=now))

        document = await db.read(look_up)
        if document is None:
            return None
        return json.dumps(document, separators=(",", ":"), ensure_ascii=False, default=_iso).encode()
