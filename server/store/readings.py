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


def insert_new(tx: Transaction, rows: Sequence[tuple]) -> set[str]:
    """Inserts rows whose event_id is not stored yet (the caller looked them up in this transaction);
    returns the event ids inserted. The unique event_id decides when two writers race on one event."""
    if not rows:
        return set()
    one = "(" + ", ".join("?" for _ in COLUMNS) + ")"
    if tx.dialect == "sqlite":
        # The write transaction (BEGIN IMMEDIATE) holds SQLite's only write lock since the look-up: no
        # other writer can have stored one of these since, so a plain executemany (the fastest insert
        # SQLite has) inserts them all.
        tx.executemany(f"INSERT INTO readings ({', '.join(COLUMNS)}) VALUES {one}", rows)
        return {row[0] for row in rows}
    # PostgreSQL: the batch is staged with COPY, then moved in one statement that skips the event ids a
    # concurrent writer stored a moment ago and says which ones it inserted.
    tx.execute(
        "CREATE TEMP TABLE IF NOT EXISTS readings_in (LIKE readings INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
    )
    tx.copy_rows("readings_in", COLUMNS, rows)  # type: ignore[attr-defined]
    cols = ", ".join(COLUMNS)
    found = tx.all(
        f"INSERT INTO readings ({cols}) SELECT {cols} FROM readings_in "
        "ON CONFLICT (event_id) DO NOTHING RETURNING event_id"
    )
    tx.execute("TRUNCATE readings_in")
    return {r["event_id"] for r in found}


def by_event_ids(tx: Transaction, event_ids: Sequence[str]) -> dict[str, tuple]:
    """Stored readings by event id, as tuples in COLUMNS order."""
    found: dict[str, tuple] = {}
    if tx.dialect == "postgresql":  # one array parameter rather than thousands of them
        chunks: list[Any] = [list(event_ids)] if event_ids else []
        where = "event_id = ANY(?)"
    else:
        chunks = [event_ids[i : i + _CHUNK] for i in range(0, len(event_ids), _CHUNK)]
    for chunk in chunks:
        if tx.dialect != "postgresql":
            where = f"event_id IN ({', '.join('?' for _ in chunk)})"
        params = (chunk,) if tx.dialect == "postgresql" else chunk
        for r in tx.all(f"SELECT {', '.join(COLUMNS)} FROM readings WHERE {where}", params):
            found[r["event_id"]] = tuple(r[c] for c in COLUMNS)
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
