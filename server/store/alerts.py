"""Alert settings per client, alert episodes per meter and the in-app notifications.

Episodes are counted on the meter row (meters.alert_active, meters.alert_episode). Exactly once
per episode: a notification's (ean, kind, episode) is unique, and inserts go through
ON CONFLICT DO NOTHING, so a second writer of one episode inserts nothing and learns it did not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .db import Transaction

_CHUNK = 900

SETTINGS_COLUMNS = (
    "email, email_verified, verify_code_hash, verify_expires_at, codes_sent, codes_window_start, "
    "balance_below_cents, days_left_at_most, emergency_credit, minimum_supply, topup_loaded, quiet_start, quiet_end"
)


def settings_of(tx: Transaction, account_id: int) -> dict[str, Any] | None:
    return tx.one(f"SELECT account_id, {SETTINGS_COLUMNS} FROM alert_settings WHERE account_id = ?", (account_id,))


def save_settings(tx: Transaction, account_id: int, values: dict[str, Any], *, now: int) -> None:
    """Insert or replace the whole row (the caller merged it with what was stored)."""
    columns = [c.strip() for c in SETTINGS_COLUMNS.split(",")]
    row = [values.get(c) for c in columns]
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns)
    tx.execute(
        f"INSERT INTO alert_settings (account_id, {', '.join(columns)}, updated_at) "
        f"VALUES (?, {', '.join('?' for _ in columns)}, ?) "
        f"ON CONFLICT (account_id) DO UPDATE SET {updates}, updated_at = excluded.updated_at",
        (account_id, *row, now),
    )


def lock_settings(tx: Transaction, account_id: int) -> None:
    """Serialises changes to one client's settings (code checks and sends count in them)."""
    tx.lock(f"alert_settings:{account_id}")


def meters_with_settings(tx: Transaction, eans: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The meters among `eans` with what judging their alerts needs, in one query: the meter, its
    episode state, its account's name and language, and its client's alert settings (settings columns
    None when the client never saved any: the defaults)."""
    found: dict[str, dict[str, Any]] = {}
    eans = sorted(set(eans))
    for start in range(0, len(eans), _CHUNK):
        chunk = eans[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        for r in tx.all(
            "SELECT m.ean, m.account_id, m.energy, m.balance_cents, m.emergency_credit_limit_cents, "
            "m.negative_credit_limit_cents, m.average_daily_cost_cents, m.history_version, m.alert_active, "
            "m.alert_episode, a.display_name, a.language, s.account_id AS settings_of, s.email, s.email_verified, "
            "s.balance_below_cents, s.days_left_at_most, s.emergency_credit, s.minimum_supply, s.topup_loaded, "
            "s.quiet_start, s.quiet_end FROM meters m JOIN accounts a ON a.id = m.account_id "
            f"LEFT JOIN alert_settings s ON s.account_id = m.account_id WHERE m.ean IN ({marks})",
            chunk,
        ):
            found[r["ean"]] = r
    return found


# --- episodes ------------------------------------------------------------------------------------


def save_episodes(tx: Transaction, rows: Sequence[tuple[int, int, str]]) -> None:
    """(alert_active bits, alert_episode, ean) per meter whose alert state changed."""
    if rows:
        tx.executemany("UPDATE meters SET alert_active = ?, alert_episode = ? WHERE ean = ?", list(rows))


# --- notifications -------------------------------------------------------------------------------

NOTIFICATION_COLUMNS = ("account_id", "ean", "energy", "kind", "episode", "at", "balance_cents", "days_left", "amount_cents")


def insert_notification(tx: Transaction, row: tuple) -> int | None:
    """The new notification's id, or None when its episode already has one."""
    marks = ", ".join("?" for _ in NOTIFICATION_COLUMNS)
    found = tx.one(
        f"INSERT INTO notifications ({', '.join(NOTIFICATION_COLUMNS)}) VALUES ({marks}) "
        "ON CONFLICT (ean, kind, episode) DO NOTHING RETURNING id",
        row,
    )
    return int(found["id"]) if found else None


def notifications_page(tx: Transaction, account_id: int, *, before_id: int | None, limit: int) -> list[dict[str, Any]]:
    """Newest first; keyset paging on the id, which grows with time."""
    columns = "id, ean, energy, kind, at, balance_cents, days_left, amount_cents, read_at"
    if before_id is None:
        return tx.all(
            f"SELECT {columns} FROM notifications WHERE account_id = ? ORDER BY id DESC LIMIT ?", (account_id, limit)
        )
    return tx.all(
        f"SELECT {columns} FROM notifications WHERE account_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
        (account_id, before_id, limit),
    )


def unread_count(tx: Transaction, account_id: int) -> int:
    row = tx.one("SELECT COUNT(*) AS n FROM notifications WHERE account_id = ? AND read_at IS NULL", (account_id,))
    return int((row or {}).get("n") or 0)


def mark_read(tx: Transaction, account_id: int, notification_id: int, *, now: int) -> bool:
    """False when the client has no such notification. Reading twice keeps the first time."""
    row = tx.one(
        "SELECT read_at FROM notifications WHERE id = ? AND account_id = ?", (notification_id, account_id)
    )
    if row is None:
        return False
    if row["read_at"] is None:
        tx.execute("UPDATE notifications SET read_at = ? WHERE id = ?", (now, notification_id))
    return True
