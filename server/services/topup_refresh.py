"""Every server process serves the operator's newest top-up point set within seconds, no restart.

A daemon thread polls the store's counter of the set (server.store.change_counters) every
POLL_SECONDS; when it moved, the thread builds a new index from the store, off the request path,
and swaps it in with one attribute assignment, so a request sees the old index or the new one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from ..store import change_counters
from ..store.db import Database

log = logging.getLogger("budgetmeter.server")
POLL_SECONDS = 2.0


def start_topup_refresh(app: Any, db: Database, build: Callable[[Database], Any]) -> threading.Event:
    """Starts the poller; setting the returned event stops it."""
    stop = threading.Event()
    with db.transaction() as tx:
        seen = change_counters.version(tx, change_counters.TOPUP_POINTS)

    def run() -> None:
        nonlocal seen
        while not stop.wait(POLL_SECONDS):
            try:
                with db.transaction() as tx:
                    current = change_counters.version(tx, change_counters.TOPUP_POINTS)
                if current == seen:
                    continue
                app.state.topup_index = build(db)
                seen = current
                log.info("Top-up points reloaded: version %s, %s points", current, len(app.state.topup_index))
            except Exception:  # keep serving the old set; try again at the next poll
                log.exception("Top-up points could not be reloaded")

    threading.Thread(target=run, name="topup-refresh", daemon=True).start()
    return stop
