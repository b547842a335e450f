"""Opaque bearer tokens, stored only as hashes, with idle and absolute expiry."""

from __future__ import annotations

from typing import Any

from ..core.token_life import is_live
from .db import Transaction


def issue(
    tx: Transaction,
    *,
    token_hash: str,
    account_id: int,
    scope: str,
    helper_name: str | None,
    helper_organisation: str | None,
    now: int,
    expires_at: int,
) -> None:
    tx.execute(
        "INSERT INTO tokens (token_hash, account_id, scope, helper_name, helper_organisation, "
        "created_at, last_used_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (token_hash, account_id, scope, helper_name, helper_organisation, now, now, expires_at),
    )


def resolve(tx: Transaction, token_hash: str, *, now: int, idle_seconds: int) -> dict[str, Any] | None:
    """The live token row; None when unknown, revoked or expired."""
    row = tx.one(
        "SELECT token_hash, account_id, scope, helper_name, helper_organisation, created_at, "
        "last_used_at, expires_at, revoked_at FROM tokens WHERE token_hash = ?",
        (token_hash,),
    )
    return row if row is not None and is_live(row, now=now, idle_seconds=idle_seconds) else None


def touch(tx: Transaction, token_hash: str, *, now: int) -> None:
    tx.execute("UPDATE tokens SET last_used_at = ? WHERE token_hash = ?", (now, token_hash))


def revoke(tx: Transaction, token_hash: str, *, now: int) -> None:
    tx.execute(
        "UPDATE tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL", (now, token_hash)
    )


def purge_dead(tx: Transaction, *, now: int, idle_seconds: int) -> int:
    """Deletes the tokens that can never be used again: past their absolute expiry, idle too long,
    or revoked (resolve refuses all three alike). Returns how many went."""
    cursor = tx.execute(
        "DELETE FROM tokens WHERE expires_at <= ? OR last_used_at <= ? OR revoked_at IS NOT NULL",
        (now, now - idle_seconds),
    )
    return cursor.rowcount
