"""Meter readings as the operator's metering system reported them: every one is kept (history);
the newest applied one is also the meter's current state (server.store.meters)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .db import Transaction

COLUMNS = (
    "event_id",
    "ean",
    "read_at",
    "balance_cents",
    "emergency_credit_available_cents",
    "emergency_credit_in_use",
    "minimum_supply_active",
)
# Rows per INSERT statement: 7 columns x 1000 stays under SQLite's 32,766 bound parameters.
_CHUNK = 1000


def insert_or_find(tx: Transaction, rows: Sequence[tuple]) -> tuple[set[str], dict[str, tuple]]:
    """Inserts the rows (one per event_id) whose event_id is not stored yet. Returns the event ids it
    inserted, and the stored rows of the others as they were (a replay, or a conflict, for the caller
    to tell apart). Insert first, read after: a batch of new readings, the common case, reads nothing
    back (a look-up of every event id before the insert was 7 % of an import's time). The unique
    event_id decides when two writers race on one event."""
    if not rows:
        return set(), {}
    cols = ", ".join(COLUMNS)
    if tx.dialect == "sqlite":
        # The write transaction (BEGIN IMMEDIATE) holds SQLite's only write lock, so nothing but this
        # statement adds rows meanwhile: rows past the largest rowid before it are the ones it inserted.
        before = tx.one("SELECT COALESCE(MAX(rowid), 0) AS last FROM readings")["last"]  # type: ignore[index]
        one = "(" + ", ".join("?" for _ in COLUMNS) + ")"
        added = tx.executemany(f"INSERT INTO readings ({cols}) VALUES {one} ON CONFLICT (event_id) DO NOTHING", rows)
        if added == len(rows):
            return {row[0] for row in rows}, {}
        found = _by_event_ids(tx, [row[0] for row in rows], with_rowid=True)
        inserted = {event for event, (rowid, _row) in found.items() if rowid > before}
        return inserted, {event: row for event, (rowid, row) in found.items() if rowid <= before}
    # PostgreSQL: the batch is staged with COPY, then moved in one statement that skips the event ids
    # stored already (or by a concurrent writer a moment ago) and says which ones it inserted.
    tx.execute(
        "CREATE TEMP TABLE IF NOT EXISTS readings_in (LIKE readings INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
    )
    tx.copy_rows("readings_in", COLUMNS, rows)  # type: ignore[attr-defined]
    inserted = {
        r["event_id"]
        for r in tx.all(
            f"INSERT INTO readings ({cols}) SELECT {cols} FROM readings_in "
            "ON CONFLICT (event_id) DO NOTHING RETURNING event_id"
        )
    }
    tx.execute("TRUNCATE readings_in")
    others = [row[0] for row in rows if row[0] not in inserted]
    return inserted, {event: row for event, (_rowid, row) in _by_event_ids(tx, others, with_rowid=False).items()}


def _by_event_ids(tx: Transaction, event_ids: Sequence[str], *, with_rowid: bool) -> dict[str, tuple[int, tuple]]:
    """The stored readings of these event ids, as (SQLite's rowid, or 0; the row in COLUMNS order)."""
    found: dict[str, tuple[int, tuple]] = {}
    select = ("rowid AS row_number, " if with_rowid else "") + ", ".join(COLUMNS)
    if tx.dialect == "postgresql":  # one array parameter rather than thousands of them
        chunks: list[Any] = [list(event_ids)] if event_ids else []
        where = "event_id = ANY(?)"
    else:
        chunks = [event_ids[i : i + _CHUNK] for i in range(0, len(event_ids), _CHUNK)]
    for chunk in chunks:
        if tx.dialect != "postgresql":
            where = f"event_id IN ({', '.join('?' for _ in chunk)})"
        params = (chunk,) if tx.dialect == "postgresql" else chunk
        for r in tx.all(f"SELECT {select} FROM readings WHERE {where}", params):
            found[r["event_id"]] = (r["row_number"] if with_rowid else 0, tuple(r[c] for c in COLUMNS))
    return found


def balances_between(tx: Transaction, ean: str, *, start: int, end: int) -> list[dict[str, Any]]:
    """(read_at, balance_cents) of the readings in [start, end), oldest first."""
    return tx.all(
        "SELECT read_at, balance_cents FROM readings WHERE ean = ? AND read_at >= ? AND read_at < ? ORDER BY read_at",
        (ean, start, end),
    )


def last_before(tx: Transaction, ean: str, at: int) -> dict[str, Any] | None:
    return tx.one(
        "SELECT read_at, balance_cents FROM readings WHERE ean = ? AND read_at < ? ORDER BY read_at DESC LIMIT 1",
        (ean, at),
    )
