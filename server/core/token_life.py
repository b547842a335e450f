"""When a bearer token still opens a session, and when its idle clock is written: one rule for the
households' tokens, the staff's tokens and the balance fast path (issue 24)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def is_live(row: Mapping[str, Any], *, now: int, idle_seconds: int) -> bool:
    """Not revoked, before its absolute expiry, and used within the idle time."""
    return row["revoked_at"] is None and now < row["expires_at"] and now - row["last_used_at"] < idle_seconds


def needs_touch(row: Mapping[str, Any], *, now: int, idle_seconds: int) -> bool:
    # Writing on every request would serialise all readers behind SQLite's single writer;
    # a little slack on the idle clock (at most a minute) costs nothing.
    return now - row["last_used_at"] >= min(60, idle_seconds // 4)
