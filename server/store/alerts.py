"""Alert settings per client, alert episodes per meter and the in-app notifications.

Episodes are counted on the meter row (meters.alert_active, meters.alert_episode). Exactly once
per episode: a notification's (ean, kind, episode) is unique, and inserts go through
ON CONFLICT DO NOTHING, so a second writer of one episode inserts nothing and learns it did not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .db import Transaction
from .settings_row import SettingsTable

_CHUNK = 1000  # EANs or ids per IN (...) list, as in server.store.meters

# The client's alert settings: the address and its code's state (server.api.email_codes), then the rules.
SETTINGS = SettingsTable("alert_settings", "account_id", (
    "email", "email_verified", "verify_code_hash", "verify_expires_at", "codes_sent", "codes_window_start",
    "balance_below_cents", "days_left_at_most", "emergency_credit", "minimum_supply", "topup_loaded", "quiet_start",
    "quiet_end",
))  # fmt: skip
settings_of = SETTINGS.read
settings_of_accounts = SETTINGS.read_many


# What judging a meter's alerts needs, for every meter of a batch: its current reading's time, which
# conditions held, what days left depends on besides the reading, and its client's two thresholds (the
# defaults, given as parameters, when the client never saved any). As few columns as that: this runs
# for every meter of every batch. What a started condition needs is read only for those meters
# (meters_where_started) and their clients (settings_of_accounts).
_TO_JUDGE = (
    "SELECT m.ean, m.read_at, m.alert_active, m.negative_credit_limit_cents, "
    # Since when the meter is in the states supply signals time (server.services.signals.track).
    "m.interrupted_since, m.minimum_supply_since, m.emergency_credit_since, "
    "COALESCE(s.balance_below_cents, ?) AS balance_below_cents, COALESCE(s.days_left_at_most, ?) AS days_left_at_most "
    "FROM meters m LEFT JOIN alert_settings s ON s.account_id = m.account_id"
)


def meters_to_judge(tx: Transaction, eans: Sequence[str], defaults: tuple[int, int], *,
                    lock: bool = False) -> dict[str, Any]:
    """The known meters among `eans`, each with its current reading's time (`read_at`, None before the
    first) and what judging its alerts needs, in one query; `defaults`: (balance_below_cents,
    days_left_at_most) for clients who never saved settings. With `lock`, PostgreSQL locks the meter
    rows to the end of the transaction, in EAN order, as server.store.meters.read_times does: a
    concurrent batch then sees the state, alert episodes included, that this one leaves. (SQLite's
    write transactions already run one at a time.)

    The rows are read by column name but are not copied into dicts (sqlite3.Row on SQLite): a batch
    reads up to 5,000 meters, and the copies cost more than the query."""
    found: dict[str, Any] = {}
    eans = sorted(set(eans))
    if tx.dialect == "postgresql":
        suffix = " ORDER BY m.ean FOR UPDATE OF m" if lock else ""
        for r in tx.all(f"{_TO_JUDGE} WHERE m.ean = ANY(?){suffix}", (*defaults, eans)):
            found[r["ean"]] = r
        return found
    for start in range(0, len(eans), _CHUNK):
        chunk = eans[start : start + _CHUNK]
        sql = f"{_TO_JUDGE} WHERE m.ean IN ({', '.join('?' for _ in chunk)})"
        for r in tx.execute(sql, (*defaults, *chunk)).fetchall():
            found[r["ean"]] = r
    return found


def meters_where_started(tx: Transaction, eans: Sequence[str]) -> dict[str, dict[str, Any]]:
    """What a notification says of each of these meters (a condition started, or a top-up was loaded):
    its client, its energy, its balance now, and its episode counter. The caller locked the meters
    (meters_to_judge), so the counter is the one this transaction moves on."""
    found: dict[str, dict[str, Any]] = {}
    eans = sorted(set(eans))
    columns = "ean, account_id, energy, balance_cents, alert_episode"
    if tx.dialect == "postgresql":
        return {r["ean"]: r for r in tx.all(f"SELECT {columns} FROM meters WHERE ean = ANY(?)", (eans,))}
    for start in range(0, len(eans), _CHUNK):
        chunk = eans[start : start + _CHUNK]
        for r in tx.all(f"SELECT {columns} FROM meters WHERE ean IN ({', '.join('?' for _ in chunk)})", chunk):
            found[r["ean"]] = r
    return found


# --- episodes ------------------------------------------------------------------------------------


def save_episodes(tx: Transaction, rows: Sequence[tuple[int, int, str]]) -> None:
    """(alert_active bits, alert_episode, ean) per meter whose alert state changed."""
    if rows:
        tx.executemany("UPDATE meters SET alert_active = ?, alert_episode = ? WHERE ean = ?", list(rows))


# --- notifications -------------------------------------------------------------------------------

NOTIFICATION_COLUMNS = ("account_id", "ean", "energy", "kind", "episode", "at", "balance_cents", "days_left", "amount_cents",
                        "days_until_emergency_credit", "topup_needed_cents")


_NOTIFICATIONS_PER_INSERT = 500  # 11 columns x 500 stays under SQLite's 32,766 bound parameters


def insert_notifications(tx: Transaction, rows: Sequence[tuple]) -> dict[tuple[str, str, int], int]:
    """Inserts the notifications (NOTIFICATION_COLUMNS order) whose (ean, kind, episode) has none yet;
    returns the new ids by (ean, kind, episode). An episode that already has its notification (a
    second writer) is left out: ON CONFLICT DO NOTHING on the unique (ean, kind, episode)."""
    one = "(" + ", ".join("?" for _ in NOTIFICATION_COLUMNS) + ")"
    ids: dict[tuple[str, str, int], int] = {}
    for start in range(0, len(rows), _NOTIFICATIONS_PER_INSERT):
        chunk = rows[start : start + _NOTIFICATIONS_PER_INSERT]
        for r in tx.all(
            f"INSERT INTO notifications ({', '.join(NOTIFICATION_COLUMNS)}) VALUES {', '.join(one for _ in chunk)} "
            "ON CONFLICT (ean, kind, episode) DO NOTHING RETURNING id, ean, kind, episode",
            [value for row in chunk for value in row],
        ):
            ids[(r["ean"], r["kind"], int(r["episode"]))] = int(r["id"])
    return ids


def mail_facts(tx: Transaction, notification_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """What an alert mail says, by notification id: the notification, its client's name and language,
    and the client's balance threshold (None without saved settings: the default)."""
    found: dict[int, dict[str, Any]] = {}
    ids = sorted(set(notification_ids))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        for r in tx.all(
            "SELECT n.id, n.account_id, n.kind, n.energy, n.balance_cents, n.days_left, n.amount_cents, n.days_until_emergency_credit, "
            "n.topup_needed_cents, a.display_name, a.language, "
            "s.balance_below_cents FROM notifications n JOIN accounts a ON a.id = n.account_id "
            f"LEFT JOIN alert_settings s ON s.account_id = n.account_id WHERE n.id IN ({marks})",
            chunk,
        ):
            found[int(r["id"])] = r
    return found


def notifications_page(tx: Transaction, account_id: int, *, before_id: int | None, limit: int) -> list[dict[str, Any]]:
    """Newest first; keyset paging on the id, which grows with time."""
    columns = ("id, ean, energy, kind, episode, at, balance_cents, days_left, amount_cents, days_until_emergency_credit, "
               "topup_needed_cents, read_at")
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
