"""Social-tariff status of the account, and the rule-based eligibility check (no login needed)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter

from ...core.clock import BRUSSELS, to_brussels
from ..auth import SessionDep
from ..errors import ErrorEnvelope, unauthorized
from ...rules import social_tariff
from ...contract.schemas import EligibilityAnswer, EligibilityReason, EligibilityRequest, SocialTariffEntry, Tariff
from ...store import accounts
from ...store import tariff as tariff_store

router = APIRouter(prefix="/api/v1", tags=["social tariff"])


@router.get(
    "/tariff",
    operation_id="get_tariff",
    response_model=Tariff,
    responses={401: {"model": ErrorEnvelope, "description": "unauthorized"}},
)
async def get_tariff(session: SessionDep) -> Tariff:
    account, rows = await session.db.read(
        lambda tx: (accounts.by_id(tx, session.account_id), tariff_store.for_account(tx, session.account_id))
    )
    if account is None:
        raise unauthorized()
    return tariff_document(account, rows)


def tariff_document(account: dict[str, Any], rows: list[dict[str, Any]]) -> Tariff:
    """One source for the household's route and the caseload's detail."""
    return Tariff(
        social_tariff=[
            SocialTariffEntry(
                energy=r["energy"],
                active=bool(r["active"]),
                category=r["category"],
                start=date.fromisoformat(r["start_date"]) if r["start_date"] else None,
                end=date.fromisoformat(r["end_date"]) if r["end_date"] else None,
                source=r["source"],
            )
            for r in rows
        ],
        protected_customer=bool(account["protected_customer"]),
        checked_at=to_brussels(account["tariff_checked_at"]) if account["tariff_checked_at"] else None,
    )


@router.post(
    "/social-tariff/eligibility",
    operation_id="check_social_tariff_eligibility",
    response_model=EligibilityAnswer,
    responses={422: {"model": ErrorEnvelope, "description": "validation_error"}},
)
async def check_eligibility(body: EligibilityRequest) -> EligibilityAnswer:
    informed = body.supplier_informed_on or datetime.now(BRUSSELS).date()
    answer = social_tariff.assess_eligibility(
        benefit=body.benefit,
        decision_date=body.decision_date,
        energy=body.energy,
        connection=body.connection,
        supplier_informed_on=informed,
    )
    explanations = []
    for code in answer.reasons:
        source, quote = social_tariff.REASON_SOURCES.get(code, ("", ""))
        explanations.append(EligibilityReason(code=code, source=source, quote=quote))
    return EligibilityAnswer(
        eligible=answer.eligible,
        category=answer.category,  # type: ignore[arg-type]
        start=answer.start,
        end=answer.end,
        certificate_needed=answer.certificate_needed,
        certificate_from=answer.certificate_from,
        reasons=list(answer.reasons),
        explanations=explanations,
    )
