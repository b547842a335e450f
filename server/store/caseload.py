"""The households an organisation holds a live mandate for: their order (from each meter's kept urgency
figures, caseload_meter_figures), one page's meters, and the alerts each staff member has not seen yet.

The order is read as one row per household (an aggregate over the meters and their figures), so the
first page reads the meters of its own 50 households only; figures that are missing or stale (another
history_version, another day) are counted per household so the caller can recompute just those.
"""

from __future__ import annotations

from typing import Any

from .db import Transaction

# The meter columns a balance answer is computed from (server.services.balance.balance_view).
_METER_COLUMNS = (
    "m.ean, m.energy, m.balance_cents, m.emergency_credit_limit_cents, m.negative_credit_limit_cents, "
    "m.minimum_supply_active, m.average_daily_cost_cents, m.updated_at, m.emergency_credit_available_cents, "
    "m.emergency_credit_in_use, m.history_version"
)
_LIVE = "FROM mandates md JOIN accounts a ON a.id = md.account_id "
_STALE = "(f.ean IS NULL OR f.history_version <> m.history_version OR f.day <> ?)"
# A household's most urgent meter in one aggregate: MIN(status_rank * URGENT_KEY_RANK + days_left). Days
# left stay below it (at most the largest balance, negative credit and emergency credit a reading may
# report, in cents, over a daily cost of at least a cent).
URGENT_KEY_RANK = 10_000_000


def client_order(
    tx: Transaction, organisation_id: int, *, day: str, status: str | None = None, client_ids: list[int] | None = None
) -> list[dict[str, Any]]:
    """One row per household: its name and postcode (for the order's tie-break and the search), its
    most urgent meter's status rank and days left as urgent_key (status_rank * URGENT_KEY_RANK +
    days_left), its fewest days left over all its meters (NULL without meters), in_status
    (whether a meter is in `status`; 1 when no status is asked), and how many of its meters have no
    figures valid for `day` (stale); only for `client_ids` when given. Grouped in the live-mandate
    index's order, so without a sort."""
    in_status = "1" if status is None else "MAX(CASE WHEN f.status = ? THEN 1 ELSE 0 END)"
    only = "" if client_ids is None else f" AND md.account_id IN ({_marks(client_ids)})"
    return tx.all(
        "SELECT a.id AS client_id, a.display_name, a.postal_code, "
        f"MIN(f.status_rank * {URGENT_KEY_RANK} + f.days_left) AS urgent_key, "
        f"MIN(f.days_left) AS days_left, {in_status} AS in_status, "
        f"SUM(CASE WHEN m.ean IS NOT NULL AND {_STALE} THEN 1 ELSE 0 END) AS stale "
        f"{_LIVE}LEFT JOIN meters m ON m.account_id = a.id LEFT JOIN caseload_meter_figures f ON f.ean = m.ean "
        f"WHERE md.organisation_id = ? AND md.ended_at IS NULL{only} GROUP BY md.account_id, a.id",
        [*([] if status is None else [status]), day, organisation_id, *(client_ids or [])],
    )


