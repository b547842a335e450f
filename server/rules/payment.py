"""Paying a top-up by bank transfer: amount bounds and the EPC ("SEPA") QR payload."""

from __future__ import annotations

from stdnum import bic as _bic
from stdnum import iban as _iban
from stdnum.exceptions import ValidationError

# seed 002: "het bedrag van uw oplaadbeurt (minimaal 0,50 euro)"
MIN_TOPUP_CENTS = 50
# No seed gives a maximum; 1000 EUR keeps a typing slip (an extra zero) from becoming a
# transfer a household cannot afford, and is far above any normal prepaid top-up.
MAX_TOPUP_CENTS = 100_000

# EPC069-12: amount "EUR0.01" up to "EUR999999999.99".
EPC_MIN_AMOUNT_CENTS = 1
EPC_MAX_AMOUNT_CENTS = 99_999_999_999
EPC_MAX_NAME = 70
EPC_MAX_UNSTRUCTURED = 140
EPC_MAX_PAYLOAD_BYTES = 331


def _single_line(value: str, field: str, max_len: int, *, required: bool) -> str:
    value = value.strip()
    if required and not value:
        raise ValueError(f"{field} is required")
    # A line break would shift every later field of the payload onto the wrong line.
    if "\n" in value or "\r" in value:
        raise ValueError(f"{field} must be a single line")
    if len(value) > max_len:
        raise ValueError(f"{field} is at most {max_len} characters")
    return value


def _epc_amount(amount_cents: int | None) -> str:
    if amount_cents is None:
        # The payer types the amount in the banking app.
        return ""
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int):
        raise ValueError("the amount is a whole number of euro cents")
    if not EPC_MIN_AMOUNT_CENTS <= amount_cents <= EPC_MAX_AMOUNT_CENTS:
        raise ValueError("an EPC QR amount is between 0.01 and 999999999.99 EUR")
    euros, cents = divmod(amount_cents, 100)
    return f"EUR{euros}.{cents:02d}"


def epc_qr_payload(
    *,
    beneficiary: str,
    iban: str,
    bic: str | None,
    amount_cents: int | None,
    remittance_text: str,
) -> str:
    """The EPC069-12 version 002 payload of a credit transfer QR code.

    The Belgian reference number goes in the unstructured remittance text: the structured
    field is reserved for ISO 11649 "RF" creditor references, which this number is not.
    """
    name = _single_line(beneficiary, "beneficiary", EPC_MAX_NAME, required=True)
    try:
        account = _iban.validate(iban)
    except ValidationError as exc:
        raise ValueError(f"invalid IBAN: {exc}") from None
    bank = ""
    if bic:
        try:
            bank = _bic.validate(bic)
        except ValidationError as exc:
            raise ValueError(f"invalid BIC: {exc}") from None
    text = _single_line(remittance_text, "remittance text", EPC_MAX_UNSTRUCTURED, required=False)
    lines = [
        "BCD",  # service tag
        "002",  # version: BIC optional inside the EEA
        "1",  # character set 1 = UTF-8
        "SCT",  # SEPA credit transfer
        bank,
        name,
        account,
        _epc_amount(amount_cents),
        "",  # purpose code
        "",  # structured (RF) creditor reference
        text,
    ]
    # The standard allows leaving out empty fields at the end.
    while lines and lines[-1] == "":
        lines.pop()
    payload = "\n".join(lines)
    if len(payload.encode("utf-8")) > EPC_MAX_PAYLOAD_BYTES:
        raise ValueError(f"EPC QR payload exceeds {EPC_MAX_PAYLOAD_BYTES} bytes")
    return payload
