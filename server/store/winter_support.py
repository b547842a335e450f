"""Winter support (issue 21): requests, grants and their preparations (one per grant and due date)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .db import Transaction

_REQUEST = (
    "r.id, r.account_id, r.organisation_id, r.household_size, r.message, r.status, r.created_at, r.decided_at, "
    "r.decided_by_name, r.reason, o.name AS organisation_name, a.display_name, a.language"
)
_REQUEST_FROM = "winter_requests r JOIN organisations o ON o.id = r.organisation_id JOIN accounts a ON a.id = r.account_id"
_GRANT = (
    "g.id, g.request_id, g.account_id, g.organisation_id, g.ean, g.amount_cents, g.every_days, g.first_date, "
    "g.last_date, g.created_at, g.next_due_at, g.stopped_at, g.stopped_by_name, g.stop_reason, o.name AS organisation_name"
)
_GRANT_FROM = "winter_grants g JOIN organisations o ON o.id = g.organisation_id"


# --- requests ---------------------------------------------------------------------------------------

def open_request(tx: Transaction, *, account_id: int, organisation_id: int) -> dict[str, Any] | None:
    return tx.one(
        "SELECT id FROM winter_requests WHERE account_id = ? AND organisation_id = ? AND status = 'requested'",
        (account_id, organisation_id),
    )


def create_request(tx: Transaction, *, account_id: int, organisation_id: int, household_size: int,
                   message: str | None, now: int) -> int:
    row = tx.one(
        "INSERT INTO winter_requests (account_id, organisation_id, household_size, message, created_at) "
        "VALUES (?, ?, ?, ?, ?) RETURNING id",
        (account_id, organisation_id, household_size, message, now),
    )
    assert row is not None
    return int(row["id"])


def requests_of_account(tx: Transaction, account_id: int) -> list[dict[str, Any]]:
    """Newest first."""
    return tx.all(f"SELECT {_REQUEST} FROM {_REQUEST_FROM} WHERE r.account_id = ? ORDER BY r.id DESC", (account_id,))


def requests_of_organisation(tx: Transaction, organisation_id: int, *, status: str | None,
                             before_id: int | None, limit: int) -> list[dict[str, Any]]:
    """Newest first; keyset paging on the id."""
    where, params = ["r.organisation_id = ?"], [organisation_id]
    if status is not None:
        where.append("r.status = ?")
        params.append(status)
    if before_id is not None:
        where.append("r.id < ?")
        params.append(before_id)
    return tx.all(
        f"SELECT {_REQUEST} FROM {_REQUEST_FROM} WHERE {' AND '.join(where)} ORDER BY r.id DESC LIMIT ?",
        (*params, limit),
    )


def request_of_organisation(tx: Transaction, organisation_id: int, request_id: int, *,
                            lock: bool = False) -> dict[str, Any] | None:
    """The request when it went to this organisation (another's is None, like no request). With `lock`,
    two decisions on one request are one after the other."""
    if lock:
        tx.lock(f"winter_request:{request_id}")
    return tx.one(f"SELECT {_REQUEST} FROM {_REQUEST_FROM} WHERE r.id = ? AND r.organisation_id = ?",
                  (request_id, organisation_id))


def decide(tx: Transaction, request_id: int, *, approved: bool, staff_id: int, name: str, reason: str,
           now: int) -> None:
    tx.execute(
        "UPDATE winter_requests SET status = ?, decided_at = ?, decided_by_staff_id = ?, decided_by_name = ?, "
        "reason = ? WHERE id = ?",
        ("approved" if approved else "refused", now, staff_id, name, reason, request_id),
    )


def requests_by_id(tx: Transaction, request_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The requests and their grants' terms (when approved) and stop, for the words of their notices."""
    if not request_ids:
        return {}
    marks = ", ".join("?" for _ in request_ids)
    rows = tx.all(
        f"SELECT {_REQUEST}, g.amount_cents, g.every_days, g.first_date, g.last_date, g.stopped_at, g.stop_reason "
        f"FROM {_REQUEST_FROM} "
        f"LEFT JOIN winter_grants g ON g.request_id = r.id WHERE r.id IN ({marks})",
        list(request_ids),
    )
    return {int(r["id"]): r for r in rows}


# --- grants -----------------------------------------------------------------------------------------

def create_grant(tx: Transaction, *, request_id: int, account_id: int, organisation_id: int, ean: str,
                 amount_cents: int, every_days: int, first_date: str, last_date: str, next_due_at: int | None,
                 now: int) -> int:
    row = tx.one(
        "INSERT INTO winter_grants (request_id, account_id, organisation_id, ean, amount_cents, every_days, "
        "first_date, last_date, created_at, next_due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (request_id, account_id, organisation_id, ean, amount_cents, every_days, first_date, last_date, now, next_due_at),
    )
    assert row is not None
    return int(row["id"])


def grants_of_requests(tx: Transaction, request_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    if not request_ids:
        return {}
    marks = ", ".join("?" for _ in request_ids)
    rows = tx.all(f"SELECT {_GRANT} FROM {_GRANT_FROM} WHERE g.request_id IN ({marks})", list(request_ids))
    return {int(r["request_id"]): r for r in rows}


def grant_of_organisation(tx: Transaction, organisation_id: int, grant_id: int, *,
                          lock: bool = False) -> dict[str, Any] | None:
    if lock:
        tx.lock(f"winter_grant:{grant_id}")
    return tx.one(f"SELECT {_GRANT} FROM {_GRANT_FROM} WHERE g.id = ? AND g.organisation_id = ?",
                  (grant_id, organisation_id))


def stop(tx: Transaction, grant_id: int, *, staff_id: int, name: str, reason: str, now: int) -> bool:
    """False when the grant was stopped already (by a stop that came first)."""
    cursor = tx.execute(
        "UPDATE winter_grants SET stopped_at = ?, stopped_by_staff_id = ?, stopped_by_name = ?, stop_reason = ?, "
        "next_due_at = NULL WHERE id = ? AND stopped_at IS NULL",
        (now, staff_id, name, reason, grant_id),
    )
    return cursor.rowcount == 1


def grants_of_organisation_between(tx: Transaction, organisation_id: int, *, first: str, last: str) -> list[dict[str, Any]]:
    """The organisation's grants with a date range that meets [first, last] (ISO dates compare as text),
    with their household's name."""
    return tx.all(
        f"SELECT {_GRANT}, a.display_name FROM {_GRANT_FROM} JOIN accounts a ON a.id = g.account_id "
        "WHERE g.organisation_id = ? AND g.first_date <= ? AND g.last_date >= ? ORDER BY g.id",
        (organisation_id, last, first),
    )


# --- preparations (the sweep) --------------------------------------------------------------------------

def due_grants(tx: Transaction, *, now: int, limit: int) -> list[dict[str, Any]]:
    """Grants with a due date whose 08:00 has come. On PostgreSQL each is locked for this sweep and
    skipped by another running at once (SKIP LOCKED); the primary key of winter_preparations is what
    makes each amount once in any case."""
    sql = (
        "SELECT g.id, g.account_id, g.organisation_id, g.ean, g.amount_cents, g.every_days, g.first_date, "
        "g.last_date, o.name AS organisation_name FROM winter_grants g JOIN organisations o ON o.id = g.organisation_id "
        "WHERE g.next_due_at IS NOT NULL AND g.next_due_at <= ? AND g.stopped_at IS NULL ORDER BY g.next_due_at, g.id LIMIT ?"
    )
    if tx.dialect == "postgresql":
        sql += " FOR UPDATE OF g SKIP LOCKED"
    return tx.all(sql, (now, limit))


def last_prepared(tx: Transaction, grant_id: int) -> str | None:
    row = tx.one("SELECT MAX(due_date) AS d FROM winter_preparations WHERE grant_id = ?", (grant_id,))
    return (row or {}).get("d")


def claim_preparation(tx: Transaction, grant_id: int, due_date: str, *, now: int) -> bool:
    """True for the one insert of (grant, due date) that wins; any other inserts nothing."""
    return tx.one(
        "INSERT INTO winter_preparations (grant_id, due_date, prepared_at) VALUES (?, ?, ?) "
        "ON CONFLICT (grant_id, due_date) DO NOTHING RETURNING grant_id",
        (grant_id, due_date, now),
    ) is not None


def link_preparation(tx: Transaction, grant_id: int, due_date: str, pending_topup_id: int) -> None:
    tx.execute("UPDATE winter_preparations SET pending_topup_id = ? WHERE grant_id = ? AND due_date = ?",
               (pending_topup_id, grant_id, due_date))


def set_next_due(tx: Transaction, grant_id: int, next_due_at: int | None) -> None:
    tx.execute("UPDATE winter_grants SET next_due_at = ? WHERE id = ? AND stopped_at IS NULL", (next_due_at, grant_id))


def preparations_of(tx: Transaction, grant_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """Each grant's preparations by due date, with their pending top-up's state."""
    if not grant_ids:
        return {}
    marks = ", ".join("?" for _ in grant_ids)
    found: dict[int, list[dict[str, Any]]] = {int(g): [] for g in grant_ids}
    for r in tx.all(
        "SELECT w.grant_id, w.due_date, w.prepared_at, w.pending_topup_id, p.amount_cents, p.status, p.loaded_at "
        f"FROM winter_preparations w LEFT JOIN pending_topups p ON p.id = w.pending_topup_id WHERE w.grant_id IN ({marks}) "
        "ORDER BY w.grant_id, w.due_date",
        list(grant_ids),
    ):
        found[int(r["grant_id"])].append(r)
    return found
