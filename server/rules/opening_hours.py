"""Opening hours of top-up points (OSM opening_hours syntax) with Belgian public holidays.

OSM's `PH` in Belgium means the ten legal public holidays (Wet van 4 januari 1974 betreffende de
feestdagen; KB van 18 april 1974): New Year, Easter Monday, 1 May, Ascension, Whit Monday, 21 July,
15 August, 1 November, 11 November and Christmas. Easter Sunday and Whit Sunday are not among them:
they are Sundays like any other. Both libraries say otherwise in places: opening-hours-py's BE
calendar counts Easter Sunday as PH (a shop with `Su 08:00-13:00; PH 09:00-12:00` would shut at noon
on Easter Sunday), and the `holidays` package lists Easter Sunday and Whit Sunday ("Pasen",
"Pinksteren"). Here the ten alone count, whatever the libraries' calendars say: a day the
opening-hours-py calendar calls PH that is not one of the ten is evaluated with the same expression
parsed without a holiday calendar (where `PH` matches no day), and only the ten get a holiday name.
"""

from __future__ import annotations

import bisect
import functools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import opening_hours
from dateutil.easter import easter

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
    shows open (a pitfall of the library, checked). The timezone makes answers come back in Brussels time.
    """
    try:
        return opening_hours.OpeningHours(expression, country=COUNTRY, timezone=BRUSSELS)
    except (opening_hours.ParserError, SyntaxError) as exc:
        raise InvalidOpeningHours(f"invalid opening_hours {expression!r}: {exc}") from None


@functools.lru_cache(maxsize=4096)
def _parse_without_holidays(expression: str) -> opening_hours.OpeningHours:
    """The expression as on a day that is no public holiday: without a country, PH matches no day."""
    return opening_hours.OpeningHours(expression, timezone=BRUSSELS)


@functools.lru_cache(maxsize=256)
def legal_public_holidays(year: int) -> frozenset[date]:
    """Belgium's ten legal public holidays of `year` (Wet van 4 januari 1974 betreffende de feestdagen)."""
    sunday = easter(year)
    return frozenset(
        {
            date(year, 1, 1),  # Nieuwjaar
            sunday + timedelta(days=1),  # Paasmaandag
            date(year, 5, 1),  # Dag van de Arbeid
            sunday + timedelta(days=39),  # O.L.H. Hemelvaart
            sunday + timedelta(days=50),  # Pinkstermaandag
            date(year, 7, 21),  # Nationale feestdag
            date(year, 8, 15),  # O.L.V. Hemelvaart
            date(year, 11, 1),  # Allerheiligen
            date(year, 11, 11),  # Wapenstilstand
            date(year, 12, 25),  # Kerstmis
        }
    )


@functools.lru_cache(maxsize=256)
def library_ph_days(year: int) -> frozenset[date]:
    """The days opening-hours-py's BE calendar counts as PH in `year`."""
    start = datetime(year, 1, 1, tzinfo=BRUSSELS)
    end = datetime(year + 1, 1, 1, tzinfo=BRUSSELS)
    days: set[date] = set()
    for first, last, state, _comment in parse_opening_hours("PH").intervals(start, end):
        if state == opening_hours.State.OPEN:
            day = first.date()
            while datetime.combine(day, time(0), BRUSSELS) < min(last, end):
                days.add(day)
                day += timedelta(days=1)
    return frozenset(days)


@functools.lru_cache(maxsize=256)
def _ordinary_days_sorted(year: int) -> tuple[date, ...]:
    """Days the library calls PH that are not legal holidays (Easter Sunday): evaluated as ordinary."""
    return tuple(sorted(library_ph_days(year) - legal_public_holidays(year)))


def _is_ordinary_ph_day(d: date) -> bool:
    return d in _ordinary_days_sorted(d.year)


def _next_ordinary_ph_day(d: date) -> date | None:
    """The first day after d that the library wrongly calls PH, within the next two years."""
    for year in (d.year, d.year + 1, d.year + 2):
        days = _ordinary_days_sorted(year)
        i = bisect.bisect_right(days, d)
        if i < len(days):
            return days[i]
    return None


def _midnight(d: date) -> datetime:
    return datetime.combine(d, time(0), BRUSSELS)


