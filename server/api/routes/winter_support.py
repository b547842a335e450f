"""Winter support (issue 21): the household asks an OCMW that holds its mandate for free gas, the
OCMW's staff decide and may stop a grant, and the sweep prepares each amount (server.services.winter_support).

seed 001, "Minimale levering aardgas": "1. U maakt een afspraak met de sociale dienst. 2. U brengt
volgende documenten mee: ..." (the checklist) "... 5. De maatschappelijk werker onderzoekt of u recht
heeft op gratis aardgas. 6. Na het onderzoek krijgt u een brief van het OCMW." (the decision).

Every refusal has a stable code and changes nothing: each check runs in the write's transaction before
anything is written, and an error rolls the transaction back."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from ...core.clock import BRUSSELS, now_s, to_brussels
from ..auth import SessionDep
from ..errors import ApiError, ErrorEnvelope, not_found
from ...rules import winter_support as rules
from ...contract.winter_support import MAX_ID, NextPreparation, OrganisationWinterRequest, OrganisationWinterRequestPage, RequestStatus, WinterDecision, WinterGrant, WinterGrantStop, WinterLedger, WinterPreparation, WinterSupportOverview, WinterSupportRequest, WinterSupportRequestCreate, WinterSupportRequestCreated
from ..auth import StaffDep, StaffSession
from ...store import accounts, mandates, meters
from ...store import winter_support as store
from ...store.db import Transaction
from ...services.winter_support import words
from ...services.winter_support.ledger import ledger, ledger_csv
from ...services.winter_support.notice import tell_decision, tell_stop

router = APIRouter(prefix="/api/v1/winter-support", tags=["winter support"])
staff_router = APIRouter(prefix="/api/v1/organisation/winter-support", tags=["winter support"])

_AUTH = {401: {"model": ErrorEnvelope, "description": "unauthorized"},
         422: {"model": ErrorEnvelope, "description": "validation_error"}}
_NOT_FOUND = {404: {"model": ErrorEnvelope, "description": "not_found: no such request or grant of this organisation"}}
_NO_MANDATE = {403: {"model": ErrorEnvelope, "description": "no_mandate: the organisation holds no live mandate of the household"}}
PAGE = 50


def no_mandate() -> ApiError:
    return ApiError(403, "no_mandate", "The organisation holds no live mandate of this household")


# --- answers ----------------------------------------------------------------------------------------

def _day(value: str) -> date:
    return date.fromisoformat(value)


def grant_out(g: dict[str, Any], preparations: list[dict[str, Any]]) -> WinterGrant:
    if g["stopped_at"] is not None:
        status = "stopped"
    else:
        status = "active" if g["next_due_at"] is not None else "ended"
    nxt = None
    if g["next_due_at"] is not None:
        at = to_brussels(int(g["next_due_at"]))
        nxt = NextPreparation(date=at.date(), amount_cents=int(g["amount_cents"]), at=at)
    return WinterGrant(
        grant_id=int(g["id"]), request_id=int(g["request_id"]), organisation_id=int(g["organisation_id"]),
        organisation=g["organisation_name"], ean=g["ean"], amount_cents=int(g["amount_cents"]),
        every_days=int(g["every_days"]), first_date=_day(g["first_date"]), last_date=_day(g["last_date"]),
        status=status, created_at=to_brussels(int(g["created_at"])),
        stopped_at=to_brussels(int(g["stopped_at"])) if g["stopped_at"] is not None else None,
        stopped_by=g["stopped_by_name"], stop_reason=g["stop_reason"], next_preparation=nxt,
        preparations=[
            WinterPreparation(pending_topup_id=int(p["pending_topup_id"]), due_date=_day(p["due_date"]),
                              amount_cents=int(p["amount_cents"]), prepared_at=to_brussels(int(p["prepared_at"])),
                              status=p["status"], loaded_at=to_brussels(int(p["loaded_at"])) if p["loaded_at"] else None)
            for p in preparations if p["pending_topup_id"] is not None
        ],
    )


def _request_fields(r: dict[str, Any]) -> dict[str, Any]:
    return dict(
        request_id=int(r["id"]), organisation_id=int(r["organisation_id"]), organisation=r["organisation_name"],
        household_size=int(r["household_size"]), message=r["message"], status=r["status"],
        created_at=to_brussels(int(r["created_at"])),
        decided_at=to_brussels(int(r["decided_at"])) if r["decided_at"] is not None else None,
        decided_by=r["decided_by_name"], reason=r["reason"],
    )


def _grants_by_request(tx: Transaction, request_ids: list[int]) -> dict[int, WinterGrant]:
    grants = store.grants_of_requests(tx, request_ids)
    preparations = store.preparations_of(tx, [int(g["id"]) for g in grants.values()])
    return {request_id: grant_out(g, preparations[int(g["id"])]) for request_id, g in grants.items()}


def _gas_meter(tx: Transaction, account_id: int) -> str | None:
    return next((m["ean"] for m in meters.for_account(tx, account_id) if m["energy"] == "gas"), None)


def _organisation_items(tx: Transaction, rows: list[dict[str, Any]]) -> list[OrganisationWinterRequest]:
    grants = _grants_by_request(tx, [int(r["id"]) for r in rows])
    gas = {int(r["account_id"]): _gas_meter(tx, int(r["account_id"])) is not None for r in rows}
    return [OrganisationWinterRequest(**_request_fields(r), client_id=int(r["account_id"]), display_name=r["display_name"],
                                      has_gas_meter=gas[int(r["account_id"])], grant=grants.get(int(r["id"])))
            for r in rows]


# --- the household ----------------------------------------------------------------------------------

@router.post(
    "/requests", operation_id="create_winter_support_request", status_code=201,
    response_model=WinterSupportRequestCreated,
    responses={**_AUTH, **_NO_MANDATE,
               409: {"model": ErrorEnvelope, "description": "already_requested: a request to this organisation awaits its decision"}},
)
async def create_request(body: WinterSupportRequestCreate, session: SessionDep) -> WinterSupportRequestCreated:
    """To an organisation that holds the household's live mandate. The answer holds seed 001's
    checklist of documents to bring, in the household's language."""
    now = now_s()

    def write(tx: Transaction) -> tuple[int, str]:
        if mandates.live_for(tx, organisation_id=body.organisation_id, account_id=session.account_id) is None:
            raise no_mandate()
        tx.lock(f"winter_request_of:{session.account_id}:{body.organisation_id}")  # two taps make one request
        if store.open_request(tx, account_id=session.account_id, organisation_id=body.organisation_id):
            raise ApiError(409, "already_requested", "A request to this organisation awaits its decision")
        message = (body.message or "").strip() or None
        request_id = store.create_request(tx, account_id=session.account_id, organisation_id=body.organisation_id,
                                          household_size=body.household_size, message=message, now=now)
        account = accounts.by_id(tx, session.account_id) or {}
        return request_id, account.get("language") or "nl"

    request_id, language = await session.db.write(write)
    return WinterSupportRequestCreated(request_id=request_id, status="requested", checklist=words.checklist(language))  # type: ignore[arg-type]


