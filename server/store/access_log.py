"""Who used an account, when, and as whom: clients see every helper's visit.

A visit names its visitor: the staff member and organisation as the server knows them (actor 'staff'),
the name and organisation a v1 helper typed with the Prepaid-code (actor 'helper'), or the operator key
and its operator (actor 'operator'). The columns keep their first name, helper_name and
helper_organisation; the code calls them visitor_name and visitor_organisation, since a staff member
is no helper (issue 24). The API's AccessLogEntry still answers them as helper_name and
helper_organisation (a contract), and said_to_be for a typed name."""

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
    visitor_name: str | None,
    visitor_organisation: str | None,
    staff_id: int | None = None,
    note: str | None = None,
) -> None:
    """For a staff member (actor 'staff') the names are the server's own record of the member and
    their organisation, never typed."""
    tx.execute(
        "INSERT INTO access_log (account_id, at, actor, method, helper_name, helper_organisation, staff_id, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (account_id, at, actor, method, visitor_name, visitor_organisation, staff_id, note),
    )


def record_many(
    tx: Transaction,
    account_ids: list[int],
    *,
    at: int,
    method: str,
    staff_name: str,
    organisation_name: str,
    staff_id: int,
) -> None:
    """One staff entry per household (a caseload list or export shows many at once)."""
    tx.executemany(
        "INSERT INTO access_log (account_id, at, actor, method, helper_name, helper_organisation, staff_id) "
        "VALUES (?, ?, 'staff', ?, ?, ?, ?)",
        [(a, at, method, staff_name, organisation_name, staff_id) for a in account_ids],
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
        "SELECT id, at, actor, method, helper_name AS visitor_name, helper_organisation AS visitor_organisation, note "
        "FROM access_log "
        "WHERE account_id = ? ORDER BY at DESC, id DESC LIMIT ?",
        (account_id, limit),
    )