def _stretch(expression: str, local: datetime) -> tuple[opening_hours.OpeningHours, datetime | None]:
    """The parse that is right at `local`, and when the stretch it is right for ends (None: not soon)."""
    if _is_ordinary_ph_day(local.date()):
        return _parse_without_holidays(expression), _midnight(local.date() + timedelta(days=1))
    following = _next_ordinary_ph_day(local.date())
    return parse_opening_hours(expression), _midnight(following) if following else None


def _state(hours: opening_hours.OpeningHours, local: datetime) -> tuple[bool, bool]:
    return hours.is_open(local), hours.is_unknown(local)


# Each step crosses one day wrongly called PH, two a year: eight look about four years ahead.
_MAX_STRETCHES = 8


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
    if "PH" not in expression:
        # No PH rule: every calendar gives the same answer (the top-up search's common case).
        return hours.is_open(local), hours.next_change(local)
    hours, stretch_end = _stretch(expression, local)
    is_open = hours.is_open(local)
    moment = local
    for _ in range(_MAX_STRETCHES):
        change = hours.next_change(moment)
        if stretch_end is None or (change is not None and change < stretch_end):
            return is_open, change
        # The state may change where the calendar does, a boundary the library cannot see.
        before = _state(hours, moment)
        hours, next_end = _stretch(expression, stretch_end)
        if _state(hours, stretch_end) != before:
            return is_open, stretch_end
        moment, stretch_end = stretch_end, next_end
    return is_open, None


@functools.lru_cache(maxsize=64)
def _holidays_of(year: int, language: str) -> dict[date, str]:
    # A plain dict per year: the holidays object fills itself in lazily on lookup, which is
    # not something to share between request threads.
    return dict(holidays.country_holidays(COUNTRY, years=year, language=language))


def public_holiday(d: date, language: str = "nl") -> str | None:
    """The Belgian public holiday on d, named in nl/fr/de/en, or None.

    Only the ten legal holidays are named: the holidays package also lists Easter Sunday and Whit
    Sunday, ordinary Sundays for opening hours (see the module docstring).
    """
    try:
        lang = HOLIDAY_LANGUAGES[language]
    except KeyError:
        raise ValueError(f"language must be one of {tuple(HOLIDAY_LANGUAGES)}") from None
    if d not in legal_public_holidays(d.year):
        return None
    return _holidays_of(d.year, lang).get(d)


def week_schedule(expression: str, first_day: date) -> list[tuple[date, list[tuple[time, time]]]]:
    """The seven days from first_day (today first), each with its open intervals. Not Monday..Sunday
    of first_day's week: on a Sunday that listed the six days that had passed (issue 20).

    An interval that runs past midnight is split over the two days; an end of time(0, 0)
    means midnight at the end of that day (OSM's "24:00"). Only "open" counts: "unknown"
    stretches are left out.
    """
    hours = parse_opening_hours(expression)
    days = [first_day + timedelta(days=i) for i in range(7)]
    schedule: dict[date, list[tuple[time, time]]] = {d: [] for d in days}
    _add_open_pieces(schedule, hours, _midnight(first_day), _midnight(first_day + timedelta(days=7)))
    for d in days:
        if "PH" in expression and _is_ordinary_ph_day(d):
            # The library's calendar calls this Sunday PH: take the day as an ordinary one.
            schedule[d] = []
            _add_open_pieces(schedule, _parse_without_holidays(expression), _midnight(d), _midnight(d + timedelta(days=1)))
    return [(d, schedule[d]) for d in days]


def _add_open_pieces(
    schedule: dict[date, list[tuple[time, time]]], hours: opening_hours.OpeningHours, start_at: datetime, end_at: datetime
) -> None:
    """The open intervals between start_at and end_at, cut at midnights, onto their days."""
    for start, end, state, _comment in hours.intervals(start_at, end_at):
        if state != opening_hours.State.OPEN:
            continue
        start, end = max(start, start_at), min(end, end_at)
        while start < end:
            piece_end = min(end, _midnight(start.date() + timedelta(days=1)))
            schedule[start.date()].append((start.time(), piece_end.time()))
            start = piece_end
