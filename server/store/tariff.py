"""Social-tariff status per energy, as the supplier last received it from the FOD Economie."""

from __future__ import annotations

from typing import Any

from .db import Transaction


def for_account(tx: Transaction, account_id: int) -> list[dict[str, Any]]:
    return tx.all(
        "SELECT energy, active, category, start_date, end_date, source FROM social_tariff "
        "WHERE account_id = ? ORDER BY energy",
        (account_id,),
    )


def put(
    tx: Transaction,
    *,
    account_id: int,
    energy: str,
    active: bool,
    category: str | None,
    start_date: str | None,
    end_date: str | None,
    source: str | None,
) -> None:
    tx.execute(
        "INSERT INTO social_tariff (account_id, energy, active, category, start_date, end_date, source) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (account_id, energy, int(active), category, start_date, end_date, source),
    )


def clear(tx: Transaction, account_id: int) -> None:
    tx.execute("DELETE FROM social_tariff WHERE account_id = ?", (account_id,))
