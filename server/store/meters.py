"""Meters and their top-up history. Every read is scoped to an account: a client never
reaches another client's meter, not even to learn that it exists."""

from __future__ import annotations

from typing import Any

from .db import Transaction

_COLUMNS = (
    "ean, account_id, energy, balance_cents, emergency_credit_limit_cents, negative_credit_limit_cents, "
    "minimum_supply_active, average_daily_cost_cents, updated_at, read_at, emergency_credit_available_cents, "
    "emergency_credit_in_use, history_version"
)


def for_account(tx: Transaction, account_id: int) -> list[dict[str, Any]]:
    return tx.all(f"SELECT {_COLUMNS} FROM meters WHERE account_id = ? ORDER BY energy, ean", (account_id,))


def get(tx: Transaction, account_id: int, ean: str) -> dict[str, Any] | None:
    return tx.one(f"SELECT {_COLUMNS} FROM meters WHERE account_id = ? AND ean = ?", (account_id, ean))


def with_live_token(tx: Transaction, token_hash: str, ean: str) -> dict[str, Any] | None:
    """A meter together with the token asking for it, in one look-up, when the meter belongs to the
    token's account (the hot path of server.api.fastpath; the token's expiry is checked by the caller)."""
    return tx.one(_WITH_LIVE_TOKEN, (token_hash, ean))


_WITH_LIVE_TOKEN = (
    "SELECT t.last_used_at, t.expires_at, t.revoked_at, "
    + ", ".join("m." + c.strip() for c in _COLUMNS.split(","))
    + " FROM tokens t JOIN meters m ON m.account_id = t.account_id WHERE t.token_hash = ? AND m.ean = ?"
)


def create(tx: Transaction, **meter: Any) -> None:
    columns = ", ".join(meter)
    marks = ", ".join("?" for _ in meter)
    tx.execute(f"INSERT INTO meters ({columns}) VALUES ({marks})", tuple(meter.values()))


def add_topup(tx: Transaction, *, ean: str, amount_cents: int, channel: str, location: str | None, at: int) -> None:
    tx.execute(
        "INSERT INTO topups (ean, amount_cents, channel, location, at) VALUES (?, ?, ?, ?, ?)",
        (ean, amount_cents, channel, location, at),
    )


def topups_page(
    tx: Transaction, ean: str, *, before: tuple[int, int] | None, limit: int
) -> list[dict[str, Any]]:
    """Newest first; keyset paging on (at, id) so pages stay stable while new top-ups arrive."""
    if before is None:
        return tx.all(
            "SELECT id, amount_cents, channel, location, at, pending_topup_id FROM topups WHERE ean = ? "
            "ORDER BY at DESC, id DESC LIMIT ?",
            (ean, limit),
        )
    at, row_id = before
    return tx.all(
        "SELECT id, amount_cents, channel, location, at, pending_topup_id FROM topups WHERE ean = ? "
        "AND (at < ? OR (at = ? AND id < ?)) ORDER BY at DESC, id DESC LIMIT ?",
        (ean, at, at, row_id, limit),
    )


# --- the operator data path ---------------------------------------------------------------------

_CHUNK = 1000


def by_ean(tx: Transaction, ean: str) -> dict[str, Any] | None:
    """Any account's meter: for the operator, who owns them all."""
    return tx.one(f"SELECT {_COLUMNS} FROM meters WHERE ean = ?", (ean,))


