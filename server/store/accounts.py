"""Accounts: the household behind one Prepaid-code, optionally with a username and password."""

from __future__ import annotations

from typing import Any

from .db import Transaction

_COLUMNS = (
    "id, display_name, language, postal_code, prepaid_code_hash, prepaid_code_last_digits, "
    "username, password_hash, protected_customer, tariff_checked_at, created_at"
)


def by_prepaid_code_hash(tx: Transaction, code_hash: str) -> dict[str, Any] | None:
    return tx.one(f"SELECT {_COLUMNS} FROM accounts WHERE prepaid_code_hash = ?", (code_hash,))


def by_username(tx: Transaction, username: str) -> dict[str, Any] | None:
    return tx.one(f"SELECT {_COLUMNS} FROM accounts WHERE username = ?", (username,))


def by_id(tx: Transaction, account_id: int) -> dict[str, Any] | None:
    return tx.one(f"SELECT {_COLUMNS} FROM accounts WHERE id = ?", (account_id,))


def count(tx: Transaction) -> int:
    row = tx.one("SELECT COUNT(*) AS n FROM accounts")
    return int(row["n"]) if row else 0


def create(
    tx: Transaction,
    *,
    display_name: str,
    language: str,
    postal_code: str,
    prepaid_code_hash: str,
    prepaid_code_last_digits: str,
    username: str | None,
    password_hash: str | None,
    protected_customer: bool,
    tariff_checked_at: int | None,
    created_at: int,
) -> int:
    row = tx.one(
        "INSERT INTO accounts (display_name, language, postal_code, prepaid_code_hash, "
        "prepaid_code_last_digits, username, password_hash, protected_customer, tariff_checked_at, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            display_name,
            language,
            postal_code,
            prepaid_code_hash,
            prepaid_code_last_digits,
            username,
            password_hash,
            int(protected_customer),
            tariff_checked_at,
            created_at,
        ),
    )
    assert row is not None
    return int(row["id"])
