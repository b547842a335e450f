"""Share codes a household makes to give an organisation a mandate: single use, short-lived, hashed."""

from __future__ import annotations

from typing import Any

from .db import Transaction


def create(
    tx: Transaction, *, code_hash: str, public_id: str, account_id: int, permissions: str, now: int, expires_at: int
) -> None:
    tx.execute(
        "INSERT INTO share_codes (code_hash, public_id, account_id, permissions, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (code_hash, public_id, account_id, permissions, now, expires_at),
    )


def open_of_account(tx: Transaction, account_id: int, *, now: int) -> list[dict[str, Any]]:
    """The account's codes that can still be redeemed (not used, not expired), newest first; public_id
    breaks a tie within one second so that the order is stable."""
    return tx.all(
        "SELECT public_id, permissions, expires_at FROM share_codes "
        "WHERE account_id = ? AND used_at IS NULL AND expires_at > ? ORDER BY created_at DESC, public_id",
        (account_id, now),
    )


def take(tx: Transaction, code_hash: str, *, now: int) -> dict[str, Any] | None:
    """Marks the code used and returns it; None when unknown, used or expired. The conditional update is
    what makes it single use when two redemptions race."""
    row = tx.one(
        "UPDATE share_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? "
        "RETURNING account_id, permissions",
        (now, code_hash, now),
    )
    return row


def purge_dead(tx: Transaction, *, now: int) -> int:
    return tx.execute("DELETE FROM share_codes WHERE expires_at <= ? OR used_at IS NOT NULL", (now,)).rowcount