def client_details(tx: Transaction, organisation_id: int, client_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """The households' own fields and the mandate's permissions, for these (None: all) of the
    organisation's live mandates."""
    only = f" AND a.id IN ({_marks(client_ids)})" if client_ids is not None else ""
    if client_ids == []:
        return []
    return tx.all(
        "SELECT a.id AS client_id, a.display_name, a.postal_code, a.prepaid_code_last_digits, md.permissions "
        f"{_LIVE}WHERE md.organisation_id = ? AND md.ended_at IS NULL{only}",
        [organisation_id, *(client_ids or [])],
    )


def stale_meters(tx: Transaction, organisation_id: int, *, day: str, client_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """The meter rows of the organisation's households (only `client_ids` when given) whose figures
    are missing or stale for `day`."""
    only = "" if client_ids is None else f" AND md.account_id IN ({_marks(client_ids)})"
    return tx.all(
        f"SELECT {_METER_COLUMNS} {_LIVE}JOIN meters m ON m.account_id = a.id "
        "LEFT JOIN caseload_meter_figures f ON f.ean = m.ean "
        f"WHERE md.organisation_id = ? AND md.ended_at IS NULL AND {_STALE}{only}",
        [organisation_id, day, *(client_ids or [])],
    )


def save_figures(tx: Transaction, rows: list[tuple[str, int, str, str, int, int]]) -> None:
    """(ean, history_version, day, status, status_rank, days_left) per meter. Two server processes may
    compute the same meter at once: a figure never replaces one of a newer history_version or day."""
    if not rows:
        return
    tx.executemany(
        "INSERT INTO caseload_meter_figures (ean, history_version, day, status, status_rank, days_left) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (ean) DO UPDATE SET history_version = excluded.history_version, "
        "day = excluded.day, status = excluded.status, status_rank = excluded.status_rank, "
        "days_left = excluded.days_left WHERE caseload_meter_figures.history_version <= excluded.history_version "
        "AND caseload_meter_figures.day <= excluded.day",
        rows,
    )


def _marks(values: list) -> str:
    return ", ".join("?" for _ in values)


def meters_of_clients(tx: Transaction, client_ids: list[int]) -> list[dict[str, Any]]:
    """The meters of these households with their kept figures (status, days_left, and the
    figures_version and figures_day they are valid for; NULL when none were kept), by household,
    energy and EAN."""
    if not client_ids:
        return []
    return tx.all(
        f"SELECT m.account_id AS client_id, {_METER_COLUMNS}, f.status, f.days_left, f.history_version AS figures_version, f.day AS figures_day FROM meters m "
        f"LEFT JOIN caseload_meter_figures f ON f.ean = m.ean WHERE m.account_id IN ({_marks(client_ids)}) "
        "ORDER BY m.account_id, m.energy, m.ean",
        client_ids,
    )


def meters_of_organisation(tx: Transaction, organisation_id: int) -> list[dict[str, Any]]:
    """As meters_of_clients, for every household of the organisation (the export)."""
    return tx.all(
        f"SELECT m.account_id AS client_id, {_METER_COLUMNS}, f.status, f.days_left, f.history_version AS figures_version, f.day AS figures_day FROM mandates md "
        "JOIN meters m ON m.account_id = md.account_id LEFT JOIN caseload_meter_figures f ON f.ean = m.ean "
        "WHERE md.organisation_id = ? AND md.ended_at IS NULL ORDER BY m.account_id, m.energy, m.ean",
        (organisation_id,),
    )


def open_pending_counts(tx: Transaction, account_ids: list[int]) -> dict[int, int]:
    """Preparations ("klaarzetten") waiting for the transfer (not yet loaded), per household."""
    if not account_ids:
        return {}
    rows = tx.all(
        f"SELECT account_id, COUNT(*) AS n FROM pending_topups WHERE status = 'open' AND account_id IN ({_marks(account_ids)}) "
        "GROUP BY account_id",
        account_ids,
    )
    return {int(r["account_id"]): int(r["n"]) for r in rows}


def new_alert_counts(tx: Transaction, organisation_id: int, staff_id: int, account_ids: list[int]) -> dict[int, int]:
    """Per household: its notifications this member has not seen in its file (mark_seen), from when
    the organisation's live mandate began (a household's earlier alerts were not the organisation's)."""
    if not account_ids:
        return {}
    rows = tx.all(
        "SELECT n.account_id, COUNT(*) AS n FROM notifications n "
        "JOIN mandates md ON md.account_id = n.account_id AND md.organisation_id = ? AND md.ended_at IS NULL "
        f"WHERE n.account_id IN ({_marks(account_ids)}) AND n.at >= md.granted_at AND NOT EXISTS "
        "(SELECT 1 FROM caseload_seen_alerts s WHERE s.staff_id = ? AND s.notification_id = n.id) "
        "GROUP BY n.account_id",
        [organisation_id, *account_ids, staff_id],
    )
    return {int(r["account_id"]): int(r["n"]) for r in rows}


def mark_seen(tx: Transaction, *, staff_id: int, organisation_id: int, account_id: int, now: int) -> None:
    """The member opened the household's file: its notifications from the start of the organisation's
    live mandate that this transaction sees are seen by them; any committed later stay new."""
    tx.execute(
        "INSERT INTO caseload_seen_alerts (staff_id, notification_id, seen_at) "
        "SELECT ?, n.id, ? FROM notifications n JOIN mandates md ON md.account_id = n.account_id "
        "AND md.organisation_id = ? AND md.ended_at IS NULL WHERE n.account_id = ? AND n.at >= md.granted_at "
        "ON CONFLICT (staff_id, notification_id) DO NOTHING",
        (staff_id, now, organisation_id, account_id),
    )
