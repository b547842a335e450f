"""Time in one place: Unix seconds for the store, Europe/Brussels for every answer."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")


def now_s() -> int:
    return int(time.time())


def to_brussels(unix_seconds: int | float) -> datetime:
    return datetime.fromtimestamp(unix_seconds, tz=timezone.utc).astimezone(BRUSSELS)


def as_brussels(value: datetime) -> datetime:
    """A naive time from a user means Belgian wall-clock time."""
    return value.replace(tzinfo=BRUSSELS) if value.tzinfo is None else value.astimezone(BRUSSELS)
