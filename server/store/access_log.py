"""Who used an account, when, and as whom: clients see every helper's visit."""

from __future__ import annotations

from typing import Any

from .db import Transaction


def record(
    tx: Transaction,
    *,
    account_id: int,
    at: int,
    actor: str,
    method: str,
    helper_name: str | None,
    helper_organisation: str | None,
    staff_id: int | None = None,
    note: str | None = None,
) -> None:
    """For a staff member (actor 'staff') the names are the server's own record of the member and
    their organisation, never typed by the helper."""
    tx.execute(
        "INSERT INTO access_log (account_id, at, actor, method, helper_name, helper_organisation, staff_id, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (account_id, at, actor, method, helper_name, helper_organisation, staff_id, note),
    )


def for_account(tx: Transaction, account_id: int, *, limit: int) -> list[dict[str, Any]]:
    return tx.all(
        "SELECT id, at, actor, method, helper_name, helper_organisation, note FROM access_log "
        "WHERE account_id = ? ORDER BY at DESC, id DESC LIMIT ?",
        (account_id, limit),
    )
