"""Organisations: an OCMW or helping service whose staff act for the households that gave it a mandate."""

from __future__ import annotations

from typing import Any

from .db import Transaction


def create(tx: Transaction, *, name: str, now: int) -> int:
    row = tx.one("INSERT INTO organisations (name, created_at) VALUES (?, ?) RETURNING id", (name, now))
    assert row is not None
    return int(row["id"])


def by_id(tx: Transaction, organisation_id: int) -> dict[str, Any] | None:
    return tx.one("SELECT id, name, created_at FROM organisations WHERE id = ?", (organisation_id,))
