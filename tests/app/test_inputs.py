from __future__ import annotations

import pytest

from app.api.errors import ValidationFailed
from app.state.inputs import (
    format_prepaid_code_as_typed,
    is_complete_prepaid_code,
    is_valid_postcode,
    mask_prepaid_code,
    normalise_prepaid_code,
    parse_amount_cents,
)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("1234567890", "1234 5678 90"),
        ("", ""),
        ("1", "1"),
        ("1234", "1234"),
        ("12345", "1234 5"),
        ("12345678", "1234 5678"),
        ("123456789", "1234 5678 9"),
        ("1234 5678 90", "1234 5678 90"),
        ("1234-5678.90", "1234 5678 90"),
        ("12a34b56", "1234 56"),
        ("123456789012345", "1234 5678 90"),  # at most 10 digits
        ("١٢٣", ""),  # other scripts' digits are not Prepaid-code digits
    ],
)
def test_format_prepaid_code_as_typed(raw: str, shown: str) -> None:
    assert format_prepaid_code_as_typed(raw) == shown


def test_complete_prepaid_code() -> None:
    assert is_complete_prepaid_code("1111 2222 33")
    assert is_complete_prepaid_code("1111-2222.33")
    assert not is_complete_prepaid_code("1111 2222 3")
    assert not is_complete_prepaid_code("1111 2222 333")
    assert not is_complete_prepaid_code("1111 2222 3x")
    assert normalise_prepaid_code(" 1111 2222 33 ") == "1111222233"
    with pytest.raises(ValidationFailed) as info:
        normalise_prepaid_code("1111 22")
    assert (info.value.code, info.value.field, info.value.reason) == ("validation_error", "prepaid_code", "incomplete")


@pytest.mark.parametrize("code", ["1000", "9000", "9999", " 2000 "])
def test_valid_postcodes(code: str) -> None:
    assert is_valid_postcode(code)


@pytest.mark.parametrize("code", ["0999", "999", "10000", "90a0", "", "９０００"])
def test_invalid_postcodes(code: str) -> None:
    assert not is_valid_postcode(code)


@pytest.mark.parametrize(
    ("raw", "cents"),
    [
        ("12,50", 1250),
        ("12.50", 1250),
        ("12", 1200),
        ("12,5", 1250),
        ("0,50", 50),
        (",50", 50),
        ("€ 12,50", 1250),
        ("12,50 EUR", 1250),
        ("1.000,00", 100_000),
        ("1 000,00", 100_000),
        ("1.000", 100_000),
        ("1000", 100_000),
        ("999,99", 99_999),
    ],
)
def test_parse_amount(raw: str, cents: int) -> None:
    assert parse_amount_cents(raw) == cents


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "format"),
        ("abc", "format"),
        ("12,505", "format"),
        ("1,2,3", "format"),
        ("-5", "format"),
        ("12..5", "format"),
        ("0,49", "too_small"),
        ("0", "too_small"),
        ("1000,01", "too_large"),
        ("1.000.000", "too_large"),
    ],
)
def test_parse_amount_refuses(raw: str, reason: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        parse_amount_cents(raw)
    assert info.value.field == "amount"
    assert info.value.reason == reason


@pytest.mark.parametrize("given", ["1111222233", "1111 2222 33", "•••• •••• 33", "**** **** 1233", "33"])
def test_mask_keeps_only_last_two_digits(given: str) -> None:
    masked = mask_prepaid_code(given)
    assert masked == "•••• •••• 33"
    assert sum(ch.isdigit() for ch in masked) == 2
