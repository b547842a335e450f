"""The winter period, for the app to say when minimum supply has its winter conditions (no login).

seed 001: "Tijdens de winterperiode (1 december tot 1 maart) zijn er voorwaarden voor een minimale
levering van gas en elektriciteit." The reading of "tot" (1 March is no longer winter) lives in
server.rules.winter; this route only serves it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from ...contract.times import CalendarDate
from ...core.clock import BRUSSELS
from ..errors import ErrorEnvelope
from ...rules.winter import next_winter_period, winter_period_containing
from ...contract.schemas import WinterPeriod

router = APIRouter(prefix="/api/v1", tags=["winter period"])

OnQuery = Annotated[
    CalendarDate | None,
    Query(description="The day asked about, YYYY-MM-DD; default today in Belgium"),
]


@router.get(
    "/winter-period",
    operation_id="get_winter_period",
    response_model=WinterPeriod,
    responses={422: {"model": ErrorEnvelope, "description": "validation_error"}},
)
async def get_winter_period(on: OnQuery = None) -> WinterPeriod:
    """Whether `on` falls in the winter period, and that period's first and last day (both inclusive);
    outside winter, the next period's."""
    day = on if on is not None else datetime.now(BRUSSELS).date()
    period = winter_period_containing(day)
    first_day, last_day = period if period is not None else next_winter_period(day)
    return WinterPeriod(on=day, in_winter_period=period is not None, first_day=first_day, last_day=last_day)
