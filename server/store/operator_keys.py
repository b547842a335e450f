"""Operator keys: credentials of machine clients (the operator's back office), stored only as hashes."""

from __future__ import annotations

from typing import Any

from .db import Transaction

# The operator of keys made without --operator, of keys and accounts from before operators existed
# (migration 8 writes this name), and of the demo's households.
DEFAULT_OPERATOR = "default"


def create(tx: Transaction, *, name: str, key_hash: str, now: int, operator: str = DEFAULT_OPERATOR) -> None:
    tx.execute(
        "INSERT INTO operator_keys (name, key_hash, created_at, operator) VALUES (?, ?, ?, ?)",
        (name, key_hash, now, operator),
    )


def live_by_hash(tx: Transaction, key_hash: str) -> dict[str, Any] | None:
    """The key's row when it exists and was not revoked."""
    return tx.one(
        "SELECT id, name, operator FROM operator_keys WHERE key_hash = ? AND revoked_at IS NULL", (key_hash,)
    )


def all_keys(tx: Transaction) -> list[dict[str, Any]]:
    return tx.all("SELECT name, operator, created_at, revoked_at FROM operator_keys ORDER BY name")


def revoke(tx: Transaction, name: str, *, now: int) -> bool:
    """Whether a live key of that name was revoked now."""
    row = tx.one(
        "UPDATE operator_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL RETURNING id", (now, name)
    )
    return row is not None
