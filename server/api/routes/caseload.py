"""A staff member's caseload: the households that gave the organisation a mandate, most urgent first.

Every path checks for a live mandate of the member's organisation on each request: another
organisation's household, or one whose mandate ended, answers 404 like one that does not exist.
"""

from __future__ import annotations

import hmac
from bisect import bisect_right
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Path, Query, Request, Response

from ...services import caseload, caseload_figures, history
from ...services.balance import balance_document
from ...services.caseload_sheet import machine_csv, spreadsheet_csv
from ...core import security
from ...core.clock import now_s, to_brussels
from ..errors import ApiError, ErrorEnvelope, not_found
from ...rules import share_code as share_rules
from ...rules.urgency import client_urgency
from ...rules.payment import MAX_TOPUP_CENTS, MIN_TOPUP_CENTS
from ...contract.schemas import Balance, MeterStatus, PaymentInstructions, PendingTopup, PendingTopupRequest
from ...contract.signals import CaseloadSignal
from ...contract.staff import CaseloadAdd, CaseloadAdded, CaseloadClient, CaseloadDetail, CaseloadMeter, CaseloadPage
from ..auth import StaffDep, StaffSession
from ...store import access_log, accounts, mandates, meters, share_codes, staff_alerts
from ...store import caseload as caseload_store
from ...store import signals as signal_store
from ...store import tariff as tariff_store
from ...store.db import Transaction
from .auth import POSTCODE, LoginAttempt, invalid_credentials
from .mandates import share_code_hash
from .meters import EanPath, payment_instructions_for, prepare_topup
from .tariff import tariff_document

router = APIRouter(prefix="/api/v1/caseload", tags=["caseload"])

PAGE_SIZE = 50
_ERRORS = {
    401: {"model": ErrorEnvelope, "description": "unauthorized"},
    403: {"model": ErrorEnvelope, "description": "forbidden: not a staff token, or the set-up is not done"},
}
_CLIENT_ERRORS = {
    **_ERRORS,
    404: {"model": ErrorEnvelope, "description": "not_found: no live mandate of this organisation for this client"},
    422: {"model": ErrorEnvelope, "description": "validation_error"},
}
ClientPath = Annotated[int, Path(ge=1, le=2**62, description="client_id from the caseload")]


def _live_mandate(tx: Transaction, session: StaffSession, client_id: int) -> dict[str, Any]:
    mandate = mandates.live_for(tx, organisation_id=session.organisation_id, account_id=client_id)
    if mandate is None:
        raise not_found("No such client in this organisation's caseload")
    return mandate


def _record_access(tx: Transaction, session: StaffSession, *, account_id: int, mandate_id: int, method: str, now: int) -> None:
    """The household's access log names the member and organisation as the server knows them (never as
    typed), and the mandate remembers who last used it (GET /api/v1/mandates)."""
    access_log.record(
        tx,
        account_id=account_id,
        at=now,
        actor="staff",
        method=method,
        visitor_name=session.display_name,
        visitor_organisation=session.organisation_name,
        staff_id=session.staff_id,
    )
    mandates.record_access(tx, mandate_id, staff_id=session.staff_id, now=now)


def _record_shown(tx: Transaction, session: StaffSession, client_ids: list[int], *, method: str, now: int) -> None:
    """A list or an export shows these households' figures: each household's access log says so, as
    _record_access does for one. The list (method caseload_list) is recorded once per member, household
    and Brussels day: the app reads it at every refresh, filter and page, and a log of the same look a
    hundred times a day would hide the visits that matter. Every export (caseload_export) is recorded:
    it is a copy of the figures leaving the server."""
    if method == "caseload_list":
        tx.lock(f"caseload_list:{session.staff_id}")  # two pages at once record a household once
        seen = access_log.staff_logged_since(
            tx, client_ids, staff_id=session.staff_id, method=method, since=history.midnight(history.today(now))
        )
        client_ids = [i for i in client_ids if i not in seen]
    if not client_ids:
        return
    access_log.record_many(
        tx,
        client_ids,
        at=now,
        method=method,
        staff_name=session.display_name,
        organisation_name=session.organisation_name,
        staff_id=session.staff_id,
    )
    mandates.record_access_of_organisation(tx, session.organisation_id, client_ids, staff_id=session.staff_id, now=now)


