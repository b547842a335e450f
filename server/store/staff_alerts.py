"""A staff member's digest settings (staff_alert_settings), the daily digests (staff_digests) and the
alerts each member's digests listed (staff_digest_alerts).

Once a day per member: staff_digests has one row per (staff_id, day) and claim_day inserts it with
ON CONFLICT DO NOTHING, so of several workers (or a retry) exactly one learns that it writes the
digest of that day; it does so in the same transaction, so a crash loses neither the row nor the mail.

Each alert in exactly one digest of a member: cover_new_alerts inserts (member, notification) rows
ON CONFLICT DO NOTHING for every alert it can see that no digest of the member listed, and the digest
lists only the rows that insert added. It relies on no order of ids or commits: an alert whose
transaction commits after a digest read the table is simply not covered yet, and the next digest
finds it; an alert two digests race for is added (and so listed) by only one of them.
"""

from __future__ import annotations

from typing import Any

from ..rules.signals import KINDS as SIGNAL_KINDS
from .db import Transaction
from .settings_row import SettingsTable

# The member's digest settings: the address and its code's state (server.api.email_codes), then the digest's.
SETTINGS = SettingsTable("staff_alert_settings", "staff_id", (
    "email", "email_verified", "verify_code_hash", "verify_expires_at", "codes_sent", "codes_window_start",
    "digest_time", "language", "digest_since", "last_digest_day", "immediate_signals",
))  # fmt: skip
settings_of = SETTINGS.read
# A supply signal means a household has gone without energy (issue 21): mailed at once unless the
# member turns it off.
IMMEDIATE_SIGNALS_DEFAULT = 1


def save_settings(tx: Transaction, staff_id: int, values: dict[str, Any], *, now: int) -> None:
    SETTINGS.save(tx, staff_id, {"immediate_signals": IMMEDIATE_SIGNALS_DEFAULT, **values}, now=now)


# The kinds that mean a client entered an alert state; a loaded top-up is good news, not an alert.
# Supply signals are notifications too, and the digest lists them first (issue 21).
ALERT_KINDS = ("balance_low", "days_left_low", "emergency_credit_started", "minimum_supply_started", *SIGNAL_KINDS)


def due(tx: Transaction, *, day: str, clock_time: str) -> list[dict[str, Any]]:
    """Members whose digest of `day` is due at Belgian wall-clock `clock_time` ("HH:MM") and not yet
    written: a verified address, a digest time that has passed today, still a member. A server that was
    down at the digest time writes it when it is back, the same day."""
    return tx.all(
        "SELECT s.staff_id, s.email, s.language, s.digest_since, m.organisation_id, m.display_name "
        "FROM staff_alert_settings s JOIN staff m ON m.id = s.staff_id "
        "WHERE s.digest_time IS NOT NULL AND s.digest_since IS NOT NULL AND s.digest_time <= ? "
        "AND s.email IS NOT NULL AND s.email_verified = 1 "
        "AND (s.last_digest_day IS NULL OR s.last_digest_day < ?) AND m.removed_at IS NULL ORDER BY s.staff_id",
        (clock_time, day),
    )


def claim_day(tx: Transaction, staff_id: int, *, day: str, now: int) -> bool:
    """True for the one transaction that writes this member's digest of `day`."""
    found = tx.one(
        "INSERT INTO staff_digests (staff_id, day, clients, created_at) VALUES (?, ?, 0, ?) "
        "ON CONFLICT (staff_id, day) DO NOTHING RETURNING staff_id",
        (staff_id, day, now),
    )
    return found is not None


def finish_day(tx: Transaction, staff_id: int, *, day: str, clients: int) -> None:
    tx.execute("UPDATE staff_digests SET clients = ? WHERE staff_id = ? AND day = ?", (clients, staff_id, day))
    tx.execute("UPDATE staff_alert_settings SET last_digest_day = ? WHERE staff_id = ?", (day, staff_id))


def cover_new_alerts(tx: Transaction, staff_id: int, *, organisation_id: int, since: int, day: str) -> list[int]:
    """Records as listed by `staff_id`'s digest of `day` every alert that no digest of theirs listed
    yet, and returns the ids this insert added (another digest's, committed or not, add nothing here).

    The alerts: those that began since the digest was turned on (`since`), of the clients the
    organisation has a live mandate for, and only those that began while the mandate was live: an
    ended mandate shows nothing, and a new one does not reveal what happened before it was given."""
    kinds = ", ".join("?" for _ in ALERT_KINDS)
    # SQLite needs the WHERE before ON CONFLICT to tell the upsert from a join's ON.
    rows = tx.all(
        "INSERT INTO staff_digest_alerts (staff_id, notification_id, day) "
        "SELECT ?, n.id, ? FROM notifications n JOIN mandates md ON md.account_id = n.account_id "
        "AND md.organisation_id = ? AND md.ended_at IS NULL AND n.at >= md.granted_at "
        f"WHERE n.at >= ? AND n.kind IN ({kinds}) AND NOT EXISTS "
        "(SELECT 1 FROM staff_digest_alerts c WHERE c.staff_id = ? AND c.notification_id = n.id) "
        "ON CONFLICT (staff_id, notification_id) DO NOTHING RETURNING notification_id",
        (staff_id, day, organisation_id, since, *ALERT_KINDS, staff_id),
    )
    return [int(r["notification_id"]) for r in rows]


def alerts_of_digest(tx: Transaction, staff_id: int, *, day: str) -> list[dict[str, Any]]:
    """The alerts `staff_id`'s digest of `day` lists (cover_new_alerts), by client."""
    return tx.all(
        "SELECT n.id, n.account_id, n.energy, n.kind, n.at, a.display_name, a.postal_code "
        "FROM staff_digest_alerts c JOIN notifications n ON n.id = c.notification_id "
        "JOIN accounts a ON a.id = n.account_id WHERE c.staff_id = ? AND c.day = ? "
        "ORDER BY a.display_name, n.account_id, n.id",
        (staff_id, day),
    )


def meters_of(tx: Transaction, account_ids: list[int]) -> list[dict[str, Any]]:
    """The current state of the listed clients' meters, for the status the digest shows."""
    if not account_ids:
        return []
    marks = ", ".join("?" for _ in account_ids)
    return tx.all(
        "SELECT account_id, ean, energy, balance_cents, emergency_credit_limit_cents, negative_credit_limit_cents, "
        "minimum_supply_active, average_daily_cost_cents, emergency_credit_available_cents, emergency_credit_in_use "
        f"FROM meters WHERE account_id IN ({marks}) ORDER BY account_id, energy, ean",
        account_ids,
    )
