"""Accounts: the household behind one Prepaid-code, optionally with a username and password."""

from __future__ import annotations

from typing import Any

from .db import Transaction

_COLUMNS = (
    "id, display_name, language, postal_code, prepaid_code_hash, prepaid_code_last_digits, "
    "username, password_hash, protected_customer, tariff_checked_at, created_at, operator"
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


# --- the operator data path ---------------------------------------------------------------------


def by_ref(tx: Transaction, account_ref: str) -> dict[str, Any] | None:
    return tx.one(f"SELECT {_COLUMNS} FROM accounts WHERE account_ref = ?", (account_ref,))


def set_ref(tx: Transaction, account_id: int, account_ref: str, *, operator: str) -> None:
    """The operator's reference, and the operator the account belongs to from now on."""
    tx.execute("UPDATE accounts SET account_ref = ?, operator = ? WHERE id = ?", (account_ref, operator, account_id))


def update_profile(
    tx: Transaction, account_id: int, *, display_name: str, postal_code: str, language: str
) -> None:
    tx.execute(
        "UPDATE accounts SET display_name = ?, postal_code = ?, language = ? WHERE id = ?",
        (display_name, postal_code, language, account_id),
    )


def set_prepaid_code(tx: Transaction, account_id: int, *, code_hash: str, last_digits: str) -> None:
    tx.execute(
        "UPDATE accounts SET prepaid_code_hash = ?, prepaid_code_last_digits = ? WHERE id = ?",
        (code_hash, last_digits, account_id),
    )


def set_tariff_status(tx: Transaction, account_id: int, *, protected_customer: bool, checked_at: int) -> None:
    tx.execute(
        "UPDATE accounts SET protected_customer = ?, tariff_checked_at = ? WHERE id = ?",
        (int(protected_customer), checked_at, account_id),
    )
