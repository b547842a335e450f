"""Staff members' bearer tokens, stored only as hashes, apart from the households' tokens."""

from __future__ import annotations

from typing import Any

from ..core.token_life import is_live
from .db import Transaction


def issue(tx: Transaction, *, token_hash: str, staff_id: int, scope: str, now: int, expires_at: int) -> None:
    tx.execute(
        "INSERT INTO staff_tokens (token_hash, staff_id, scope, created_at, last_used_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (token_hash, staff_id, scope, now, now, expires_at),
    )


def resolve(tx: Transaction, token_hash: str, *, now: int, idle_seconds: int) -> dict[str, Any] | None:
    """The live token with its member; None when unknown, revoked, expired, or the member was removed
    (removal ends every session at once, whatever the token's own expiry)."""
    row = tx.one(
        "SELECT t.token_hash, t.scope, t.last_used_at, t.expires_at, t.revoked_at, s.id AS staff_id, "
        "s.organisation_id, s.username, s.display_name, s.is_admin, s.removed_at, o.name AS organisation_name "
        "FROM staff_tokens t JOIN staff s ON s.id = t.staff_id JOIN organisations o ON o.id = s.organisation_id "
        "WHERE t.token_hash = ?",
        (token_hash,),
    )
    if row is None or row["removed_at"] is not None:
        return None
    return row if is_live(row, now=now, idle_seconds=idle_seconds) else None


def touch(tx: Transaction, token_hash: str, *, now: int) -> None:
    tx.execute("UPDATE staff_tokens SET last_used_at = ? WHERE token_hash = ?", (now, token_hash))


def revoke(tx: Transaction, token_hash: str, *, now: int) -> None:
    tx.execute("UPDATE staff_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL", (now, token_hash))


def revoke_all(tx: Transaction, staff_id: int, *, now: int) -> None:
    tx.execute("UPDATE staff_tokens SET revoked_at = ? WHERE staff_id = ? AND revoked_at IS NULL", (now, staff_id))


def purge_dead(tx: Transaction, *, now: int, idle_seconds: int) -> int:
    """Deletes the staff tokens that can never be used again (as server.store.tokens.purge_dead)."""
    cursor = tx.execute(
        "DELETE FROM staff_tokens WHERE expires_at <= ? OR last_used_at <= ? OR revoked_at IS NOT NULL",
        (now, now - idle_seconds),
    )
    return cursor.rowcount