@router.get("", operation_id="get_winter_support", response_model=WinterSupportOverview, responses=_AUTH)
async def get_winter_support(session: SessionDep) -> WinterSupportOverview:
    """The household's requests (newest first) and grants, each grant with its next preparation."""

    def read(tx: Transaction) -> tuple[list[dict[str, Any]], dict[int, WinterGrant], str]:
        rows = store.requests_of_account(tx, session.account_id)
        account = accounts.by_id(tx, session.account_id) or {}
        return rows, _grants_by_request(tx, [int(r["id"]) for r in rows]), account.get("language") or "nl"

    rows, grants, language = await session.db.read(read)
    return WinterSupportOverview(
        requests=[WinterSupportRequest(**_request_fields(r)) for r in rows],
        grants=[grants[int(r["id"])] for r in rows if int(r["id"]) in grants],
        checklist=words.checklist(language),  # type: ignore[arg-type]
    )


# --- the organisation's staff -----------------------------------------------------------------------

@staff_router.get("/requests", operation_id="list_winter_support_requests", response_model=OrganisationWinterRequestPage,
                  responses=_AUTH)
async def list_requests(
    session: StaffDep,
    status: Annotated[RequestStatus | None, Query()] = None,
    cursor: Annotated[str | None, Query(max_length=18, pattern=r"^[0-9]+$")] = None,
) -> OrganisationWinterRequestPage:
    """The requests to this organisation, newest first, each with its grant when approved."""

    def read(tx: Transaction) -> tuple[list[OrganisationWinterRequest], bool]:
        rows = store.requests_of_organisation(tx, session.organisation_id, status=status,
                                              before_id=int(cursor) if cursor else None, limit=PAGE + 1)
        return _organisation_items(tx, rows[:PAGE]), len(rows) > PAGE

    items, more = await session.db.read(read)
    return OrganisationWinterRequestPage(items=items, next_cursor=str(items[-1].request_id) if more else None)


