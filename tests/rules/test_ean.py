"""EAN/GSRN check digits and the payment reference number.

seed 000, Vraag 6: "aan de oplaadterminal moet je nog steeds het referentienummer gebruiken
(13 cijfers na 54144 van EAN)".
"""

import pytest

from server.rules.ean import gsrn_check_digit, is_valid_ean, make_ean, reference_number


def _mod10_by_hand(first17: str) -> str:
    # Independent of stdnum: GS1 weights 3,1,3,... counted from the rightmost digit.
    total = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(first17)))
    return str((10 - total % 10) % 10)


@pytest.mark.parametrize(
    ("first17", "digit"),
    [
        pytest.param("54144000000000001", "9", id="gs1_mod10_worked_by_hand"),
        pytest.param("54144882000000000", "8", id="gs1_mod10_prefix_only"),
        pytest.param("00000000000000000", "0", id="gs1_mod10_all_zero"),
        pytest.param("54144123456789012", _mod10_by_hand("54144123456789012"), id="gs1_mod10_matches_hand_rule"),
    ],
)
def test_gsrn_check_digit(first17, digit):
    assert gsrn_check_digit(first17) == digit


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param("5414400000000000", id="gsrn_body_too_short"),
        pytest.param("541440000000000012", id="gsrn_body_too_long"),
        pytest.param("5414400000000000x", id="gsrn_body_not_digits"),
    ],
)
def test_gsrn_check_digit_rejects_bad_body(bad):
    with pytest.raises(ValueError):
        gsrn_check_digit(bad)


@pytest.mark.parametrize(
    ("ean", "valid"),
    [
        pytest.param("541440000000000019", True, id="ean_valid"),
        pytest.param("541440000000000018", False, id="ean_wrong_check_digit_rejected"),
        pytest.param("54144000000000001", False, id="ean_17_digits_rejected"),
        pytest.param("5414400000000000190", False, id="ean_19_digits_rejected"),
        pytest.param("54144000000000001a", False, id="ean_letters_rejected"),
        pytest.param("541440000000 000019", False, id="ean_spaces_rejected"),
        pytest.param("５４１４４0000000000019"[:18], False, id="ean_fullwidth_digits_rejected"),
        pytest.param("", False, id="ean_empty_rejected"),
    ],
)
def test_is_valid_ean(ean, valid):
    assert is_valid_ean(ean) is valid


@pytest.mark.parametrize(
    ("body12", "ean"),
    [
        pytest.param("000000000001", "541440000000000019", id="make_ean_prefix_body_check"),
        pytest.param("882000000000", "541448820000000008", id="make_ean_other_body"),
    ],
)
def test_make_ean(body12, ean):
    assert make_ean(body12) == ean
    assert is_valid_ean(ean)


@pytest.mark.parametrize("bad", ["00000000001", "0000000000012", "00000000000a"])
def test_make_ean_rejects_bad_body(bad):
    with pytest.raises(ValueError):
        make_ean(bad)


# seed 000, Vraag 6: "aan de oplaadterminal moet je nog steeds het referentienummer gebruiken
# (13 cijfers na 54144 van EAN)"
@pytest.mark.parametrize(
    ("ean", "reference"),
    [
        pytest.param("541440000000000019", "0000000000019", id="reference_13_digits_after_54144"),
        pytest.param("541448820000000008", "8820000000008", id="reference_keeps_check_digit"),
    ],
)
def test_reference_number(ean, reference):
    assert reference_number(ean) == reference
    assert len(reference) == 13


@pytest.mark.parametrize(
    "ean",
    [
        pytest.param("541440000000000018", id="reference_refuses_wrong_check_digit"),
        pytest.param("871234567890123451", id="reference_refuses_non_54144_prefix"),
        pytest.param("5414400000000000", id="reference_refuses_short_ean"),
    ],
)
def test_reference_number_refuses(ean):
    with pytest.raises(ValueError):
        reference_number(ean)