@router.post(
    "",
    operation_id="add_to_caseload",
    response_model=CaseloadAdded,
    status_code=201,
    responses={
        **_ERRORS,
        401: {"model": ErrorEnvelope, "description": "invalid_credentials: wrong, used or expired code"},
        422: {"model": ErrorEnvelope, "description": "validation_error"},
        409: {"model": ErrorEnvelope, "description": "mandate_ended: by Prepaid-code, after the household ended this organisation's mandate"},
        429: {"model": ErrorEnvelope, "description": "too_many_attempts; see Retry-After"},
    },
)
def add_to_caseload(body: CaseloadAdd, request: Request, session: StaffDep) -> CaseloadAdded:
    """A household joins the caseload with the share code it made (single use, 24 h), or, for a
    household without the app, its Prepaid-code and postcode (seed 000, Vraag 8: "Via Prepaid-basic
    kunnen hulpverleners aan de hand van zijn Prepaid-code inloggen"). Guesses are throttled as log-ins.
    By Prepaid-code, a mandate the household ended is not started again (409 `mandate_ended`) and a live
    one keeps the permissions the household gave it: only the household grants access."""
    by_share_code = body.share_code is not None
    if by_share_code == (body.prepaid_code is not None or body.postal_code is not None):
        raise ApiError(422, "validation_error", "give either share_code, or prepaid_code and postal_code")
    settings, db = session.settings, session.db
    key = settings.resolved_secret_key()
    if by_share_code:
        compact = share_rules.normalise(body.share_code or "")
        # Share codes are guessed per member; a Prepaid-code shares its throttle with the household's own log-in.
        # A code redeemed does not reset the member's count of wrong ones (issue 19).
        attempt = LoginAttempt.start(db, settings, request, "share", session.username, success_clears=False)
    else:
        code = security.normalise_prepaid_code(body.prepaid_code or "")
        postal_code = (body.postal_code or "").strip()
        if code is None or not POSTCODE.match(postal_code):
            raise ApiError(422, "validation_error", "prepaid_code (10 digits) and postal_code (4 digits) are both needed")
        attempt = LoginAttempt.start(db, settings, request, "prepaid", code)
    now = now_s()
    if by_share_code:
        with db.transaction(write=True) as tx:
            taken = share_codes.take(tx, share_code_hash(key, compact), now=now) if compact else None
        if taken is None:
            raise invalid_credentials()
        account_id, permissions, method = int(taken["account_id"]), taken["permissions"], "share_code"
    else:
        with db.transaction() as tx:
            account = accounts.by_prepaid_code_hash(tx, security.prepaid_code_hash(key, code))  # type: ignore[arg-type]
        expected = account["postal_code"] if account else "----"
        if not hmac.compare_digest(expected.encode(), postal_code.encode()) or account is None:
            raise invalid_credentials()
        # The Prepaid-code lets a helper do everything the household can (Vraag 8, 10): view and prepare,
        # for a new mandate only (server.store.mandates.grant: the household's own limits stay).
        account_id, permissions, method = int(account["id"]), share_rules.permissions_text(["prepare_topups"]), "prepaid"
    with db.transaction(write=True) as tx:
        attempt.release(tx, now=now)
        mandate_id = mandates.grant(
            tx,
            organisation_id=session.organisation_id,
            account_id=account_id,
            permissions=permissions,
            granted_via="share_code" if by_share_code else "prepaid_code",
            granted_by_staff_id=session.staff_id,
            now=now,
        )
        if mandate_id is not None:
            _record_access(tx, session, account_id=account_id, mandate_id=mandate_id, method=method, now=now)
        account = accounts.by_id(tx, account_id)
    if mandate_id is None:
        # Refused after the commit: the right code was given, so its throttle is released, and nothing
        # else was written (no mandate, no visit in the household's log).
        raise ApiError(409, "mandate_ended", "This household ended your organisation's access; only it can grant it again")
    assert account is not None
    return CaseloadAdded(client_id=account_id, display_name=account["display_name"])


