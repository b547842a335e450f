"""The winter period during which minimum supply of gas and electricity has conditions.

seed 001: "Tijdens de winterperiode (1 december tot 1 maart) zijn er voorwaarden voor een
minimale levering van gas en elektriciteit."

Reading: Dutch "tot" (unlike "tot en met") excludes its end, so the period runs from
1 December up to and including the last day of February (28 or 29); 1 March is no longer
winter. Periods are returned as (first day, last day), both inclusive, so the app can print
"1 december – 28 februari" without having to know this convention.
"""

from __future__ import annotations

from datetime import date, timedelta


def _period_starting(year: int) -> tuple[date, date]:
    return date(year, 12, 1), date(year + 1, 3, 1) - timedelta(days=1)


def in_winter_period(d: date) -> bool:
    return d.month in (12, 1, 2)


def winter_period_containing(d: date) -> tuple[date, date] | None:
    """The winter period d falls in, or None outside winter."""
    if not in_winter_period(d):
        return None
    return _period_starting(d.year if d.month == 12 else d.year - 1)


def next_winter_period(d: date) -> tuple[date, date]:
    """The first winter period that begins strictly after d.

    During winter this is next year's period; use winter_period_containing for the current one.
    """
    return _period_starting(d.year if d < date(d.year, 12, 1) else d.year + 1)
