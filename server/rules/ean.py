"""EAN codes of meters (GS1 GSRN-18) and the Belgian payment reference derived from them."""

from __future__ import annotations

from stdnum import ean as _gs1

# Every Belgian access point EAN starts with this GS1 company prefix; the payment reference
# is what follows it.
BELGIAN_PREFIX = "54144"
EAN_LENGTH = 18


def gsrn_check_digit(first17: str) -> str:
    """The GS1 mod-10 check digit of the first 17 digits of a GSRN."""
    if len(first17) != EAN_LENGTH - 1 or not first17.isdigit():
        raise ValueError("a GSRN body has exactly 17 digits")
    return _gs1.calc_check_digit(first17)


def is_valid_ean(ean: str) -> bool:
    # Digit 18 is checked here on purpose: stdnum's gs1_128 accepted a GSRN with a wrong
    # check digit (a pitfall of the library, checked).
    if len(ean) != EAN_LENGTH or not ean.isdigit() or not ean.isascii():
        return False
    return gsrn_check_digit(ean[:-1]) == ean[-1]


def make_ean(body12: str) -> str:
    """A valid Belgian EAN from 12 free digits (demo data)."""
    if len(body12) != 12 or not body12.isdigit() or not body12.isascii():
        raise ValueError("the EAN body has exactly 12 digits")
    first17 = BELGIAN_PREFIX + body12
    return first17 + gsrn_check_digit(first17)


def reference_number(ean: str) -> str:
    """The number a household pays with: the 13 digits that follow 54144 in the EAN."""
    # seed 000, Vraag 6: "aan de oplaadterminal moet je nog steeds het referentienummer
    # gebruiken (13 cijfers na 54144 van EAN)" — and Vraag 10 uses the same number for transfers.
    if not is_valid_ean(ean):
        raise ValueError("not a valid 18-digit EAN")
    if not ean.startswith(BELGIAN_PREFIX):
        raise ValueError("not a Belgian EAN: it does not start with 54144")
    return ean[len(BELGIAN_PREFIX):]
