"""Who is logged in, their meters, and who used the account."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from ...core.clock import to_brussels
from ...core.security import mask_prepaid_code
from ..auth import SessionDep
from ..errors import ErrorEnvelope, unauthorized
from ...rules.ean import reference_number
from ...contract.schemas import AccessLog, AccessLogEntry, ClaimedIdentity, HelperIdentity, Me, MeterRef
from ...store import access_log, accounts, meters

router = APIRouter(prefix="/api/v1", tags=["account"])
_AUTH_ERRORS = {401: {"model": ErrorEnvelope, "description": "unauthorized"}}


@router.get("/me", operation_id="get_me", response_model=Me, responses=_AUTH_ERRORS)
async def get_me(session: SessionDep) -> Me:
    account, rows = await session.db.read(
        lambda tx: (accounts.by_id(tx, session.account_id), meters.for_account(tx, session.account_id))
    )
    if account is None:
        raise unauthorized()
    helper = (
        HelperIdentity(name=session.helper_name, organisation=session.helper_organisation or "")
        if session.helper_name
        else None
    )
    return Me(
        display_name=account["display_name"],
        prepaid_code_masked=mask_prepaid_code(account["prepaid_code_last_digits"]),
        postal_code=account["postal_code"],
        language=account["language"],
        scope=session.scope,  # type: ignore[arg-type]
        acting_helper=helper,
        meters=[
            MeterRef(ean=m["ean"], energy=m["energy"], reference_number=reference_number(m["ean"])) for m in rows
        ],
    )


@router.get("/access-log", operation_id="get_access_log", response_model=AccessLog, responses=_AUTH_ERRORS)
async def get_access_log(
    session: SessionDep, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> AccessLog:
    """Every login to this account, newest first: a client sees when a helper acted for them."""
    rows = await session.db.read(lambda tx: access_log.for_account(tx, session.account_id, limit=limit))
    return AccessLog(items=[_entry(r) for r in rows])


def _entry(r: dict[str, Any]) -> AccessLogEntry:
    """One visit. The v1 helper log-in (a Prepaid-code and a typed name, seed 000 Vraag 8: "Via
    Prepaid-basic kunnen hulpverleners aan de hand van zijn Prepaid-code inloggen"; stored with actor
    "helper") is anyone who has the code: it says so, and the name it gave is what it said, not who
    it was (issue 20), never in the staff member's fields."""
    if r["actor"] == "helper":
        return AccessLogEntry(
            at=to_brussels(r["at"]), actor="prepaid_code", method=r["method"], helper_name=None, helper_organisation=None,
            said_to_be=ClaimedIdentity(name=r["visitor_name"] or "", organisation=r["visitor_organisation"] or ""),
            verified=False,
        )
    return AccessLogEntry(
        at=to_brussels(r["at"]), actor=r["actor"], method=r["method"], helper_name=r["visitor_name"],
        helper_organisation=r["visitor_organisation"], said_to_be=None, verified=True, note=r["note"],
    )
