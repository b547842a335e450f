"""Belgian time for the whole app: the zone, now, typed dates and times ("25/12/2026", "10:00") and the
quick choices of "open at". Plain Python (no Flet), so the state layer uses it too."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

#: Belgian time: the one time zone of the app (opening hours, "open at", dates of a decision).
BRUSSELS = ZoneInfo("Europe/Brussels")

_DMY = re.compile(r"^\s*(\d{1,2})[./\- ](\d{1,2})[./\- ](\d{4})\s*$")
_YMD = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_HM = re.compile(r"^\s*(\d{1,2})(?:\s*[:.hu]\s*(\d{2})?)?\s*$", re.IGNORECASE)


def parse_date(text: str) -> date | None:
    """"25/12/2026", "25-12-2026", "25.12.2026" (Belgian order) or "2026-12-25"; None if not a date."""
    text = (text or "").strip()
    m = _YMD.match(text)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
        m = _DMY.match(text)
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


def parse_time(text: str) -> time | None:
    """"10:00", "10.00", "10u", "10h30", "9"; None if not a time."""
    m = _HM.match(text or "")
    if not m:
        return None
    hour, minute = int(m[1]), int(m[2] or 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def format_date_field(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def format_time_field(moment: time | datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def normalise_clock_time(typed: str) -> str | None:
    """'8:00', '08.00', '8u', '20h15' -> 'HH:MM' as the server takes it; None when it is not a time."""
    moment = parse_time((typed or "").strip())
    return format_time_field(moment) if moment else None


def now_brussels() -> datetime:
    return datetime.now(BRUSSELS)


def tomorrow_at(hour: int, now: datetime | None = None) -> datetime:
    now = now or now_brussels()
    day = now.date() + timedelta(days=1)
    return datetime.combine(day, time(hour), BRUSSELS)


def next_weekday_at(weekday: int, hour: int, now: datetime | None = None) -> datetime:
    """The next such weekday (0 = Monday) at ``hour``; today counts when that hour is still to come."""
    now = now or now_brussels()
    days = (weekday - now.weekday()) % 7
    moment = datetime.combine(now.date() + timedelta(days=days), time(hour), BRUSSELS)
    if moment <= now:
        moment += timedelta(days=7)
    return moment


def combine(day: date, at: time) -> datetime:
    return datetime.combine(day, at, BRUSSELS)
