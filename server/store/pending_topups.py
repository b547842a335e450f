"""Prepared top-ups ("klaarzetten"), exactly once per idempotency key."""

from __future__ import annotations

from typing import Any

from .db import IntegrityError, Transaction

_COLUMNS = "id, account_id, ean, idempotency_key, request_fingerprint, amount_cents, prepared_by, created_at"


def find(tx: Transaction, account_id: int, idempotency_key: str) -> dict[str, Any] | None:
    return tx.one(
        f"SELECT {_COLUMNS} FROM pending_topups WHERE account_id = ? AND idempotency_key = ?",
        (account_id, idempotency_key),
    )


def create_once(
    tx: Transaction,
    *,
    account_id: int,
    ean: str,
    idempotency_key: str,
    request_fingerprint: str,
    amount_cents: int,
    prepared_by: str | None,
    now: int,
) -> tuple[dict[str, Any], bool]:
    """The row for this key and whether this call created it. The unique constraint, not the
    look-up before it, is what guarantees a single row when two requests race."""
    existing = find(tx, account_id, idempotency_key)
    if existing is not None:
        return existing, False
    try:
        tx.execute(
            "INSERT INTO pending_topups (account_id, ean, idempotency_key, request_fingerprint, amount_cents, "
            "prepared_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (account_id, ean, idempotency_key, request_fingerprint, amount_cents, prepared_by, now),
        )
    except IntegrityError:
        existing = find(tx, account_id, idempotency_key)
        if existing is None:
            raise
        return existing, False
    created = find(tx, account_id, idempotency_key)
    assert created is not None
    return created, True


def count_for_key(tx: Transaction, account_id: int, idempotency_key: str) -> int:
    row = tx.one(
        "SELECT COUNT(*) AS n FROM pending_topups WHERE account_id = ? AND idempotency_key = ?",
        (account_id, idempotency_key),
    )
    return int(row["n"]) if row else 0
