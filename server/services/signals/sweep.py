"""The sweep: one pass over every meter that could start a signal now, because time passing without
a reading is the case that matters (a meter that went off and sends nothing more). It runs in the
server's lifespan and in `budgetmeter-server worker` at least every 15 minutes
(BUDGETMETER_SIGNAL_SWEEP_INTERVAL_SECONDS), and once on `budgetmeter-server sweep`. Several may run
at once on one PostgreSQL store: the unique (ean, kind, episode) keeps one signal per episode. The same
pass prepares the winter support amounts that are due (server.services.winter_support.prepare)."""

from __future__ import annotations

import asyncio
import logging
import threading

from ...core.clock import now_s
from ...core.settings import Settings
from ...store.db import Database
from ..winter_support.prepare import prepare_due
from .judge import judge

log = logging.getLogger("budgetmeter.signals")


def sweep_once(db: Database, settings: Settings) -> int:
    """One pass in one write transaction; the number of new signals. Then the winter support amounts
    due (transactions of their own: a failure of one never holds back the other)."""
    return sweep_pass(db, settings)[0]


def sweep_pass(db: Database, settings: Settings) -> tuple[int, int]:
    """One pass: (new supply signals, winter support amounts prepared)."""
    now = now_s()
    try:
        with db.transaction(write=True) as tx:
            new = judge(tx, settings, now=now)
    finally:
        prepared = prepare_due(db, now=now)
    if new:
        log.info("Sweep: %s new supply signals", len(new))
    return len(new), prepared


async def sweep_forever(db: Database, settings: Settings) -> None:
    """In the server's lifespan: at once, then every interval; a failure is logged and tried again."""
    while True:
        try:
            await asyncio.to_thread(sweep_once, db, settings)
        except Exception:
            log.exception("The supply-signal sweep failed; it tries again")
        await asyncio.sleep(settings.signal_sweep_interval_seconds)


def sweep_thread(db: Database, settings: Settings, stop: threading.Event) -> threading.Thread:
    """In `budgetmeter-server worker`: the same loop in a thread, until `stop` is set."""

    def run() -> None:
        while not stop.is_set():
            try:
                sweep_once(db, settings)
            except Exception:
                log.exception("The supply-signal sweep failed; it tries again")
            stop.wait(settings.signal_sweep_interval_seconds)

    thread = threading.Thread(target=run, name="signal-sweep", daemon=True)
    thread.start()
    return thread
