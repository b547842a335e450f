"""Top-up amount bounds and the EPC069-12 v002 QR payload for a bank transfer.

seed 000, Vraag 10: "je kan via overschrijving betalen met het referentienummer van de juiste
energie" — the reference number is what lands in the remittance text.
"""

from decimal import Decimal

import pytest
import segno

from server.rules.payment import (
    MAX_TOPUP_CENTS,
    MIN_TOPUP_CENTS,
    epc_qr_payload,
)

IBAN = "BE71096123456769"
REFERENCE = "0000000000019"  # reference_number("541440000000000019")


def _payload(**overrides):
    args = dict(
        beneficiary="Demo Netbeheerder Prepaid",
        iban=IBAN,
        bic="GKCCBEBB",
        amount_cents=1250,
        remittance_text=REFERENCE,
    )
    args.update(overrides)
    return epc_qr_payload(**args)


def test_topup_bounds():
    # seed 002: "het bedrag van uw oplaadbeurt (minimaal 0,50 euro)"
    assert MIN_TOPUP_CENTS == 50
    assert MAX_TOPUP_CENTS == 100_000


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param(
            {},
            "BCD\n002\n1\nSCT\nGKCCBEBB\nDemo Netbeheerder Prepaid\nBE71096123456769\nEUR12.50\n\n\n0000000000019",
            id="epc_full_payload_reference_in_unstructured_text",
        ),
        pytest.param(
            {"iban": "be71 0961 2345 6769", "bic": "gkcc bebb"},
            "BCD\n002\n1\nSCT\nGKCCBEBB\nDemo Netbeheerder Prepaid\nBE71096123456769\nEUR12.50\n\n\n0000000000019",
            id="epc_iban_and_bic_compacted",
        ),
        pytest.param(
            {"bic": None, "amount_cents": None},
            "BCD\n002\n1\nSCT\n\nDemo Netbeheerder Prepaid\nBE71096123456769\n\n\n\n0000000000019",
            id="epc_v002_bic_and_amount_may_be_empty",
        ),
        pytest.param(
            {"remittance_text": ""},
            "BCD\n002\n1\nSCT\nGKCCBEBB\nDemo Netbeheerder Prepaid\nBE71096123456769\nEUR12.50",
            id="epc_trailing_empty_lines_dropped",
        ),
        pytest.param(
            {"amount_cents": 1, "remittance_text": ""},
            "BCD\n002\n1\nSCT\nGKCCBEBB\nDemo Netbeheerder Prepaid\nBE71096123456769\nEUR0.01",
            id="epc_minimum_amount_one_cent",
        ),
        pytest.param(
            {"amount_cents": 99_999_999_999, "remittance_text": ""},
            "BCD\n002\n1\nSCT\nGKCCBEBB\nDemo Netbeheerder Prepaid\nBE71096123456769\nEUR999999999.99",
            id="epc_maximum_amount",
        ),
        pytest.param(
            {"amount_cents": 100, "remittance_text": ""},
            "BCD\n002\n1\nSCT\nGKCCBEBB\nDemo Netbeheerder Prepaid\nBE71096123456769\nEUR1.00",
            id="epc_amount_two_decimals",
        ),
    ],
)
def test_epc_payload(overrides, expected):
    assert _payload(**overrides) == expected


def test_epc_fields_land_on_their_lines():
    lines = _payload(beneficiary="OCMW Gent", amount_cents=2000).split("\n")
    assert lines[0] == "BCD"
    assert lines[1] == "002"
    assert lines[2] == "1"
    assert lines[3] == "SCT"
    assert lines[4] == "GKCCBEBB"
    assert lines[5] == "OCMW Gent"
    assert lines[6] == IBAN
    assert lines[7] == "EUR20.00"
    assert lines[8] == ""  # purpose
    assert lines[9] == ""  # structured RF reference: the Belgian number is not an RF reference
    assert lines[10] == REFERENCE
    assert len(lines) == 11


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"iban": "BE71096123456768"}, id="epc_invalid_iban_checksum"),
        pytest.param({"iban": ""}, id="epc_missing_iban"),
        pytest.param({"bic": "NOTABIC"}, id="epc_invalid_bic"),
        pytest.param({"amount_cents": 0}, id="epc_amount_zero"),
        pytest.param({"amount_cents": -1}, id="epc_amount_negative"),
        pytest.param({"amount_cents": 100_000_000_000}, id="epc_amount_above_999999999_99"),
        pytest.param({"amount_cents": 12.5}, id="epc_amount_not_integer_cents"),
        pytest.param({"beneficiary": ""}, id="epc_name_required"),
        pytest.param({"beneficiary": "x" * 71}, id="epc_name_max_70"),
        pytest.param({"beneficiary": "A\nB"}, id="epc_name_single_line"),
        pytest.param({"remittance_text": "1" * 141}, id="epc_text_max_140"),
        pytest.param({"remittance_text": "1\n2"}, id="epc_text_single_line"),
        pytest.param({"beneficiary": "É" * 70, "remittance_text": "9" * 140}, id="epc_payload_max_331_bytes"),
    ],
)
def test_epc_payload_refuses(overrides):
    with pytest.raises(ValueError):
        _payload(**overrides)


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({}, id="segno_encodes_full_payload"),
        pytest.param({"beneficiary": "x" * 70, "remittance_text": "9" * 140}, id="segno_encodes_longest_fields"),
        pytest.param({"beneficiary": "É" * 70, "remittance_text": "9" * 139}, id="segno_encodes_331_utf8_bytes"),
        pytest.param({"bic": None, "amount_cents": None}, id="segno_encodes_without_amount"),
    ],
)
def test_segno_can_encode(overrides):
    payload = _payload(**overrides)
    qr = segno.make(payload, error="m")
    assert qr.error == "M"
    assert qr.version is not None


# Amounts whose last cent digit is not 0: segno writes "EUR12.5" where we write "EUR12.50" (both allowed).
@pytest.mark.parametrize(
    ("amount_cents", "bic"),
    [(1234, "GKCCBEBB"), (1, "GKCCBEBB"), (99_999_999_999, "GKCCBEBB"), (1234, None)],
    ids=["12.34", "0.01", "max", "no-bic"],
)
def test_epc_qr_matches_segno_public_helper(amount_cents, bic):
    # An independent EPC builder, segno's public helpers.make_epc_qr (forced to charset 1 = UTF-8),
    # draws the very same QR symbol as our payload encoded the way that helper encodes (error level M,
    # no boost): the same modules mean the same bytes in the code a banking app scans.
    from segno import helpers

    ours = _payload(beneficiary="Crédit Prepaid", amount_cents=amount_cents, bic=bic)
    theirs = helpers.make_epc_qr(
        name="Crédit Prepaid",
        iban=IBAN,
        amount=Decimal(amount_cents) / 100,
        text=REFERENCE,
        bic=bic,
        encoding="utf-8",
    )
    drawn = segno.make_qr(ours.encode("utf-8"), error="m", boost_error=False)
    assert (drawn.version, drawn.error, drawn.mask) == (theirs.version, theirs.error, theirs.mask)
    assert drawn.matrix == theirs.matrix
    # And the comparison can tell: one cent more (or less) is another symbol.
    one_cent_off = amount_cents + (1 if amount_cents % 10 != 9 else -1)
    other_payload = _payload(beneficiary="Crédit Prepaid", amount_cents=one_cent_off, bic=bic)
    other = segno.make_qr(other_payload.encode("utf-8"), error="m", boost_error=False)
    assert other.matrix != theirs.matrix