"""A meter's day-by-day history read from the store, and its average daily cost (cached per
process by the meter's history_version, which every change to its readings or top-ups bumps)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from ..core.clock import BRUSSELS, to_brussels
from ..rules import history as rules
from ..store import meters, readings
from ..store.db import Transaction

_average_cache: dict[str, tuple[int, date, int | None]] = {}
_CACHE_LIMIT = 100_000


def midnight(day: date) -> int:
    return int(datetime.combine(day, time(0), BRUSSELS).timestamp())


def today(now: int) -> date:
    return to_brussels(now).date()


def load_days(tx: Transaction, meter: dict[str, Any], *, days: int, now: int) -> list[rules.Day]:
    """The last `days` calendar days, today included, from the meter's first reading on."""
    ean = meter["ean"]
    last_day = today(now)
    first_day = last_day - timedelta(days=days - 1)
    start, end = midnight(first_day), midnight(last_day + timedelta(days=1))
    before = readings.last_before(tx, ean, start)
    rows = readings.balances_between(tx, ean, start=start, end=end)
    if before is None and not rows:
        return []
    day_of = lambda at: to_brussels(at).date()  # noqa: E731
    topups: dict[date, int] = {}
    for t in meters.topups_between(tx, ean, start=start, end=end):
        d = day_of(t["at"])
        topups[d] = topups.get(d, 0) + t["amount_cents"]
    return rules.daily(
        previous_balance=before["balance_cents"] if before else None,
        readings=[(day_of(r["read_at"]), r["balance_cents"]) for r in rows],
        topups=topups,
        first_day=first_day if before else day_of(rows[0]["read_at"]),
        today=last_day,
        current_balance=meter["balance_cents"],
    )


def average_daily_cost(tx: Transaction, meter: dict[str, Any], *, now: int) -> int | None:
    """From the last 30 days of history (server.rules.history), None before 7 days of it."""
    key = meter["ean"]
    day = today(now)
    cached = _average_cache.get(key)
    if cached is not None and cached[0] == meter["history_version"] and cached[1] == day:
        return cached[2]
    days = load_days(tx, meter, days=rules.AVERAGE_WINDOW_DAYS + 1, now=now)
    average = rules.average_daily_cost(days, day)
    if len(_average_cache) >= _CACHE_LIMIT:
        _average_cache.clear()
    _average_cache[key] = (meter["history_version"], day, average)
    return average
