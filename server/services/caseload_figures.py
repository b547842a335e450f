"""The caseload read with fresh figures: each meter's status and days left as its own balance answer
gives them (server.services.balance.balance_view with the meter's history average), kept per meter in the store
(caseload_meter_figures) and recomputed only for a meter whose history changed since, or on a new day.
The order of 2,000 households is then one aggregate read, on any server process."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import caseload, history
from .balance import balance_view
from ..core.clock import now_s
from ..store import caseload as caseload_store
from ..store import signals as signal_store
from ..store.db import Database, Transaction

# Up to this many households with stale figures are recomputed and read again by id; more (a new day,
# a large import), and the whole order is read again.
_REREAD_AT_MOST = 200


def meter_figures(tx: Transaction, now: int) -> caseload.MeterFigures:
    """Status and days left of a meter row as its own balance answer gives them."""

    def figures(m: dict[str, Any]) -> tuple[str, int]:
        view, _ = balance_view(m, history.average_daily_cost(tx, m, now=now))
        return view.status, view.estimated_days_left

    return figures


def refresh_figures(tx: Transaction, organisation_id: int, *, now: int, client_ids: list[int] | None) -> None:
    """Computes and keeps the figures of the organisation's meters (of `client_ids`, None: all) that
    have none valid today: after a reading, that meter's; on a new day (the history average's 30-day
    window moved), all of them."""
    day = history.today(now).isoformat()
    rows = caseload_store.stale_meters(tx, organisation_id, day=day, client_ids=client_ids)
    caseload_store.save_figures(tx, caseload.figures(rows, meter_figures(tx, now), day=day))


async def ordered(db: Database, organisation_id: int, *, status: str | None = None) -> list[caseload.Ranked]:
    """The organisation's households, most urgent first, as light entries: one aggregate read over the
    kept figures, recomputing first those that are missing or stale. Every server process reads the
    same figures, so none rebuilds anything on its own and nothing is cached in a process."""
    now = now_s()
    day = history.today(now).isoformat()

    def read(client_ids: list[int] | None) -> Callable[[Transaction], list[dict[str, Any]]]:
        return lambda tx: caseload_store.client_order(tx, organisation_id, day=day, status=status, client_ids=client_ids)

    rows = await db.read(read(None))
    stale = [int(r["client_id"]) for r in rows if int(r["stale"])]
    if stale:
        # After a few readings only those households are recomputed and read again; on a new day, all.
        some = stale if len(stale) <= _REREAD_AT_MOST else None
        await db.write(lambda tx: refresh_figures(tx, organisation_id, now=now, client_ids=some))
        if some is None:
            rows = await db.read(read(None))
        else:
            fresh = {int(r["client_id"]): r for r in await db.read(read(some))}
            rows = [fresh.get(int(r["client_id"]), r) if int(r["stale"]) else r for r in rows]
            rows = [r for r in rows if not int(r["stale"]) or int(r["client_id"]) in fresh]  # mandate ended meanwhile
    signalled = await db.read(lambda tx: signal_store.accounts_with_open(tx, organisation_id))
    return caseload.order(rows, signalled)


def with_meters(tx: Transaction, organisation_id: int, ids: list[int] | None) -> list[caseload.CaseloadHousehold]:
    """These households (None: all of the organisation's) with their meters, in the order of `ids`."""
    now = now_s()
    by_id = caseload.clients(caseload_store.client_details(tx, organisation_id, ids))
    rows = (
        caseload_store.meters_of_organisation(tx, organisation_id)
        if ids is None
        else caseload_store.meters_of_clients(tx, ids)
    )
    caseload.attach_meters(by_id, rows, meter_figures(tx, now), day=history.today(now).isoformat())
    return list(by_id.values())