def read_times(tx: Transaction, eans: list[str], *, lock: bool = False) -> dict[str, int | None]:
    """The current reading's time of each known meter among `eans` (None: no reading yet). With
    `lock`, PostgreSQL locks those meters to the end of the transaction (in EAN order, so two batches
    never wait on each other in a circle): a concurrent batch then sees the state this one leaves.
    SQLite needs no lock: its write transactions already run one at a time."""
    found: dict[str, int | None] = {}
    eans = sorted(eans)
    if tx.dialect == "postgresql":
        suffix = " ORDER BY ean FOR UPDATE" if lock else ""
        for r in tx.all(f"SELECT ean, read_at FROM meters WHERE ean = ANY(?){suffix}", (eans,)):
            found[r["ean"]] = r["read_at"]
        return found
    for start in range(0, len(eans), _CHUNK):
        chunk = eans[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        for r in tx.all(f"SELECT ean, read_at FROM meters WHERE ean IN ({marks})", chunk):
            found[r["ean"]] = r["read_at"]
    return found


def upsert(
    tx: Transaction,
    *,
    ean: str,
    account_id: int,
    energy: str,
    emergency_credit_limit_cents: int,
    negative_credit_limit_cents: int | None,
    now: int,
) -> None:
    """A new meter starts at 0 with no reading (balance shown as 0 until the first one arrives) and an
    unknown daily cost (0); an existing one gets its limits and energy updated."""
    tx.execute(
        "INSERT INTO meters (ean, account_id, energy, balance_cents, emergency_credit_limit_cents, "
        "negative_credit_limit_cents, minimum_supply_active, average_daily_cost_cents, updated_at) "
        "VALUES (?, ?, ?, 0, ?, ?, 0, 0, ?) ON CONFLICT (ean) DO UPDATE SET energy = excluded.energy, "
        "emergency_credit_limit_cents = excluded.emergency_credit_limit_cents, "
        "negative_credit_limit_cents = excluded.negative_credit_limit_cents",
        (ean, account_id, energy, emergency_credit_limit_cents, negative_credit_limit_cents, now),
    )


def of_operator(tx: Transaction, eans: list[str], operator: str) -> set[str]:
    """Those of `eans` that are meters of the operator's accounts."""
    found: set[str] = set()
    eans = sorted(eans)
    for start in range(0, len(eans), _CHUNK):
        chunk = eans[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        rows = tx.all(
            f"SELECT m.ean FROM meters m JOIN accounts a ON a.id = m.account_id WHERE m.ean IN ({marks}) AND a.operator = ?",
            (*chunk, operator),
        )
        found.update(r["ean"] for r in rows)
    return found


def owners(tx: Transaction, eans: list[str]) -> dict[str, int]:
    if not eans:
        return {}
    marks = ", ".join("?" for _ in eans)
    return {r["ean"]: int(r["account_id"]) for r in tx.all(f"SELECT ean, account_id FROM meters WHERE ean IN ({marks})", eans)}


def set_current(tx: Transaction, newest: list[tuple]) -> None:
    """Makes each reading (server.store.readings.COLUMNS order, one per meter) its meter's current
    state: one statement per chunk of meters rather than one per meter."""
    newest = sorted(newest, key=lambda row: row[1])
    if tx.dialect == "postgresql":
        # Staged with COPY and applied in one statement (the rows are locked: server.services.ingest.readings).
        tx.execute(
            "CREATE TEMP TABLE IF NOT EXISTS meter_states_in (ean TEXT, read_at BIGINT, balance_cents BIGINT, "
            "ec_available BIGINT, ec_in_use INTEGER, minimum_supply INTEGER) ON COMMIT DELETE ROWS"
        )
        tx.copy_rows(  # type: ignore[attr-defined]
            "meter_states_in",
            ("ean", "read_at", "balance_cents", "ec_available", "ec_in_use", "minimum_supply"),
            [row[1:] for row in newest],
        )
        tx.execute(
            "UPDATE meters SET balance_cents = v.balance_cents, emergency_credit_available_cents = v.ec_available, "
            "emergency_credit_in_use = v.ec_in_use, minimum_supply_active = v.minimum_supply, read_at = v.read_at, "
            "updated_at = v.read_at, history_version = meters.history_version + 1 FROM meter_states_in AS v "
            "WHERE meters.ean = v.ean AND (meters.read_at IS NULL OR meters.read_at < v.read_at)"
        )
        tx.execute("TRUNCATE meter_states_in")
        return
    one = "(?, CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS BIGINT))"
    for start in range(0, len(newest), _CHUNK):
        chunk = newest[start : start + _CHUNK]
        params = []
        for _event, ean, read_at, balance, ec_available, ec_in_use, minimum_supply in chunk:
            params += (ean, balance, ec_available, ec_in_use, minimum_supply, read_at)
        tx.execute(
            "UPDATE meters SET balance_cents = v.column2, emergency_credit_available_cents = v.column3, "
            "emergency_credit_in_use = v.column4, minimum_supply_active = v.column5, read_at = v.column6, "
            "updated_at = v.column6, history_version = meters.history_version + 1 "
            f"FROM (VALUES {', '.join([one] * len(chunk))}) AS v WHERE meters.ean = v.column1 "
            # Never back in time, whatever the order in which writers commit.
            "AND (meters.read_at IS NULL OR meters.read_at < v.column6)",
            params,
        )


def history_changed(tx: Transaction, eans: list[str]) -> None:
    for start in range(0, len(eans), _CHUNK):
        chunk = eans[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        tx.execute(f"UPDATE meters SET history_version = history_version + 1 WHERE ean IN ({marks})", chunk)


TOPUP_EVENT_COLUMNS = ("event_id", "ean", "amount_cents", "channel", "location", "at", "pending_topup_id")


def insert_topup_events(tx: Transaction, rows: list[tuple]) -> dict[str, int]:
    """Inserts the top-up events not stored yet (TOPUP_EVENT_COLUMNS order); event_id -> new row id."""
    one = "(" + ", ".join("?" for _ in TOPUP_EVENT_COLUMNS) + ")"
    inserted: dict[str, int] = {}
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        sql = (
            f"INSERT INTO topups ({', '.join(TOPUP_EVENT_COLUMNS)}) VALUES {', '.join([one] * len(chunk))} "
            "ON CONFLICT (event_id) DO NOTHING RETURNING id, event_id"
        )
        for r in tx.all(sql, [v for row in chunk for v in row]):
            inserted[r["event_id"]] = int(r["id"])
    return inserted


def topup_events(tx: Transaction, event_ids: list[str]) -> dict[str, tuple]:
    found: dict[str, tuple] = {}
    for start in range(0, len(event_ids), _CHUNK):
        chunk = event_ids[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        sql = f"SELECT {', '.join(TOPUP_EVENT_COLUMNS)} FROM topups WHERE event_id IN ({marks})"
        for r in tx.all(sql, chunk):
            found[r["event_id"]] = tuple(r[c] for c in TOPUP_EVENT_COLUMNS)
    return found


def topups_between(tx: Transaction, ean: str, *, start: int, end: int) -> list[dict[str, Any]]:
    return tx.all(
        "SELECT at, amount_cents FROM topups WHERE ean = ? AND at >= ? AND at < ? ORDER BY at", (ean, start, end)
    )
