"""Pure checks and formatting of what people type: Prepaid-code, postcode, an amount in euro.

Failures raise :class:`app.api.errors.ValidationFailed` with ``field`` and a stable ``reason``
("format", "incomplete", "too_small", "too_large") for the UI to translate.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from app.api.errors import ValidationFailed
from app.api.models import HelperIdentity

PREPAID_CODE_DIGITS = 10
MIN_TOPUP_CENTS = 50  # 0,50 EUR
MAX_TOPUP_CENTS = 100_000  # 1000,00 EUR
MASK = "•••• ••••"


def prepaid_code_digits(raw: str) -> str:
    """The digits typed, at most 10; everything else dropped."""
    return "".join(ch for ch in raw if "0" <= ch <= "9")[:PREPAID_CODE_DIGITS]


def format_prepaid_code_as_typed(raw: str) -> str:
    """"1234567890" -> "1234 5678 90"; "12345" -> "1234 5"; other characters are dropped."""
    digits = prepaid_code_digits(raw)
    groups = [digits[0:4], digits[4:8], digits[8:10]]
    return " ".join(g for g in groups if g)


def is_complete_prepaid_code(raw: str) -> bool:
    """Exactly ten digits once spaces, dots and dashes are taken out; no letters."""
    cleaned = re.sub(r"[\s.\-]", "", raw)
    return len(cleaned) == PREPAID_CODE_DIGITS and cleaned.isascii() and cleaned.isdigit()


def normalise_prepaid_code(raw: str) -> str:
    """The ten digits, or ValidationFailed(field="prepaid_code")."""
    if not is_complete_prepaid_code(raw):
        reason = "incomplete" if re.fullmatch(r"[\d\s.\-]*", raw) else "format"
        raise ValidationFailed("prepaid_code", field="prepaid_code", reason=reason)
    return re.sub(r"[\s.\-]", "", raw)


def mask_prepaid_code(code_or_masked: str) -> str:
    """"•••• •••• 33": only the last two digits of whatever is given (a full code, or a masked one
    from the server) survive (seed 000, Vraag 12: part of the code is hidden for privacy)."""
    digits = "".join(ch for ch in code_or_masked if "0" <= ch <= "9")[-2:]
    return f"{MASK} {digits}" if digits else MASK


def is_valid_postcode(raw: str) -> bool:
    """A Belgian postcode: four digits, 1000 to 9999."""
    value = raw.strip()
    return len(value) == 4 and value.isascii() and value.isdigit() and 1000 <= int(value) <= 9999


def normalise_postcode(raw: str) -> str:
    if not is_valid_postcode(raw):
        raise ValidationFailed("postal_code", field="postal_code", reason="format")
    return raw.strip()


_AMOUNT_CHARS = re.compile(r"^[0-9.,\s\u00a0\u202f']+$")


def parse_amount_cents(
    raw: str, *, minimum: int = MIN_TOPUP_CENTS, maximum: int = MAX_TOPUP_CENTS
) -> int:
    """Euro as typed in Belgium, to cents: "12,50" -> 1250, "12.50" -> 1250, "12" -> 1200,
    "€ 1.000,00" -> 100000, "12,5" -> 1250. Bounds 0,50 to 1000,00 EUR by default.

    With one kind of separator: 1 or 2 digits after it make it the decimal mark; "1.000" (a dot and
    exactly three digits) is a thousands mark. With both kinds, the last one is the decimal mark."""

    def fail(reason: str) -> ValidationFailed:
        return ValidationFailed("amount", field="amount", reason=reason)

    text = raw.strip().replace("€", "").replace("EUR", "").replace("eur", "").strip()
    if not text or not _AMOUNT_CHARS.match(text):
        raise fail("format")
    text = re.sub(r"[\s\u00a0\u202f']", "", text)
    if not text:
        raise fail("format")
    last_dot, last_comma = text.rfind("."), text.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        decimal_mark = "." if last_dot > last_comma else ","
        integer, _, fraction = text.rpartition(decimal_mark)
        group_mark = "," if decimal_mark == "." else "."
        if decimal_mark in integer:
            raise fail("format")
        integer = _ungroup(integer, group_mark, fail)
    elif last_dot >= 0 or last_comma >= 0:
        mark = "." if last_dot >= 0 else ","
        parts = text.split(mark)
        if len(parts) > 2:
            integer, fraction = _ungroup(text, mark, fail), ""
        elif len(parts[1]) in (1, 2):
            integer, fraction = parts
        elif len(parts[1]) == 3 and mark == "." and parts[0]:
            integer, fraction = _ungroup(text, mark, fail), ""
        else:
            raise fail("format")
    else:
        integer, fraction = text, ""
    if not integer:
        integer = "0"
    if not (integer.isdigit() and (fraction == "" or fraction.isdigit()) and len(fraction) <= 2):
        raise fail("format")
    cents = int(integer) * 100 + int((fraction + "00")[:2])
    if cents < minimum:
        raise fail("too_small")
    if cents > maximum:
        raise fail("too_large")
    return cents


def _ungroup(text: str, mark: str, fail) -> str:
    groups = text.split(mark)
    if not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
        raise fail("format")
    return "".join(groups)


def normalise_helper(value: HelperIdentity | Mapping[str, str] | None) -> HelperIdentity | None:
    """A helper's name and organisation as typed (trimmed); ValidationFailed(field="helper") when
    either is missing."""
    if value is None or isinstance(value, HelperIdentity):
        return value
    try:
        return HelperIdentity(name=str(value["name"]).strip(), organisation=str(value["organisation"]).strip())
    except (KeyError, TypeError, ValueError):
        raise ValidationFailed("helper", field="helper", reason="format") from None