def _decide(tx: Transaction, session: StaffSession, request_id: int, body: WinterDecision, now: int) -> None:
    found = store.request_of_organisation(tx, session.organisation_id, request_id, lock=True)
    if found is None:
        raise not_found("No such request to this organisation")
    if found["status"] != "requested":
        raise ApiError(409, "already_decided", "This request was decided already")
    account_id = int(found["account_id"])
    if mandates.live_for(tx, organisation_id=session.organisation_id, account_id=account_id) is None:
        raise no_mandate()
    reason = body.reason.strip()
    ean = None
    if body.approved:
        if body.amount_cents is None:
            raise ApiError(422, "validation_error", "amount_cents: needed to approve")
        ean = _gas_meter(tx, account_id)
        if ean is None:
            raise ApiError(409, "no_gas_meter", "The household has no gas meter to prepare free gas for")
        today = to_brussels(now).date()
        first_default, last_default = rules.default_dates(body.first_date or today)
        first, last = body.first_date or first_default, body.last_date or last_default
        problem = rules.dates_problem(first, last, today)
        if problem is not None:
            raise ApiError(422, "invalid_dates", problem)
        # The first date's 08:00 even when it has passed today: the next sweep prepares it.
        store.create_grant(
            tx, request_id=request_id, account_id=account_id, organisation_id=session.organisation_id, ean=ean,
            amount_cents=body.amount_cents, every_days=body.every_days, first_date=first.isoformat(),
            last_date=last.isoformat(), next_due_at=int(rules.due_at(first, BRUSSELS).timestamp()), now=now,
        )
    store.decide(tx, request_id, approved=body.approved, staff_id=session.staff_id, name=session.display_name,
                 reason=reason, now=now)
    tell_decision(tx, request_id, ean=ean, now=now)


@staff_router.post(
    "/requests/{request_id}/decision", operation_id="decide_winter_support_request",
    response_model=OrganisationWinterRequest,
    responses={**_AUTH, **_NOT_FOUND, **_NO_MANDATE,
               409: {"model": ErrorEnvelope, "description": "already_decided, or no_gas_meter: the household has no gas meter"},
               422: {"model": ErrorEnvelope, "description": "validation_error, or invalid_dates: first_date before today, "
                     "or first_date to last_date not 1 to 366 days"}},
)
async def decide_request(request_id: Annotated[int, Path(ge=1, le=MAX_ID)], body: WinterDecision,
                         session: StaffDep) -> OrganisationWinterRequest:
    """The decision (the "brief"): approved with an amount every N days between two dates (default: the
    winter period, from today when it has begun), or refused; the household gets it as a notice and a
    mail in its language."""
    now = now_s()

    def write(tx: Transaction) -> OrganisationWinterRequest:
        _decide(tx, session, request_id, body, now)
        row = store.request_of_organisation(tx, session.organisation_id, request_id)
        assert row is not None
        return _organisation_items(tx, [row])[0]

    return await session.db.write(write)


@staff_router.post(
    "/grants/{grant_id}/stop", operation_id="stop_winter_support_grant", response_model=WinterGrant,
    responses={**_AUTH, **_NOT_FOUND, 409: {"model": ErrorEnvelope, "description": "grant_stopped: stopped already"}},
)
async def stop_grant(grant_id: Annotated[int, Path(ge=1, le=MAX_ID)], body: WinterGrantStop, session: StaffDep) -> WinterGrant:
    """No further amounts are prepared; those prepared already stay for the back office to load. The
    household is told, by notice and mail, with the reason."""
    now = now_s()

    def write(tx: Transaction) -> WinterGrant:
        found = store.grant_of_organisation(tx, session.organisation_id, grant_id, lock=True)
        if found is None:
            raise not_found("No such grant of this organisation")
        if not store.stop(tx, grant_id, staff_id=session.staff_id, name=session.display_name,
                          reason=body.reason.strip(), now=now):
            raise ApiError(409, "grant_stopped", "This grant was stopped already")
        g = store.grant_of_organisation(tx, session.organisation_id, grant_id)
        assert g is not None
        tell_stop(tx, int(g["request_id"]), ean=g["ean"], now=now)
        return grant_out(g, store.preparations_of(tx, [grant_id])[grant_id])

    return await session.db.write(write)


# --- the ledger -------------------------------------------------------------------------------------

SeasonQuery = Annotated[int | None, Query(ge=2000, le=2099, description="Season N: 1 July N to 30 June N + 1, "
                                          "holding the winter period from 1 December N; default: today's")]


async def _ledger(session: StaffSession, season: int | None) -> WinterLedger:
    chosen = season if season is not None else rules.season_of(to_brussels(now_s()).date())
    return await session.db.read(lambda tx: ledger(tx, session.organisation_id, chosen))


@staff_router.get("/ledger", operation_id="get_winter_support_ledger", response_model=WinterLedger, responses=_AUTH)
async def get_ledger(session: StaffDep, season: SeasonQuery = None) -> WinterLedger:
    """Per grant and due date of the season: household, EAN, amount, prepared_at, loaded_at, status
    (scheduled, prepared, loaded); and the season's totals."""
    return await _ledger(session, season)


@staff_router.get(
    "/ledger.csv", operation_id="export_winter_support_ledger", response_class=Response,
    responses={**_AUTH, 200: {"content": {"text/csv": {}}, "description": "The ledger for a spreadsheet: UTF-8 with "
                                 "a byte order mark, ';' between fields, one line per total at the end"}},
)
async def export_ledger(session: StaffDep, season: SeasonQuery = None) -> Response:
    book = await _ledger(session, season)
    return Response(ledger_csv(book), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="winter-support-{book.season}.csv"'})
