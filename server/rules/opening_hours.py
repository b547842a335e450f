"""Opening hours of top-up points (OSM opening_hours syntax) with Belgian public holidays."""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import opening_hours

BRUSSELS = ZoneInfo("Europe/Brussels")
COUNTRY = "BE"
# Belgium's languages first, then English; holidays spells English "en_US".
HOLIDAY_LANGUAGES = {"nl": "nl", "fr": "fr", "de": "de", "en": "en_US"}


class InvalidOpeningHours(ValueError):
    """An opening_hours expression that does not parse."""


@functools.lru_cache(maxsize=4096)
def parse_opening_hours(expression: str) -> opening_hours.OpeningHours:
    """Parse once per distinct expression: 100 000 points share a few hundred of them.

    country="BE" is not optional: without it "PH off" is silently ignored and 11 November
    shows open (DESIGN.md, pitfalls). The timezone makes answers come back in Brussels time.
    """
    try:
        return opening_hours.OpeningHours(expression, country=COUNTRY, timezone=BRUSSELS)
    except (opening_hours.ParserError, SyntaxError) as exc:
        raise InvalidOpeningHours(f"invalid opening_hours {expression!r}: {exc}") from None


def _in_brussels(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        # The library would read a naive time as local wall-clock time without saying so.
        raise ValueError("give an aware datetime")
    # The library only accepts ZoneInfo zones (it reads .key), not datetime.timezone.utc.
    return at.astimezone(BRUSSELS)


def open_state(expression: str, at: datetime) -> tuple[bool, datetime | None]:
    """Whether the point is open at `at`, and when that changes next (None: never)."""
    hours = parse_opening_hours(expression)
    local = _in_brussels(at)
    return hours.is_open(local), hours.next_change(local)


@functools.lru_cache(maxsize=64)
def _holidays_of(year: int, language: str) -> dict[date, str]:
    # A plain dict per year: the holidays object fills itself in lazily on lookup, which is
    # not something to share between request threads.
    return dict(holidays.country_holidays(COUNTRY, years=year, language=language))


def public_holiday(d: date, language: str = "nl") -> str | None:
    """The Belgian public holiday on d, named in nl/fr/de/en, or None.

    Easter Sunday and Whit Sunday are kept, as the holidays package lists them. Note that the
    calendar inside opening-hours-py does not count Whit Sunday as PH (it does count Easter
    Sunday), so "PH off" alone does not close a point on Whit Sunday.
    """
    try:
        lang = HOLIDAY_LANGUAGES[language]
    except KeyError:
        raise ValueError(f"language must be one of {tuple(HOLIDAY_LANGUAGES)}") from None
    return _holidays_of(d.year, lang).get(d)


def week_schedule(expression: str, week_of: date) -> list[tuple[date, list[tuple[time, time]]]]:
    """Monday..Sunday of the week holding week_of, each with its open intervals.

    An interval that runs past midnight is split over the two days; an end of time(0, 0)
    means midnight at the end of that day (OSM's "24:00"). Only "open" counts: "unknown"
    stretches are left out.
    """
    hours = parse_opening_hours(expression)
    monday = week_of - timedelta(days=week_of.weekday())
    days = [monday + timedelta(days=i) for i in range(7)]
    schedule: dict[date, list[tuple[time, time]]] = {d: [] for d in days}
    week_start = datetime.combine(monday, time(0), BRUSSELS)
    week_end = datetime.combine(monday + timedelta(days=7), time(0), BRUSSELS)
    for start, end, state, _comment in hours.intervals(week_start, week_end):
        if state != opening_hours.State.OPEN:
            continue
        start, end = max(start, week_start), min(end, week_end)
        while start < end:
            next_midnight = datetime.combine(start.date() + timedelta(days=1), time(0), BRUSSELS)
            piece_end = min(end, next_midnight)
            schedule[start.date()].append((start.time(), piece_end.time()))
            start = piece_end
    return [(d, schedule[d]) for d in days]
