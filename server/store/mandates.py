"""Mandates: a household lets one organisation's staff see its account (and prepare top-ups)."""

from __future__ import annotations

from typing import Any

from .db import Transaction


def grant(
    tx: Transaction,
    *,
    organisation_id: int,
    account_id: int,
    permissions: str,
    granted_via: str,
    granted_by_staff_id: int,
    now: int,
) -> int | None:
    """The live mandate of this organisation for this household, created or (when one is live already)
    given the new permissions; None when refused. Locked per pair so that two staff members adding the
    same household at once make one mandate.

    Only the household grants access: a share code is its consent (it may widen or narrow a live
    mandate, or start one after an earlier ended). A Prepaid-code is not: it never changes a live
    mandate's permissions, and it never starts one again for an organisation whose mandate the
    household ended (None)."""
    tx.lock(f"mandate:{organisation_id}:{account_id}")
    live = tx.one(
        "SELECT id FROM mandates WHERE organisation_id = ? AND account_id = ? AND ended_at IS NULL",
        (organisation_id, account_id),
    )
    by_household = granted_via == "share_code"
    if live is not None:
        if by_household:
            tx.execute("UPDATE mandates SET permissions = ? WHERE id = ?", (permissions, live["id"]))
        return int(live["id"])
    if not by_household and tx.one(
        "SELECT id FROM mandates WHERE organisation_id = ? AND account_id = ? AND ended_at IS NOT NULL",
        (organisation_id, account_id),
    ):
        return None
    row = tx.one(
        "INSERT INTO mandates (organisation_id, account_id, permissions, granted_via, granted_by_staff_id, granted_at) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        (organisation_id, account_id, permissions, granted_via, granted_by_staff_id, now),
    )
    assert row is not None
    return int(row["id"])


def live_for(tx: Transaction, *, organisation_id: int, account_id: int) -> dict[str, Any] | None:
    return tx.one(
        "SELECT id, permissions FROM mandates WHERE organisation_id = ? AND account_id = ? AND ended_at IS NULL",
        (organisation_id, account_id),
    )


def of_account(tx: Transaction, account_id: int) -> list[dict[str, Any]]:
    """The household's live mandates, newest first, with who last used each."""
    return tx.all(
        "SELECT m.id, m.organisation_id, m.permissions, m.granted_at, m.last_access_at, o.name AS organisation_name, "
        "s.display_name AS last_access_staff_name FROM mandates m JOIN organisations o ON o.id = m.organisation_id "
        "LEFT JOIN staff s ON s.id = m.last_access_staff_id "
        "WHERE m.account_id = ? AND m.ended_at IS NULL ORDER BY m.granted_at DESC, m.id DESC",
        (account_id,),
    )


def end(tx: Transaction, *, mandate_id: int, account_id: int, now: int) -> bool:
    cursor = tx.execute(
        "UPDATE mandates SET ended_at = ? WHERE id = ? AND account_id = ? AND ended_at IS NULL",
        (now, mandate_id, account_id),
    )
    return cursor.rowcount == 1


def record_access(tx: Transaction, mandate_id: int, *, staff_id: int, now: int) -> None:
    tx.execute(
        "UPDATE mandates SET last_access_at = ?, last_access_staff_id = ? WHERE id = ?", (now, staff_id, mandate_id)
    )


def record_access_of_organisation(tx: Transaction, organisation_id: int, account_ids: list[int], *, staff_id: int, now: int) -> None:
    """record_access for the organisation's live mandates of these households (a caseload list or export)."""
    for start in range(0, len(account_ids), 500):  # an export holds every household: in chunks
        chunk = account_ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        tx.execute(
            "UPDATE mandates SET last_access_at = ?, last_access_staff_id = ? "
            f"WHERE organisation_id = ? AND ended_at IS NULL AND account_id IN ({marks})",
            (now, staff_id, organisation_id, *chunk),
        )
