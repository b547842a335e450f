"""Field checks of operator input, strict as the v1 API: a wrong type is an error, not a guess.

Every check raises Invalid with a stable error code and a message naming the field; the callers
turn it into a rejected item (batches) or the error envelope (single requests).
"""

from __future__ import annotations

import functools
import json
import math
import re
from datetime import datetime
from typing import Any

from ...core.clock import to_brussels
from ...rules.ean import BELGIAN_PREFIX, EAN_LENGTH, is_valid_ean

EVENT_ID = re.compile(r"[\x21-\x7e]{1,128}")
ACCOUNT_REF = re.compile(r"[A-Za-z0-9._-]{1,64}")
ENERGIES = ("electricity", "gas")
LANGUAGES = ("nl", "fr", "de", "en")


class Invalid(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def invalid(message: str) -> Invalid:
    return Invalid("validation_error", message)


@functools.cache
def _field_set(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(names)


def require_fields(item: Any, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    if type(item) is dict and not optional and item.keys() == _field_set(required):
        return item  # the common case: exactly the fields, compared in one C-level step
    if not isinstance(item, dict):
        raise invalid("each item is a JSON object")
    missing = [f for f in required if f not in item]
    if missing:
        raise invalid(f"missing field {', '.join(missing)}")
    unknown = [f for f in item if f not in required and f not in optional]
    if unknown:
        raise invalid(f"unknown field {', '.join(sorted(map(str, unknown)))}")
    return item


def text(item: dict[str, Any], name: str, *, max_length: int, optional: bool = False) -> str | None:
    value = item.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > max_length:
        raise invalid(f"{name}: a text of 1 to {max_length} characters")
    return value.strip()


def event_id(item: dict[str, Any]) -> str:
    value = item.get("event_id")
    if not isinstance(value, str) or EVENT_ID.fullmatch(value) is None:
        raise invalid("event_id: 1 to 128 printable ASCII characters without spaces")
    return value


# No field takes more digits than this; Python's int() of a longer JSON literal is slow, and refused
# above 4,300 digits (a ValueError out of json.loads).
MAX_INT_DIGITS = 24


def _json_int(literal: str) -> int | float:
    if len(literal) > MAX_INT_DIGITS:
        return -math.inf if literal.startswith("-") else math.inf
    return int(literal)


def loads(text: str | bytes) -> Any:
    """Operator JSON (API bodies and import lines). An integer literal too long for int() becomes
    an infinity; like NaN, Infinity and 1e999 (which json.loads takes) it then fails its field's
    check: that item is rejected, never a 500 or a traceback."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError:  # only then pay a Python call per integer
        return json.loads(text, parse_int=_json_int)


def cents(item: dict[str, Any], name: str, *, low: int, high: int, optional: bool = False) -> int | None:
    value = item.get(name)
    if value is None and optional:
        return None
    # JSON Schema's integer: 2000 and 2000.0 yes; "2000", true, 20.5, NaN and infinities no.
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value != int(value):
        raise invalid(f"{name}: a whole number of cents")
    if not low <= value <= high:
        got = f", got {int(value)}" if abs(value) < 10**MAX_INT_DIGITS else ""
        raise invalid(f"{name}: between {low} and {high} cents{got}")
    return int(value)


def flag(item: dict[str, Any], name: str) -> bool:
    value = item.get(name)
    if not isinstance(value, bool):
        raise invalid(f"{name}: true or false")
    return value


def choice(item: dict[str, Any], name: str, choices: tuple[str, ...], *, optional: bool = False) -> str | None:
    value = item.get(name)
    if value is None and optional:
        return None
    if value not in choices:
        raise invalid(f"{name}: one of {', '.join(choices)}")
    return value


# EANs already found valid (the check is pure; rules.ean owns it): a meter's next reading skips it. Bounded.
KNOWN_VALID_EANS: set[str] = set()


def ean(item: dict[str, Any], name: str = "ean") -> str:
    """A Belgian GSRN-18 with its check digit right (python-stdnum's gs1_128 "accepted a GSRN with a wrong
    check digit: check digit 18 yourself"). Belgian, because the payment reference is the 13 digits
    after 54144 (seed 000, Vraag 6)."""
    value = item.get(name)
    # A str first: an object or a list is unhashable, and looking it up in the set would raise (a 500
    # where the item must be `rejected`; found by fuzzing once the item's schema was published).
    if type(value) is str and value in KNOWN_VALID_EANS:
        return value
    if not isinstance(value, str) or len(value) != EAN_LENGTH or not value.isascii() or not value.isdigit():
        raise invalid(f"{name}: 18 digits")
    if not is_valid_ean(value):
        raise invalid(f"{name}: wrong GSRN check digit")
    if not value.startswith(BELGIAN_PREFIX):
        raise invalid(f"{name}: not a Belgian EAN (it does not start with {BELGIAN_PREFIX})")
    if len(KNOWN_VALID_EANS) < 200_000:
        KNOWN_VALID_EANS.add(value)
    return value


_recent_instants: dict[str, int] = {}


def instant(item: dict[str, Any], name: str) -> int:
    """An ISO 8601 time with its offset, as Unix seconds. A metering system reads many meters at the
    same moment, so the few most recent distinct times are remembered rather than parsed again."""
    value = item.get(name)
    known = _recent_instants.get(value) if isinstance(value, str) else None
    if known is not None:
        return known
    seconds = _parse_instant(value, name)
    if len(_recent_instants) >= 4096:
        _recent_instants.clear()
    _recent_instants[value] = seconds  # type: ignore[index]
    return seconds


# Clocks drift a little; a reading from further ahead would pin the meter's state until then.
FUTURE_SLACK_SECONDS = 10 * 60


def not_ahead(name: str, at: int, *, now: int) -> int:
    """`at` when it is at most FUTURE_SLACK_SECONDS after the server's clock; else Invalid, saying so
    and what the server's clock said, so the sender can tell a wrong clock or offset from a typo."""
    if at > now + FUTURE_SLACK_SECONDS:
        server_time = to_brussels(now).isoformat(timespec="seconds")
        raise invalid(
            f"{name}: more than 10 minutes in the future (the server's clock said {server_time}); "
            "a time at most 10 minutes ahead is taken, a later one is refused: send it again once that time has come"
        )
    return at


def _parse_instant(value: Any, name: str) -> int:
    if not isinstance(value, str) or len(value) < 19 or value[4] != "-" or value[10] not in "T ":
        raise invalid(f"{name}: ISO 8601 with offset, e.g. 2026-11-28T10:00:00+01:00")
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise invalid(f"{name}: ISO 8601 with offset, e.g. 2026-11-28T10:00:00+01:00") from None
    if at.tzinfo is None or at.utcoffset() is None:
        raise invalid(f"{name}: give the offset (e.g. +01:00); a time without one is ambiguous")
    return int(at.timestamp())
