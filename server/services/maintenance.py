"""Upkeep that runs inside the API process for as long as it serves: dead tokens are deleted on a
schedule (BUDGETMETER_TOKEN_PURGE_INTERVAL_SECONDS), so the tokens table holds live sessions only and
a stolen database holds no more token hashes than there are sessions. The alert mail sender
(server.services.alerts.sender) runs for as long too, in a thread of its own."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from fastapi import FastAPI

from .alerts.sender import start_mail_sender
from ..core.clock import now_s
from ..core.settings import Settings
from .signals.sweep import sweep_forever
from ..store import outbox, share_codes, staff_tokens, tokens
from ..store.db import Database, Transaction

log = logging.getLogger("budgetmeter.server")


def purge_dead(tx: Transaction, *, now: int, idle_seconds: int) -> int:
    """Households' and staff members' dead tokens, share codes used or past their 24 hours, and the
    mails of expired verification codes (also those that never went: mail is off, or was down)."""
    return (
        tokens.purge_dead(tx, now=now, idle_seconds=idle_seconds)
        + staff_tokens.purge_dead(tx, now=now, idle_seconds=idle_seconds)
        + share_codes.purge_dead(tx, now=now)
        + outbox.drop_expired_codes(tx, now=now)
    )


async def purge_tokens_forever(db: Database, settings: Settings) -> None:
    """Purges at once, then every interval. Several workers on one PostgreSQL each purge: a DELETE of
    rows already gone deletes nothing, so they need no coordination."""
    while True:
        try:
            purged = await db.write(lambda tx: purge_dead(tx, now=now_s(), idle_seconds=settings.token_idle_seconds))
            if purged:
                log.info("Purged %s expired or revoked tokens, share codes and code mails", purged)
        except Exception:
            # A store that is down now may answer next time; the server keeps serving meanwhile.
            log.exception("Purging expired tokens failed")
        await asyncio.sleep(settings.token_purge_interval_seconds)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    task = asyncio.create_task(purge_tokens_forever(app.state.db, app.state.settings))
    # Supply signals: time passing without a reading is the case that matters (server.services.signals.sweep).
    sweep = asyncio.create_task(sweep_forever(app.state.db, app.state.settings))
    # Without SMTP settings there is no sender, and the log says once that mail is off.
    mail_sender = start_mail_sender(app.state.db, app.state.settings)
    # What start-up built (the framework, the routes, the top-up point index, the postcodes) lives as
    # long as the process: frozen out of the garbage collector's full passes, which otherwise walk it
    # all every few requests that allocate much (a caseload page sorts every household): bench.caseload
    # showed p99 28-48 ms against a p50 of 9 ms with the collector on, 9 ms with it off.
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        if mail_sender is not None:
            # Joined, so a mail the SMTP server took is marked sent before the process ends.
            await asyncio.to_thread(mail_sender.stop)
        for running in (task, sweep):
            running.cancel()
            with suppress(asyncio.CancelledError):
                await running