def _signals_by_client(tx: Transaction, ids: list[int]) -> dict[int, list[CaseloadSignal]]:
    """The households' signals not resolved yet (open and acknowledged), oldest first (issue 21)."""
    found: dict[int, list[CaseloadSignal]] = {}
    for r in signal_store.of_accounts(tx, ids):
        found.setdefault(int(r["account_id"]), []).append(CaseloadSignal(
            signal_id=int(r["id"]), kind=r["kind"], ean=r["ean"], energy=r["energy"], since=to_brussels(r["since"]),
            status=r["status"]))
    return found


def _client_out(c: caseload.CaseloadHousehold, pending: int, new_alerts: int, signals: list[CaseloadSignal]) -> CaseloadClient:
    return CaseloadClient(
        client_id=c.client_id,
        display_name=c.display_name,
        postal_code=c.postal_code,
        prepaid_code_masked=c.prepaid_code_masked,
        urgency=c.urgency,  # type: ignore[arg-type]
        open_pending_topups=pending,
        new_alerts=new_alerts,
        permissions=c.permissions,  # type: ignore[arg-type]
        signals=signals,
        meters=[
            CaseloadMeter(
                ean=m.ean,
                energy=m.energy,  # type: ignore[arg-type]
                balance_cents=m.balance_cents,
                status=m.status,  # type: ignore[arg-type]
                estimated_days_left=m.estimated_days_left,
                updated_at=to_brussels(m.updated_at),
            )
            for m in c.meters
        ],
    )


