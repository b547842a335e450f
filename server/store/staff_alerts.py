"""A staff member's digest settings (staff_alert_settings) and the daily digests (staff_digests).

Once a day per member: staff_digests has one row per (staff_id, day) and claim_day inserts it with
ON CONFLICT DO NOTHING, so of several workers (or a retry) exactly one learns that it writes the
digest of that day; it does so in the same transaction, so a crash loses neither the row nor the mail.
"""

from __future__ import annotations

from typing import Any

from .db import Transaction

SETTINGS_COLUMNS = (
    "email", "email_verified", "verify_code_hash", "verify_expires_at", "codes_sent", "codes_window_start",
    "digest_time", "language", "digest_after_id", "last_digest_day",
)  # fmt: skip

# The kinds that mean a client entered an alert state; a loaded top-up is good news, not an alert.
ALERT_KINDS = ("balance_low", "days_left_low", "emergency_credit_started", "minimum_supply_started")


def settings_of(tx: Transaction, staff_id: int) -> dict[str, Any] | None:
    return tx.one(f"SELECT staff_id, {', '.join(SETTINGS_COLUMNS)} FROM staff_alert_settings WHERE staff_id = ?",
                  (staff_id,))


def save_settings(tx: Transaction, staff_id: int, values: dict[str, Any], *, now: int) -> None:
    """Insert or replace the whole row (the caller merged it with what was stored)."""
    row = [values.get(c) for c in SETTINGS_COLUMNS]
    updates = ", ".join(f"{c} = excluded.{c}" for c in SETTINGS_COLUMNS)
    tx.execute(
        f"INSERT INTO staff_alert_settings (staff_id, {', '.join(SETTINGS_COLUMNS)}, updated_at) "
        f"VALUES (?, {', '.join('?' for _ in SETTINGS_COLUMNS)}, ?) "
        f"ON CONFLICT (staff_id) DO UPDATE SET {updates}, updated_at = excluded.updated_at",
        (staff_id, *row, now),
    )


def lock_settings(tx: Transaction, staff_id: int) -> None:
    """Serialises changes to one member's settings (code checks and sends count in them)."""
    tx.lock(f"staff_alert_settings:{staff_id}")


def newest_notification_id(tx: Transaction) -> int:
    row = tx.one("SELECT MAX(id) AS n FROM notifications")
    return int((row or {}).get("n") or 0)


def due(tx: Transaction, *, day: str, clock_time: str) -> list[dict[str, Any]]:
    """Members whose digest of `day` is due at Belgian wall-clock `clock_time` ("HH:MM") and not yet
    written: a verified address, a digest time that has passed today, still a member. A server that was
    down at the digest time writes it when it is back, the same day."""
    return tx.all(
        "SELECT s.staff_id, s.email, s.language, s.digest_after_id, m.organisation_id, m.display_name "
        "FROM staff_alert_settings s JOIN staff m ON m.id = s.staff_id "
        "WHERE s.digest_time IS NOT NULL AND s.digest_time <= ? AND s.email IS NOT NULL AND s.email_verified = 1 "
        "AND (s.last_digest_day IS NULL OR s.last_digest_day < ?) AND m.removed_at IS NULL ORDER BY s.staff_id",
        (clock_time, day),
    )


def claim_day(tx: Transaction, staff_id: int, *, day: str, after_id: int, up_to_id: int, now: int) -> bool:
    """True for the one transaction that writes this member's digest of `day`."""
    found = tx.one(
        "INSERT INTO staff_digests (staff_id, day, after_id, up_to_id, clients, created_at) VALUES (?, ?, ?, ?, 0, ?) "
        "ON CONFLICT (staff_id, day) DO NOTHING RETURNING staff_id",
        (staff_id, day, after_id, up_to_id, now),
    )
    return found is not None


def finish_day(tx: Transaction, staff_id: int, *, day: str, up_to_id: int, clients: int) -> None:
    tx.execute("UPDATE staff_digests SET clients = ? WHERE staff_id = ? AND day = ?", (clients, staff_id, day))
    tx.execute(
        "UPDATE staff_alert_settings SET digest_after_id = ?, last_digest_day = ? WHERE staff_id = ?",
        (up_to_id, day, staff_id),
    )


def alerts_since(tx: Transaction, *, organisation_id: int, after_id: int, up_to_id: int) -> list[dict[str, Any]]:
    """The alerts that began in (after_id, up_to_id] for the clients the organisation has a live mandate
    for, and only those that began while the mandate was live: an ended mandate shows nothing, and a
    new one does not reveal what happened before it was given."""
    kinds = ", ".join("?" for _ in ALERT_KINDS)
    return tx.all(
        "SELECT n.id, n.account_id, n.energy, n.kind, n.at, a.display_name, a.postal_code "
        "FROM notifications n JOIN mandates md ON md.account_id = n.account_id "
        "AND md.organisation_id = ? AND md.ended_at IS NULL AND n.at >= md.granted_at "
        "JOIN accounts a ON a.id = n.account_id "
        f"WHERE n.id > ? AND n.id <= ? AND n.kind IN ({kinds}) ORDER BY a.display_name, n.account_id, n.id",
        (organisation_id, after_id, up_to_id, *ALERT_KINDS),
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
