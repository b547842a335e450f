"""Balance, top-up history, how to pay, and preparing a top-up ("klaarzetten")."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Response

from ...core.clock import now_s, to_brussels
from ...core.settings import Settings
from ..auth import Session, SessionDep
from ..errors import ApiError, ErrorEnvelope, not_found
from ...services import history
from ...services.balance import balance_document
from ...rules.ean import reference_number
from ...rules.payment import MAX_TOPUP_CENTS, MIN_TOPUP_CENTS, epc_qr_payload
from ...contract.schemas import Balance, PaymentInstructions, PendingTopup, PendingTopupRequest, Topup, TopupPage
from ...store import meters, pending_topups
from ...store.db import Database, Transaction

router = APIRouter(prefix="/api/v1/meters", tags=["meters"])

EanPath = Annotated[str, Path(min_length=1, max_length=64, description="The meter's 18-digit EAN")]
_ERRORS = {
    401: {"model": ErrorEnvelope, "description": "unauthorized"},
    404: {"model": ErrorEnvelope, "description": "not_found: no such meter on this account"},
    422: {"model": ErrorEnvelope, "description": "validation_error"},
}


def _meter(tx: Transaction, session_account: int, ean: str) -> dict[str, Any]:
    meter = meters.get(tx, session_account, ean)
    if meter is None:
        # Another client's meter answers exactly like a meter that does not exist.
        raise not_found("No such meter on this account")
    return meter


@router.get("/{ean}/balance", operation_id="get_meter_balance", response_model=Balance, responses=_ERRORS)
async def get_balance(ean: EanPath, session: SessionDep) -> Balance:
    """The balance and what it means for supply. Served by server.api.fastpath (same function, without
    FastAPI's per-request dependency resolution): this is the most requested answer."""
    return await balance_of(session, ean)


async def balance_of(session: Session, ean: str) -> Balance:
    now = now_s()

    def read(tx: Transaction) -> dict[str, Any]:
        meter = _meter(tx, session.account_id, ean)
        return balance_document(meter, history.average_daily_cost(tx, meter, now=now))

    return Balance.model_validate(await session.db.read(read))


# A cursor is "<time>-<id>" of the last item seen: every string the schema allows is one, so a
# client can never hold a cursor that the server cannot read.
CURSOR_PATTERN = r"^[0-9]{1,12}-[0-9]{1,18}$"


def _encode_cursor(at: int, row_id: int) -> str:
    return f"{at}-{row_id}"


def _decode_cursor(cursor: str) -> tuple[int, int]:
    at, row_id = cursor.split("-")
    return int(at), int(row_id)


@router.get("/{ean}/topups", operation_id="list_meter_topups", response_model=TopupPage, responses=_ERRORS)
async def list_topups(
    ean: EanPath,
    session: SessionDep,
    cursor: Annotated[str | None, Query(pattern=CURSOR_PATTERN, description="next_cursor of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> TopupPage:
    before = _decode_cursor(cursor) if cursor else None

    def page(tx: Transaction) -> list[dict[str, Any]]:
        _meter(tx, session.account_id, ean)
        return meters.topups_page(tx, ean, before=before, limit=limit + 1)

    rows = await session.db.read(page)
    more = len(rows) > limit
    rows = rows[:limit]
    return TopupPage(
        items=[
            Topup(
                id=r["id"],
                amount_cents=r["amount_cents"],
                channel=r["channel"],
                location=r["location"],
                at=to_brussels(r["at"]),
                pending_topup_id=r["pending_topup_id"],
            )
            for r in rows
        ],
        next_cursor=_encode_cursor(rows[-1]["at"], rows[-1]["id"]) if more and rows else None,
    )


@router.get(
    "/{ean}/payment-instructions",
    operation_id="get_payment_instructions",
    response_model=PaymentInstructions,
    responses=_ERRORS,
)
async def payment_instructions(
    ean: EanPath,
    session: SessionDep,
    amount_cents: Annotated[int | None, Query(ge=MIN_TOPUP_CENTS, le=MAX_TOPUP_CENTS)] = None,
) -> PaymentInstructions:
    """Paying by transfer uses the meter's reference number. seed 000, Vraag 10: "je kan via overschrijving
    betalen met het referentienummer van de juiste energie, maar je dient ook het bedrag zelf in de Atos
    CRM-tool klaar te zetten" — hence the separate pending top-up."""
    m = await session.db.read(lambda tx: _meter(tx, session.account_id, ean))
    return payment_instructions_for(m, session.settings, amount_cents)


def payment_instructions_for(m: dict[str, Any], settings: Settings, amount_cents: int | None) -> PaymentInstructions:
    """How to pay for a meter row: one source for the household's route and the caseload's."""
    reference = reference_number(m["ean"])
    iban = settings.payment_iban.replace(" ", "")
    return PaymentInstructions(
        ean=m["ean"],
        energy=m["energy"],
        iban=iban,
        bic=settings.payment_bic,
        beneficiary=settings.payment_beneficiary,
        reference_number=reference,
        amount_cents=amount_cents,
        epc_qr_payload=epc_qr_payload(
            beneficiary=settings.payment_beneficiary,
            iban=iban,
            bic=settings.payment_bic,
            amount_cents=amount_cents,
            remittance_text=reference,
        ),
    )


@router.post(
    "/{ean}/pending-topups",
    operation_id="create_pending_topup",
    response_model=PendingTopup,
    status_code=201,
    responses={
        **_ERRORS,
        200: {"model": PendingTopup, "description": "Replay of an earlier request with the same Idempotency-Key"},
        409: {"model": ErrorEnvelope, "description": "conflict: the key was used with another request"},
    },
)
async def create_pending_topup(
    ean: EanPath,
    body: PendingTopupRequest,
    response: Response,
    session: SessionDep,
    idempotency_key: Annotated[
        str, Header(alias="Idempotency-Key", pattern=r"^[A-Za-z0-9._:\-]{8,128}$", description="One per intended preparation")
    ],
) -> PendingTopup:
    """Prepare an amount to be loaded once the transfer arrives ("betalen + klaarzetten", seed 000,
    Vraag 10: "Hierbij zijn dus steeds twee handelingen nodig"). A retried request with the same
    Idempotency-Key returns the first result and never prepares the amount twice."""
    prepared_by = (
        f"{session.helper_name} ({session.helper_organisation})" if session.helper_name else None
    )
    return await prepare_topup(
        session.db,
        account_id=session.account_id,
        ean=ean,
        amount_cents=body.amount_cents,
        idempotency_key=idempotency_key,
        prepared_by=prepared_by,
        response=response,
    )


async def prepare_topup(
    db: Database,
    *,
    account_id: int,
    ean: str,
    amount_cents: int,
    idempotency_key: str,
    prepared_by: str | None,
    response: Response,
    before: Callable[[Transaction], None] | None = None,
    after: Callable[[Transaction], None] | None = None,
) -> PendingTopup:
    """Prepares a top-up ("klaarzetten") once per Idempotency-Key: one source for the household's route and the caseload's.
    `before` runs first in the same transaction (the caseload's mandate check), `after` when the
    preparation was made (the caseload's access record)."""
    fingerprint = hashlib.sha256(f"{ean}|{amount_cents}".encode()).hexdigest()

    def prepare(tx: Transaction) -> tuple[dict[str, Any], bool]:
        if before is not None:
            before(tx)
        _meter(tx, account_id, ean)
        row, created = pending_topups.create_once(
            tx,
            account_id=account_id,
            ean=ean,
            idempotency_key=idempotency_key,
            request_fingerprint=fingerprint,
            amount_cents=amount_cents,
            prepared_by=prepared_by,
            now=now_s(),
        )
        if created and after is not None:
            after(tx)
        return row, created

    row, created = await db.write(prepare)
    if row["request_fingerprint"] != fingerprint:
        raise ApiError(409, "conflict", "This Idempotency-Key was already used for another request")
    if not created:
        response.status_code = 200
        response.headers["Idempotent-Replayed"] = "true"
    return PendingTopup(
        id=row["id"],
        ean=row["ean"],
        amount_cents=row["amount_cents"],
        prepared_by=row["prepared_by"],
        created_at=to_brussels(row["created_at"]),
        status="loaded" if row["status"] == "loaded" else "awaiting_transfer",
        loaded_at=to_brussels(row["loaded_at"]) if row["loaded_at"] else None,
    )
