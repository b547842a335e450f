"""Time in one place: Unix seconds for the store, Europe/Brussels for every answer.

The clock is injectable: tests of code in this process call `use(...)`; tests of a server process
give it BUDGETMETER_CLOCK_OFFSET_FILE, a file holding a number of seconds that is added to the
system time and re-read on every call, so a test can move a running server's clock (quiet hours of
the alerts). Without that variable, now_s() is the system time and costs one call more than it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")
_OFFSET_FILE = os.environ.get("BUDGETMETER_CLOCK_OFFSET_FILE")


def _offset_from_file() -> float:
    try:
        with open(_OFFSET_FILE) as f:  # type: ignore[arg-type]
            return float(f.read().strip() or 0)
    except (OSError, ValueError):
        return 0.0


def _system() -> float:
    return time.time()


def _system_with_offset() -> float:
    return time.time() + _offset_from_file()


_source: Callable[[], float] = _system_with_offset if _OFFSET_FILE else _system


def use(source: Callable[[], float] | None) -> None:
    """Makes `source` this process's clock (None: back to the system clock)."""
    global _source
    _source = source or _system


def now_s() -> int:
    return int(_source())


def to_brussels(unix_seconds: int | float) -> datetime:
    return datetime.fromtimestamp(unix_seconds, tz=timezone.utc).astimezone(BRUSSELS)


def as_brussels(value: datetime) -> datetime:
    """A naive time from a user means Belgian wall-clock time."""
    return value.replace(tzinfo=BRUSSELS) if value.tzinfo is None else value.astimezone(BRUSSELS)
