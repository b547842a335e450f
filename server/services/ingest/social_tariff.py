"""The social-tariff status of a household as the operator last received it (FOD Economie applies it
automatically every quarter, seed 003), replaced as a whole per account."""

from __future__ import annotations

from datetime import date
from typing import Any

from ...store import accounts
from ...store import tariff as tariff_store
from ...store.db import Transaction
from . import fields
from .accounts import account_ref, of_writer
from .fields import Invalid
from .writer import Writer

CATEGORIES = ("1", "2A", "2B", "2C", "3", "4")  # seed 003: categories 1, 2A, 2B, 2C, 3 and 4
SOURCES = ("automatic", "certificate")
ENERGIES = ("electricity", "gas", "heat")


def _date(item: dict[str, Any], name: str) -> str | None:
    value = item.get(name)
    if value is None:
        return None
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise fields.invalid(f"{name}: a date YYYY-MM-DD") from None


def _energy(item: Any, index: int) -> dict[str, Any]:
    try:
        fields.require_fields(item, ("energy", "active"), ("category", "start", "end", "source"))
        entry = {
            "energy": fields.choice(item, "energy", ENERGIES),
            "active": fields.flag(item, "active"),
            "category": fields.choice(item, "category", CATEGORIES, optional=True),
            "start_date": _date(item, "start"),
            "end_date": _date(item, "end"),
            "source": fields.choice(item, "source", SOURCES, optional=True),
        }
    except Invalid as exc:
        raise Invalid(exc.code, f"energies[{index}].{exc.message}") from None
    if entry["start_date"] and entry["end_date"] and entry["end_date"] < entry["start_date"]:
        raise fields.invalid(f"energies[{index}]: end before start")
    return entry


def put(tx: Transaction, ref: str, body: Any, *, writer: Writer, now: int) -> int:
    """Replaces the account's status; returns the account id. Invalid("not_found") for an unknown ref
    or another operator's account."""
    ref = account_ref(ref)
    fields.require_fields(body, ("checked_at", "protected_customer", "energies"))
    checked_at = fields.instant(body, "checked_at")
    protected = fields.flag(body, "protected_customer")
    if not isinstance(body["energies"], list) or len(body["energies"]) > len(ENERGIES):
        raise fields.invalid("energies: a list, one entry per energy")
    entries = [_energy(e, i) for i, e in enumerate(body["energies"])]
    if len({e["energy"] for e in entries}) != len(entries):
        raise fields.invalid("energies: an energy appears twice")
    account = of_writer(tx, ref, writer)
    if account is None:
        raise Invalid("not_found", f"no account {ref}")
    account_id = int(account["id"])
    tariff_store.clear(tx, account_id)
    for e in entries:
        tariff_store.put(tx, account_id=account_id, **e)
    accounts.set_tariff_status(tx, account_id, protected_customer=protected, checked_at=checked_at)
    writer.audit(tx, "put_social_tariff", target=ref, details={"energies": len(entries)}, now=now)
    return account_id
