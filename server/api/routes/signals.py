"""The staff's supply signals (issue 21): the signals of the households their organisation holds a
live mandate for, and their follow-up. Another organisation's signal is 404, like no signal at all.

A follow-up is recorded with the member's name as the server knows them, and shown in the household's
access log with its note: the household sees who looked, as with every other staff access."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from ...core.clock import now_s, to_brussels
from ..errors import ErrorEnvelope, not_found
from ...contract.schemas import MAX_ID
from ...contract.signals import Signal, SignalFollowUp, SignalPage, SignalStatus
from ..auth import StaffDep, StaffSession
from ...store import access_log
from ...store import signals as store
from ...store.db import Transaction

router = APIRouter(prefix="/api/v1/organisation/signals", tags=["signals"])
_ERRORS = {401: {"model": ErrorEnvelope, "description": "unauthorized"},
           404: {"model": ErrorEnvelope, "description": "no such signal for this organisation"}}
PAGE = 50
# Ids are 64-bit integers in both stores: a bigger one in a path would overflow the query (a 500), not
# name a signal (found by test_staff_api_fuzzing_finds_no_failures).


def _out(r: dict[str, Any]) -> Signal:
    return Signal(signal_id=int(r["id"]), client_id=int(r["account_id"]), display_name=r["display_name"], kind=r["kind"],
                  ean=r["ean"], energy=r["energy"], since=to_brussels(r["since"]), status=r["status"],
                  acknowledged_by=r["followed_up_by_name"], note=r["note"])


@router.get("", operation_id="list_organisation_signals", response_model=SignalPage, responses=_ERRORS)
async def list_signals(
    session: StaffDep,
    status: Annotated[SignalStatus | None, Query()] = None,
    cursor: Annotated[str | None, Query(max_length=18, pattern=r"^[0-9]+$")] = None,  # below the stores' 64-bit ids
) -> SignalPage:
    """Newest first."""
    rows = await session.db.read(lambda tx: store.of_organisation(
        tx, session.organisation_id, status=status, after_id=int(cursor) if cursor else None, limit=PAGE + 1))
    page = rows[:PAGE]
    return SignalPage(items=[_out(r) for r in page], next_cursor=str(page[-1]["id"]) if len(rows) > PAGE else None)


async def _follow_up(session: StaffSession, signal_id: int, status: str, note: str | None) -> Signal:
    """`note` None: none given (not an empty text in the list or the household's log)."""
    def write(tx: Transaction) -> dict[str, Any]:
        found = store.one_of_organisation(tx, session.organisation_id, signal_id)
        if found is None:
            raise not_found("No such signal for this organisation")
        now = now_s()
        store.follow_up(tx, signal_id, status=status, staff_id=session.staff_id, name=session.display_name,
                        organisation=session.organisation_name, note=note, now=now)
        access_log.record(tx, account_id=int(found["account_id"]), at=now, actor="staff", method=f"signal_{status}",
                          visitor_name=session.display_name, visitor_organisation=session.organisation_name,
                          staff_id=session.staff_id, note=note)
        return store.one_of_organisation(tx, session.organisation_id, signal_id) or found

    return _out(await session.db.write(write))


@router.post("/{signal_id}/acknowledge", operation_id="acknowledge_signal", response_model=Signal, responses=_ERRORS)
async def acknowledge_signal(signal_id: Annotated[int, Path(ge=1, le=MAX_ID)], body: SignalFollowUp, session: StaffDep) -> Signal:
    return await _follow_up(session, signal_id, "acknowledged", body.note.strip() or None)


@router.post("/{signal_id}/resolve", operation_id="resolve_signal", response_model=Signal, responses=_ERRORS)
async def resolve_signal(signal_id: Annotated[int, Path(ge=1, le=MAX_ID)], body: SignalFollowUp, session: StaffDep) -> Signal:
    return await _follow_up(session, signal_id, "resolved", body.note.strip() or None)

