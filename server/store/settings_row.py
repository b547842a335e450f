"""One owner's settings row, read, locked and saved whole: a client's alert settings
(server.store.alerts) and a staff member's digest settings (server.store.staff_alerts) have this
shape; each of those modules defines its own table's columns."""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Sequence
from typing import Any

from .db import Transaction

_CHUNK = 1000  # ids per IN (...) list, as in server.store.meters


@dataclass(frozen=True)
class SettingsTable:
    table: str
    key: str  # the owner's id column, the primary key: account_id, staff_id
    columns: tuple[str, ...]  # all but the key and updated_at

    def read(self, tx: Transaction, owner_id: int) -> dict[str, Any] | None:
        """The owner's row with its key; None when they never saved any (the defaults)."""
        return tx.one(f"SELECT {self.key}, {', '.join(self.columns)} FROM {self.table} WHERE {self.key} = ?",
                      (owner_id,))

    def read_many(self, tx: Transaction, owner_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        """The rows of these owners by id (an owner who never saved any is missing: the defaults)."""
        found: dict[int, dict[str, Any]] = {}
        ids = sorted(set(owner_ids))
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            for r in tx.all(f"SELECT {self.key}, {', '.join(self.columns)} FROM {self.table} "
                            f"WHERE {self.key} IN ({', '.join('?' for _ in chunk)})", chunk):
                found[int(r[self.key])] = r
        return found

    def save(self, tx: Transaction, owner_id: int, values: dict[str, Any], *, now: int) -> None:
        """Insert or replace the whole row (the caller merged it with what was stored)."""
        updates = ", ".join(f"{c} = excluded.{c}" for c in self.columns)
        tx.execute(
            f"INSERT INTO {self.table} ({self.key}, {', '.join(self.columns)}, updated_at) "
            f"VALUES (?, {', '.join('?' for _ in self.columns)}, ?) "
            f"ON CONFLICT ({self.key}) DO UPDATE SET {updates}, updated_at = excluded.updated_at",
            (owner_id, *(values.get(c) for c in self.columns), now),
        )

    def lock(self, tx: Transaction, owner_id: int) -> None:
        """Serialises changes to one owner's row (code checks and sends count in it)."""
        tx.lock(f"{self.table}:{owner_id}")
