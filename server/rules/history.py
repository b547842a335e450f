"""A meter's history per calendar day, and the average daily cost that days left are computed from.

Per day (Europe/Brussels): `balance_cents` is the balance of the last reading of that day (today:
the current balance; a day without readings keeps the day before's); `topup_cents` the top-ups loaded
that day; `cost_cents` what was used that day:

    cost(day) = balance(day before) + topups(day) - balance(day)

A top-up never counts as use: it is added back where the balance rose because of it. Emergency credit
needs no special case: seed 002 says it is paid back at the next top-up ("dan zult u bij uw volgende
oplaadbeurt in één keer al uw verbruik en uw noodkrediet in één keer moeten terugbetalen"), so the
top-up first fills the negative balance and the formula above still sees only what was used.
A top-up loaded late in the evening whose reading comes after midnight shows as a negative cost on
the next day and an equal extra cost the day before; over the 30-day average they cancel out.

The average daily cost is the mean cost of the completed days (today excluded: it is not over) of the
last 30 whose day before is known, once there are at least MIN_DAYS of them; before that it is
unknown (None). Days left then follow in server.rules.balance: what can still be used before supply
stops (positive balance, negative credit room, emergency credit still available) divided by it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

AVERAGE_WINDOW_DAYS = 30
MIN_DAYS = 7


class Day(NamedTuple):  # a tuple: 366 of them per answer are made fast
    date: date
    balance_cents: int
    cost_cents: int
    topup_cents: int
    # False for the meter's first day: there is no balance of the day before to compare with.
    cost_known: bool


def daily(
    *,
    previous_balance: int | None,
    readings: Iterable[tuple[date, int]],
    topups: dict[date, int],
    first_day: date,
    today: date,
    current_balance: int,
) -> list[Day]:
    """Days from first_day to today. `readings` are (day, balance) oldest first, from first_day on;
    `previous_balance` is the end balance of the day before first_day, when there was a reading."""
    end_of: dict[date, int] = {}
    for day, balance in readings:
        end_of[day] = balance  # the last reading of the day wins
    days: list[Day] = []
    before = previous_balance
    day = first_day
    while day <= today:
        balance = current_balance if day == today else end_of.get(day, before)
        topup = topups.get(day, 0)
        if balance is None:  # no reading yet on or before this day
            day += timedelta(days=1)
            continue
        known = before is not None
        cost = (before + topup - balance) if known else 0  # type: ignore[operator]
        days.append(Day(day, balance, cost, topup, known))
        before = balance
        day += timedelta(days=1)
    return days


def average_daily_cost(days: list[Day], today: date) -> int | None:
    """Mean cost of the completed days of the last 30 (see the module docstring); None when fewer
    than MIN_DAYS of them are known, or when they show no use at all."""
    start = today - timedelta(days=AVERAGE_WINDOW_DAYS)
    known = [d.cost_cents for d in days if start <= d.date < today and d.cost_known]
    if len(known) < MIN_DAYS:
        return None
    average = round(sum(known) / len(known))
    return average if average > 0 else None
