"""What each operator wrote, and with which key (GET /api/v1/operator/audit): counts and references
only, never a Prepaid-code or another secret. Each row is written in the transaction of its write,
so a write that was rolled back leaves none."""

from __future__ import annotations

import json
from typing import Any

from .db import Transaction


def record(
    tx: Transaction,
    *,
    operator: str,
    via: str,
    key_name: str | None,
    operation: str,
    target: str | None,
    details: dict[str, int],
    at: int,
) -> None:
    tx.execute(
        "INSERT INTO operator_audit (at, operator, via, key_name, operation, target, details) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (at, operator, via, key_name, operation, target, json.dumps(details, sort_keys=True)),
    )


def page(tx: Transaction, operator: str, *, before: int | None, limit: int) -> list[dict[str, Any]]:
    """The operator's rows, newest first; keyset paging on id."""
    rows = tx.all(
        "SELECT id, at, via, key_name, operation, target, details FROM operator_audit "
        "WHERE operator = ? AND id < ? ORDER BY id DESC LIMIT ?",
        (operator, before if before is not None else 2**62, limit),
    )
    return [{**r, "details": json.loads(r["details"])} for r in rows]
