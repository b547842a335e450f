"""Meters and their top-up history. Every read is scoped to an account: a client never
reaches another client's meter, not even to learn that it exists."""

from __future__ import annotations

from typing import Any

from .db import Transaction

_COLUMNS = (
    "ean, account_id, energy, balance_cents, emergency_credit_limit_cents, negative_credit_limit_cents, "
    "minimum_supply_active, average_daily_cost_cents, updated_at"
)


def for_account(tx: Transaction, account_id: int) -> list[dict[str, Any]]:
    return tx.all(f"SELECT {_COLUMNS} FROM meters WHERE account_id = ? ORDER BY energy, ean", (account_id,))


def get(tx: Transaction, account_id: int, ean: str) -> dict[str, Any] | None:
    return tx.one(f"SELECT {_COLUMNS} FROM meters WHERE account_id = ? AND ean = ?", (account_id, ean))


def with_live_token(tx: Transaction, token_hash: str, ean: str) -> dict[str, Any] | None:
    """A meter together with the token asking for it, in one look-up, when the meter belongs to the
    token's account (the hot path of server.fastpath; the token's expiry is checked by the caller)."""
    return tx.one(
        "SELECT t.last_used_at, t.expires_at, t.revoked_at, "
        + ", ".join("m." + c.strip() for c in _COLUMNS.split(","))
        + " FROM tokens t JOIN meters m ON m.account_id = t.account_id WHERE t.token_hash = ? AND m.ean = ?",
        (token_hash, ean),
    )


def create(tx: Transaction, **meter: Any) -> None:
    columns = ", ".join(meter)
    marks = ", ".join("?" for _ in meter)
    tx.execute(f"INSERT INTO meters ({columns}) VALUES ({marks})", tuple(meter.values()))


def add_topup(tx: Transaction, *, ean: str, amount_cents: int, channel: str, location: str | None, at: int) -> None:
    tx.execute(
        "INSERT INTO topups (ean, amount_cents, channel, location, at) VALUES (?, ?, ?, ?, ?)",
        (ean, amount_cents, channel, location, at),
    )


def topups_page(
    tx: Transaction, ean: str, *, before: tuple[int, int] | None, limit: int
) -> list[dict[str, Any]]:
    """Newest first; keyset paging on (at, id) so pages stay stable while new top-ups arrive."""
    if before is None:
        return tx.all(
            "SELECT id, amount_cents, channel, location, at FROM topups WHERE ean = ? "
            "ORDER BY at DESC, id DESC LIMIT ?",
            (ean, limit),
        )
    at, row_id = before
    return tx.all(
        "SELECT id, amount_cents, channel, location, at FROM topups WHERE ean = ? "
        "AND (at < ? OR (at = ? AND id < ?)) ORDER BY at DESC, id DESC LIMIT ?",
        (ean, at, at, row_id, limit),
    )
