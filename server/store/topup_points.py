"""Top-up points as stored; the search runs on an in-memory index built from them at start."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .db import Transaction

FIELDS = ("id", "name", "kind", "address", "postal_code", "municipality", "lat", "lon", "phone", "opening_hours")


def all_points(tx: Transaction) -> list[dict[str, Any]]:
    return tx.all(f"SELECT {', '.join(FIELDS)} FROM topup_points ORDER BY id")


def count(tx: Transaction) -> int:
    row = tx.one("SELECT COUNT(*) AS n FROM topup_points")
    return int(row["n"]) if row else 0


def insert_many(tx: Transaction, points: Iterable[dict[str, Any]]) -> None:
    marks = ", ".join("?" for _ in FIELDS)
    for point in points:
        tx.execute(
            f"INSERT INTO topup_points ({', '.join(FIELDS)}) VALUES ({marks})",
            tuple(point.get(f) for f in FIELDS),
        )


def replace_all(tx: Transaction, points: Iterable[dict[str, Any]]) -> None:
    """The whole set at once, inside the caller's transaction: readers see the old set or the new."""
    tx.execute("DELETE FROM topup_points")
    insert_many(tx, points)
