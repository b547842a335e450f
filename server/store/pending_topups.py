"""Prepared top-ups ("klaarzetten"), exactly once per idempotency key."""

from __future__ import annotations

from typing import Any

from .db import Transaction

_COLUMNS = (
    "id, account_id, ean, idempotency_key, request_fingerprint, amount_cents, prepared_by, created_at, "
    "status, loaded_topup_id, loaded_at, channel, funded_by_organisation_id"
)


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
    channel: str | None = None,
    funded_by_organisation_id: int | None = None,
) -> tuple[dict[str, Any], bool]:
    """The row for this key and whether this call created it. The unique constraint is what
    guarantees a single row when two requests race, in one process or across workers. `channel` and
    `funded_by_organisation_id`: an OCMW's winter grant ('ocmw', the organisation that pays)."""
    # ON CONFLICT DO NOTHING rather than catching the error: in PostgreSQL a failed statement
    # aborts the whole transaction, and the row of the racing request must still be read.
    inserted = tx.one(
        "INSERT INTO pending_topups (account_id, ean, idempotency_key, request_fingerprint, amount_cents, "
        "prepared_by, created_at, channel, funded_by_organisation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (account_id, idempotency_key) DO NOTHING RETURNING id",
        (account_id, ean, idempotency_key, request_fingerprint, amount_cents, prepared_by, now, channel,
         funded_by_organisation_id),
    )
    row = find(tx, account_id, idempotency_key)
    assert row is not None
    return row, inserted is not None


# --- the back office ("klaarzetten" closes when the operator reports the top-up) -----------------

STATUSES = ("open", "loaded")


def page_for_operator(
    tx: Transaction, *, operator: str, status: str | None, after: tuple[int, int] | None, limit: int
) -> list[dict[str, Any]]:
    """The operator's households' preparations, oldest first; keyset paging on (created_at, id) so new
    preparations never shift a page. `funded_by_name`: the organisation that pays (NULL: none)."""
    where, params = ["a.operator = ?"], [operator]
    if status is not None:
        where.append("p.status = ?")
        params.append(status)
    if after is not None:
        where.append("(p.created_at > ? OR (p.created_at = ? AND p.id > ?))")
        params += [after[0], after[0], after[1]]
    columns = ", ".join("p." + c.strip() for c in _COLUMNS.split(","))
    return tx.all(
        f"SELECT {columns}, o.name AS funded_by_name FROM pending_topups p JOIN accounts a ON a.id = p.account_id "
        "LEFT JOIN organisations o ON o.id = p.funded_by_organisation_id "
        f"WHERE {' AND '.join(where)} ORDER BY p.created_at, p.id LIMIT ?",
        (*params, limit),
    )


def by_id(tx: Transaction, pending_id: int) -> dict[str, Any] | None:
    return tx.one(f"SELECT {_COLUMNS} FROM pending_topups WHERE id = ?", (pending_id,))


def mark_loaded(tx: Transaction, pending_id: int, *, topup_id: int, loaded_at: int) -> None:
    tx.execute(
        "UPDATE pending_topups SET status = 'loaded', loaded_topup_id = ?, loaded_at = ? WHERE id = ?",
        (topup_id, loaded_at, pending_id),
    )
