"""Upkeep that runs inside the API process for as long as it serves: dead tokens are deleted on a
schedule (BUDGETMETER_TOKEN_PURGE_INTERVAL_SECONDS), so the tokens table holds live sessions only and
a stolen database holds no more token hashes than there are sessions."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from fastapi import FastAPI

from .core.clock import now_s
from .core.settings import Settings
from .store import tokens
from .store.db import Database

log = logging.getLogger("budgetmeter.server")


async def purge_tokens_forever(db: Database, settings: Settings) -> None:
    """Purges at once, then every interval. Several workers on one PostgreSQL each purge: a DELETE of
    rows already gone deletes nothing, so they need no coordination."""
    while True:
        try:
            purged = await db.write(
                lambda tx: tokens.purge_dead(tx, now=now_s(), idle_seconds=settings.token_idle_seconds)
            )
            if purged:
                log.info("Purged %s expired or revoked tokens", purged)
        except Exception:
            # A store that is down now may answer next time; the server keeps serving meanwhile.
            log.exception("Purging expired tokens failed")
        await asyncio.sleep(settings.token_purge_interval_seconds)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    task = asyncio.create_task(purge_tokens_forever(app.state.db, app.state.settings))
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
