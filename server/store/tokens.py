"""Opaque bearer tokens, stored only as hashes, with idle and absolute expiry."""

from __future__ import annotations

from typing import Any

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
    if row is None or row["revoked_at"] is not None:
        return None
    if now >= row["expires_at"] or now - row["last_used_at"] >= idle_seconds:
        return None
    return row


def needs_touch(row: dict[str, Any], *, now: int, idle_seconds: int) -> bool:
    # Writing on every request would serialise all readers behind SQLite's single writer;
    # a little slack on the idle clock (at most a minute) costs nothing.
    return now - row["last_used_at"] >= min(60, idle_seconds // 4)


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
