"""Counters of shared data that every server process polls (e.g. the top-up point set): a change in
one process is seen by the others without a restart."""

from __future__ import annotations

from .db import Transaction

TOPUP_POINTS = "topup_points"


def version(tx: Transaction, name: str) -> int:
    row = tx.one("SELECT version FROM change_counters WHERE name = ?", (name,))
    return int(row["version"]) if row else 0


def bump(tx: Transaction, name: str) -> int:
    row = tx.one(
        "INSERT INTO change_counters (name, version) VALUES (?, 1) "
        "ON CONFLICT (name) DO UPDATE SET version = change_counters.version + 1 RETURNING version",
        (name,),
    )
    assert row is not None
    return int(row["version"])