@router.get("", operation_id="list_caseload", response_model=CaseloadPage, responses={**_ERRORS, 422: _CLIENT_ERRORS[422]})
async def list_caseload(
    session: StaffDep,
    status: Annotated[MeterStatus | None, Query(description="Only clients with a meter in this status")] = None,
    q: Annotated[str | None, Query(max_length=100, description="Part of the name, or the start of the postcode")] = None,
    cursor: Annotated[str | None, Query(max_length=400, description="next_cursor of the previous page")] = None,
    days_left_at_most: Annotated[int | None, Query(ge=0, le=10_000, description="Only clients with a meter this close to empty")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = PAGE_SIZE,
) -> CaseloadPage:
    """Households with a supply signal nobody followed up yet first, then most urgent first:
    interrupted, minimum supply, emergency credit, then fewest days left. Each household listed sees it
    in its access log (once per member and day)."""
    after = caseload.decode_cursor(cursor) if cursor else None
    if cursor and after is None:
        raise ApiError(422, "validation_error", "cursor: not a cursor of this list")
    entries = [e for e in await caseload_figures.ordered(session.db, session.organisation_id, status=status) if caseload.matches(e, q=q, days_left_at_most=days_left_at_most)]
    start = bisect_right([e.sort_key for e in entries], after) if after else 0
    page = entries[start : start + limit]
    more = start + limit < len(entries)
    ids = [e.client_id for e in page]

    now = now_s()
    today = history.midnight(history.today(now))

    def details(tx: Transaction) -> tuple[list[caseload.CaseloadHousehold], dict[int, int], dict[int, int], set[int], dict]:
        return (
            caseload_figures.with_meters(tx, session.organisation_id, ids),
            caseload_store.open_pending_counts(tx, ids),
            caseload_store.new_alert_counts(tx, session.organisation_id, session.staff_id, ids),
            access_log.staff_logged_since(tx, ids, staff_id=session.staff_id, method="caseload_list", since=today),
            _signals_by_client(tx, ids),
        )

    clients, pending, new_alerts, logged, signals = await session.db.read(details)
    by_id = {c.client_id: c for c in clients}  # a mandate ended since the order was read: left out
    unlogged = [i for i in ids if i in by_id and i not in logged]
    if unlogged:  # after the first look of the day at this page, a read only
        await session.db.write(lambda tx: _record_shown(tx, session, unlogged, method="caseload_list", now=now))
    return CaseloadPage(
        clients=[_client_out(by_id[i], pending.get(i, 0), new_alerts.get(i, 0), signals.get(i, [])) for i in ids if i in by_id],
        next_cursor=caseload.encode_cursor(page[-1]) if more and page else None,
    )


@router.get(
    "/export.csv",
    operation_id="export_caseload",
    response_class=Response,
    responses={**_ERRORS, 200: {"content": {"text/csv": {}}, "description": "One row per meter, most urgent first"}},
)
async def export_caseload(
    session: StaffDep,
    form: Annotated[
        Literal["machine", "spreadsheet"],
        Query(description="machine (default): commas, English column names, cents. spreadsheet: for a Belgian "
              "spreadsheet, semicolons, a UTF-8 byte order mark, euros with a decimal comma, headers in `language`"),
    ] = "machine",
    language: Annotated[
        Literal["nl", "fr", "de", "en"] | None,
        Query(description="The spreadsheet form's language; default: the member's digest language, else nl"),
    ] = None,
) -> Response:
    """The whole caseload for the organisation's own records: one row per meter (a household without
    meters: one row with the meter columns empty), in the caseload's order. Each household's access
    log records the export."""
    order = [e.client_id for e in await caseload_figures.ordered(session.db, session.organisation_id)]

    def read(tx: Transaction) -> tuple[list[caseload.CaseloadHousehold], dict[int, int], dict[int, list[CaseloadSignal]], str | None]:
        saved = staff_alerts.settings_of(tx, session.staff_id) if form == "spreadsheet" and language is None else None
        return (caseload_figures.with_meters(tx, session.organisation_id, None), caseload_store.open_pending_counts(tx, order), _signals_by_client(tx, order),
                saved and saved["language"])

    everyone, pending, signals, saved_language = await session.db.read(read)
    by_id = {c.client_id: c for c in everyone}
    clients = [by_id[i] for i in order if i in by_id]
    shown = [c.client_id for c in clients]
    await session.db.write(lambda tx: _record_shown(tx, session, shown, method="caseload_export", now=now_s()))

    def signal_kinds(client_id: int, ean: str) -> list[str]:
        return [s.kind for s in signals.get(client_id, []) if s.ean == ean]

    if form == "spreadsheet":
        return Response(
            spreadsheet_csv(clients, pending, language or saved_language or "nl", signal_kinds),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="caseload.csv"'},
        )
    return Response(
        machine_csv(clients, pending, signal_kinds),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="caseload.csv"'},
    )


@router.get("/{client_id:int}", operation_id="get_caseload_client", response_model=CaseloadDetail, responses=_CLIENT_ERRORS)
async def get_caseload_client(client_id: ClientPath, session: StaffDep) -> CaseloadDetail:
    """The household's meters with their balances and its social tariff, as the household sees them.
    Each look is recorded in the household's access log."""
    now = now_s()

    def read(tx: Transaction) -> tuple[dict, dict, list, list, dict, list]:
        mandate = _live_mandate(tx, session, client_id)
        account = accounts.by_id(tx, client_id)
        assert account is not None
        _record_access(tx, session, account_id=client_id, mandate_id=int(mandate["id"]), method="caseload", now=now)
        # Opening the file clears the client's "new alerts" mark in this member's caseload (issue 11).
        caseload_store.mark_seen(
            tx, staff_id=session.staff_id, organisation_id=session.organisation_id, account_id=client_id, now=now
        )
        rows = meters.for_account(tx, client_id)
        return (
            mandate,
            account,
            rows,
            tariff_store.for_account(tx, client_id),
            caseload_store.open_pending_counts(tx, [client_id]),
            [history.average_daily_cost(tx, m, now=now) for m in rows],
        )

    mandate, account, rows, tariff_rows, pending, averages = await session.db.write(read)
    balances = [Balance.model_validate(balance_document(m, average)) for m, average in zip(rows, averages)]
    urgency, _, _ = client_urgency((b.status, b.estimated_days_left) for b in balances)
    return CaseloadDetail(
        client_id=client_id,
        display_name=account["display_name"],
        postal_code=account["postal_code"],
        prepaid_code_masked=security.mask_prepaid_code(account["prepaid_code_last_digits"]),
        language=account["language"],
        urgency=urgency,  # type: ignore[arg-type]
        open_pending_topups=pending.get(client_id, 0),
        permissions=share_rules.permissions_list(mandate["permissions"]),  # type: ignore[arg-type]
        meters=balances,
        tariff=tariff_document(account, tariff_rows),
    )


def _client_meter(tx: Transaction, session: StaffSession, client_id: int, ean: str) -> tuple[dict, dict]:
    mandate = _live_mandate(tx, session, client_id)
    meter = meters.get(tx, client_id, ean)
    if meter is None:
        raise not_found("No such meter for this client")
    return mandate, meter


@router.get(
    "/{client_id:int}/meters/{ean}/payment-instructions",
    operation_id="get_caseload_payment_instructions",
    response_model=PaymentInstructions,
    responses=_CLIENT_ERRORS,
)
async def caseload_payment_instructions(
    client_id: ClientPath,
    ean: EanPath,
    session: StaffDep,
    amount_cents: Annotated[int | None, Query(ge=MIN_TOPUP_CENTS, le=MAX_TOPUP_CENTS)] = None,
) -> PaymentInstructions:
    """As the household's own: the transfer with the meter's reference number ("betalen", seed 000, Vraag 10)."""
    _, meter = await session.db.read(lambda tx: _client_meter(tx, session, client_id, ean))
    return payment_instructions_for(meter, session.settings, amount_cents)


@router.post(
    "/{client_id:int}/meters/{ean}/pending-topups",
    operation_id="create_caseload_pending_topup",
    response_model=PendingTopup,
    status_code=201,
    responses={
        **_CLIENT_ERRORS,
        200: {"model": PendingTopup, "description": "Replay of an earlier request with the same Idempotency-Key"},
        403: {"model": ErrorEnvelope, "description": "forbidden: the mandate does not allow preparing top-ups"},
        409: {"model": ErrorEnvelope, "description": "conflict: the key was used with another request"},
    },
)
async def caseload_pending_topup(
    client_id: ClientPath,
    ean: EanPath,
    body: PendingTopupRequest,
    response: Response,
    session: StaffDep,
    idempotency_key: Annotated[
        str, Header(alias="Idempotency-Key", pattern=r"^[A-Za-z0-9._:\-]{8,128}$", description="One per intended preparation")
    ],
) -> PendingTopup:
    """Prepares a top-up ("klaarzetten") for the household (seed 000, Vraag 17: "betalen + klaarzetten!"), recorded with the
    staff member and organisation as the server knows them. Needs the mandate's `prepare_topups`."""
    now = now_s()
    mandates_seen: list[dict] = []

    def allowed(tx: Transaction) -> None:
        # In the preparation's own transaction: a mandate ended a moment ago prepares nothing.
        mandate, _ = _client_meter(tx, session, client_id, ean)
        if "prepare_topups" not in share_rules.permissions_list(mandate["permissions"]):
            raise ApiError(403, "forbidden", "This client's mandate allows viewing only")
        mandates_seen.append(mandate)

    return await prepare_topup(
        session.db,
        account_id=client_id,
        ean=ean,
        amount_cents=body.amount_cents,
        idempotency_key=idempotency_key,
        prepared_by=f"{session.display_name} ({session.organisation_name})",
        response=response,
        before=allowed,
        after=lambda tx: _record_access(
            tx, session, account_id=client_id, mandate_id=int(mandates_seen[-1]["id"]), method="caseload", now=now
        ),
    )
