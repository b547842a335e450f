"""A meter's history for the household: balance, use and top-ups per calendar day."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query, Response

from ...services import history
from ...core.clock import now_s
from ..auth import SessionDep
from ...contract.schemas import MeterHistory
from ...store.db import Transaction
from .meters import _ERRORS, EanPath, _meter

router = APIRouter(prefix="/api/v1/meters", tags=["meters"])


@router.get("/{ean}/history", operation_id="get_meter_history", response_model=MeterHistory, responses=_ERRORS)
async def get_history(
    ean: EanPath,
    session: SessionDep,
    days: Annotated[int, Query(ge=1, le=366, description="Calendar days, today included")] = 30,
) -> MeterHistory:
    """The last `days` calendar days (Europe/Brussels), oldest first, one entry per day from the meter's
    first reading on. How cost is counted: server.rules.history."""
    now = now_s()

    def read(tx: Transaction):
        meter = _meter(tx, session.account_id, ean)
        return meter, history.load_days(tx, meter, days=days, now=now)

    meter, rows = await session.db.read(read)
    # Serialised by hand, once: 366 days through pydantic cost more than reading them from the store.
    # The shape is MeterHistory's (tests/api/test_history.py and schemathesis check it).
    answer = {
        "ean": meter["ean"],
        "energy": meter["energy"],
        "days": [
            {"date": d.date.isoformat(), "balance_cents": d.balance_cents, "cost_cents": d.cost_cents, "topup_cents": d.topup_cents}
            for d in rows
        ],
    }
    return Response(json.dumps(answer, separators=(",", ":")), media_type="application/json")  # type: ignore[return-value]
