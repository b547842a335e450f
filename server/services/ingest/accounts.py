"""Households upserted by the operator's own reference (`account_ref`).

The Prepaid-code is write-only: only its keyed hash is stored, as in v1, and it is kept when an
update leaves it out. Meters are upserted and never silently removed.

An account belongs to the operator that created it: another operator's writer finds no account by
that reference (`not_found`), so it can neither rename it nor give it a Prepaid-code to log in with.
A change of Prepaid-code is noted in the household's access log; every change in the audit.
"""

from __future__ import annotations

from typing import Any

from ...core import security
from ..geo.postcodes import is_postcode_format, lookup_postcode
from ...rules.balance import READING_EMERGENCY_CREDIT_MAX_CENTS
from ...store import access_log, accounts, meters
from ...store.db import Transaction
from . import fields
from .fields import Invalid
from .writer import Writer

REQUIRED = ("display_name", "postal_code", "language", "meters")
OPTIONAL = ("prepaid_code",)
METER_REQUIRED = ("ean", "energy", "emergency_credit_limit_cents")
METER_OPTIONAL = ("negative_credit_limit_cents",)
MAX_METERS = 20


def account_ref(value: Any) -> str:
    if not isinstance(value, str) or fields.ACCOUNT_REF.fullmatch(value) is None:
        raise fields.invalid("account_ref: 1 to 64 of A-Z a-z 0-9 . _ -")
    return value


def postal_code(item: dict[str, Any]) -> str:
    code = item.get("postal_code")
    if not isinstance(code, str) or not is_postcode_format(code.strip()):
        raise fields.invalid("postal_code: 4 digits")
    if lookup_postcode(code.strip()) is None:
        raise Invalid("unknown_postal_code", f"postal_code: there is no Belgian postcode {code.strip()}")
    return code.strip()


def _meter(item: Any, index: int) -> dict[str, Any]:
    try:
        fields.require_fields(item, METER_REQUIRED, METER_OPTIONAL)
        return {
            "ean": fields.ean(item),
            "energy": fields.choice(item, "energy", fields.ENERGIES),
            "emergency_credit_limit_cents": fields.cents(
                item, "emergency_credit_limit_cents", low=0, high=READING_EMERGENCY_CREDIT_MAX_CENTS
            ),
            # The size of the limit: seed 002's "-50 euro" is 5000 (server.rules.balance.MeterState).
            "negative_credit_limit_cents": fields.cents(
                item, "negative_credit_limit_cents", low=0, high=READING_EMERGENCY_CREDIT_MAX_CENTS, optional=True
            ),
        }
    except Invalid as exc:
        raise Invalid(exc.code, f"meters[{index}].{exc.message}") from None


def parse(body: Any) -> dict[str, Any]:
    fields.require_fields(body, REQUIRED, OPTIONAL)
    code = body.get("prepaid_code")
    if code is not None:
        code = security.normalise_prepaid_code(code) if isinstance(code, str) else None
        if code is None:
            raise fields.invalid("prepaid_code: 10 digits")
    if not isinstance(body["meters"], list) or len(body["meters"]) > MAX_METERS:
        raise fields.invalid(f"meters: a list of at most {MAX_METERS}")
    meter_list = [_meter(m, i) for i, m in enumerate(body["meters"])]
    if len({m["ean"] for m in meter_list}) != len(meter_list):
        raise fields.invalid("meters: an ean appears twice")
    return {
        "display_name": fields.text(body, "display_name", max_length=100),
        "postal_code": postal_code(body),
        "language": fields.choice(body, "language", fields.LANGUAGES),
        "prepaid_code": code,
        "meters": meter_list,
    }


def of_writer(tx: Transaction, ref: str, writer: Writer) -> dict[str, Any] | None:
    """The account by this reference when it is the writer's operator's (another's: as if none)."""
    account = accounts.by_ref(tx, ref)
    return account if account is not None and account["operator"] == writer.operator else None


def upsert(tx: Transaction, ref: str, body: Any, *, secret_key: bytes, now: int, writer: Writer) -> str:
    """Creates or updates the household: "created", "updated" or "unchanged". Invalid on bad input,
    with `conflict` for an EAN of another account or a Prepaid-code already in use, `not_found` for
    another operator's account."""
    ref = account_ref(ref)
    data = parse(body)
    tx.lock(f"account_ref:{ref}")
    account = accounts.by_ref(tx, ref)
    if account is not None and account["operator"] != writer.operator:
        raise Invalid("not_found", f"no account {ref}")
    code_hash = security.prepaid_code_hash(secret_key, data["prepaid_code"]) if data["prepaid_code"] else None
    if code_hash is not None:
        holder = accounts.by_prepaid_code_hash(tx, code_hash)
        if holder is not None and (account is None or holder["id"] != account["id"]):
            raise Invalid("conflict", "prepaid_code: already in use by another account")
    owners = meters.owners(tx, [m["ean"] for m in data["meters"]])
    for m in data["meters"]:
        owner = owners.get(m["ean"])
        if owner is not None and (account is None or owner != account["id"]):
            raise Invalid("conflict", f"meters: ean {m['ean']} belongs to another account")
    if account is not None and _unchanged(tx, account, data, code_hash):
        return "unchanged"
    if account is None:
        if code_hash is None:
            raise fields.invalid("prepaid_code: needed for a new account (the household logs in with it)")
        account_id = accounts.create(
            tx,
            display_name=data["display_name"],
            language=data["language"],
            postal_code=data["postal_code"],
            prepaid_code_hash=code_hash,
            prepaid_code_last_digits=data["prepaid_code"][-2:],
            username=None,
            password_hash=None,
            protected_customer=False,
            tariff_checked_at=None,
            created_at=now,
        )
        accounts.set_ref(tx, account_id, ref, operator=writer.operator)
    else:
        account_id = int(account["id"])
        accounts.update_profile(
            tx, account_id, display_name=data["display_name"], postal_code=data["postal_code"], language=data["language"]
        )
    code_changed = account is not None and code_hash is not None and code_hash != account["prepaid_code_hash"]
    if code_changed:
        accounts.set_prepaid_code(tx, account_id, code_hash=code_hash, last_digits=data["prepaid_code"][-2:])  # type: ignore[arg-type]
        # Whoever holds the new code can log in as the household: it sees who set it, as for a helper.
        access_log.record(
            tx,
            account_id=account_id,
            at=now,
            actor="operator",
            method="prepaid_code_changed",
            visitor_name=writer.name,
            visitor_organisation=writer.operator,
        )
    for m in data["meters"]:
        meters.upsert(tx, account_id=account_id, now=now, **m)
    details = {"created": int(account is None), "meters": len(data["meters"]), "prepaid_code_changed": int(code_changed)}
    writer.audit(tx, "upsert_account", target=ref, details=details, now=now)
    return "created" if account is None else "updated"


def _unchanged(tx: Transaction, account: dict[str, Any], data: dict[str, Any], code_hash: str | None) -> bool:
    """Whether the upsert would change nothing (a re-imported file)."""
    if any(account[k] != data[k] for k in ("display_name", "postal_code", "language")):
        return False
    if code_hash is not None and account["prepaid_code_hash"] != code_hash:
        return False
    stored = {m["ean"]: m for m in meters.for_account(tx, int(account["id"]))}
    keys = ("energy", "emergency_credit_limit_cents", "negative_credit_limit_cents")
    return all(m["ean"] in stored and all(stored[m["ean"]][k] == m[k] for k in keys) for m in data["meters"])
