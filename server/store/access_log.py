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


def record_many(
    tx: Transaction,
    account_ids: list[int],
    *,
    at: int,
    method: str,
    helper_name: str,
    helper_organisation: str,
    staff_id: int,
) -> None:
    """One staff entry per household (a caseload list or export shows many at once)."""
    tx.executemany(
        "INSERT INTO access_log (account_id, at, actor, method, helper_name, helper_organisation, staff_id) "
        "VALUES (?, ?, 'staff', ?, ?, ?, ?)",
        [(a, at, method, helper_name, helper_organisation, staff_id) for a in account_ids],
    )


def staff_logged_since(tx: Transaction, account_ids: list[int], *, staff_id: int, method: str, since: int) -> set[int]:
    """Which of these households already have an entry of this member and method from `since` on."""
    if not account_ids:
        return set()
    marks = ", ".join("?" for _ in account_ids)
    rows = tx.all(
        f"SELECT DISTINCT account_id FROM access_log WHERE account_id IN ({marks}) AND at >= ? "
        "AND staff_id = ? AND method = ?",
        (*account_ids, since, staff_id, method),
    )
    return {int(r["account_id"]) for r in rows}


def for_account(tx: Transaction, account_id: int, *, limit: int) -> list[dict[str, Any]]:
    return tx.all(
        "SELECT id, at, actor, method, helper_name, helper_organisation, note FROM access_log "
        "WHERE account_id = ? ORDER BY at DESC, id DESC LIMIT ?",
        (account_id, limit),
    )
