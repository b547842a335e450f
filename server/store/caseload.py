"""The households an organisation holds a live mandate for, with their meters: one read for the list."""

from __future__ import annotations

from typing import Any

from .db import Transaction


def meters_of_organisation(tx: Transaction, organisation_id: int) -> list[dict[str, Any]]:
    """One row per meter (a household without meters: one row with ean NULL), grouped by household."""
    return tx.all(
        "SELECT a.id AS client_id, a.display_name, a.postal_code, a.prepaid_code_last_digits, md.permissions, "
        "m.ean, m.energy, m.balance_cents, m.emergency_credit_limit_cents, m.negative_credit_limit_cents, "
        "m.minimum_supply_active, m.average_daily_cost_cents, m.updated_at, m.emergency_credit_available_cents, "
        "m.emergency_credit_in_use, m.history_version "
        "FROM mandates md JOIN accounts a ON a.id = md.account_id LEFT JOIN meters m ON m.account_id = a.id "
        "WHERE md.organisation_id = ? AND md.ended_at IS NULL ORDER BY a.id, m.energy, m.ean",
        (organisation_id,),
    )


def open_pending_counts(tx: Transaction, account_ids: list[int]) -> dict[int, int]:
    """Preparations ("klaarzetten") waiting for the transfer (not yet loaded), per household."""
    if not account_ids:
        return {}
    marks = ", ".join("?" for _ in account_ids)
    rows = tx.all(
        f"SELECT account_id, COUNT(*) AS n FROM pending_topups WHERE status = 'open' AND account_id IN ({marks}) "
        "GROUP BY account_id",
        account_ids,
    )
    return {int(r["account_id"]): int(r["n"]) for r in rows}


def fingerprint(tx: Transaction, organisation_id: int) -> tuple:
    """What changes whenever the caseload's rows change through the API or the operator's data path:
    the live mandates (ids only grow, so an ended or added one changes count and sums), their
    permissions, and the meters' readings (every applied reading bumps history_version and moves
    updated_at). One aggregate over the same rows, much cheaper than reading them."""
    row = tx.one(
        "SELECT COUNT(*) AS n, COUNT(DISTINCT md.id) AS mandates, COALESCE(SUM(md.id), 0) AS mandate_ids, "
        "COALESCE(SUM(LENGTH(md.permissions)), 0) AS permissions, COALESCE(SUM(m.history_version), 0) AS versions, "
        "COALESCE(SUM(m.updated_at), 0) AS updated, COALESCE(SUM(m.balance_cents), 0) AS balances "
        "FROM mandates md LEFT JOIN meters m ON m.account_id = md.account_id "
        "WHERE md.organisation_id = ? AND md.ended_at IS NULL",
        (organisation_id,),
    ) or {}
    return tuple(int(row.get(k) or 0) for k in ("n", "mandates", "mandate_ids", "permissions", "versions", "updated", "balances"))
