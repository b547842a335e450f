"""A meter's history per calendar day: ``GET /api/v1/meters/{ean}/history?days=N`` (1..366, with the
client's token). Oldest day first; one entry per day from the meter's first reading on, so a new
meter has fewer days than asked, and none at all before its first reading.

Kept beside the client rather than in it (as app/api/winter.py): one call, one typed answer, through
the client's request helper (retries, error envelope, timeouts as every other call).
"""

from __future__ import annotations

from datetime import date

from .client import BudgetmeterClient
from .models import Energy, _Model

#: What the server accepts for ``days`` (its Query(ge=1, le=366)).
MIN_DAYS, MAX_DAYS = 1, 366


class HistoryDay(_Model):
    date: date
    #: At the end of that day (today: now). Negative when the household uses credit.
    balance_cents: int
    #: Used that day: the balance the day before + top-ups - the balance.
    cost_cents: int
    #: Topped up that day, in total (0 on most days).
    topup_cents: int


class MeterHistory(_Model):
    ean: str
    energy: Energy
    days: list[HistoryDay]


async def meter_history(api: BudgetmeterClient, ean: str, days: int) -> MeterHistory:
    """The last ``days`` calendar days (Europe/Brussels) of ``ean``. Raises :class:`app.api.errors.ApiError`."""
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise ValueError(f"days must be {MIN_DAYS}..{MAX_DAYS}, not {days}")
    return await api._get_json(MeterHistory, api._meter_path(ean, "history"), params={"days": days})


__all__ = ["MAX_DAYS", "MIN_DAYS", "HistoryDay", "MeterHistory", "meter_history"]
