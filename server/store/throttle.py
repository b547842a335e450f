"""Login throttling kept in the store, so it holds across restarts and across workers.

Two kinds of rule. A delaying rule (an identity: a Prepaid-code, a username) lets `max_failures`
failures a rolling day through, then each further failure delays the next try, doubling up to a cap of
a few minutes: whoever knows the identity can slow its owner down, never lock them out. A locking rule
(an address, a mail code) locks the key after `max_failures` failures inside the window, each further
lock within a day doubling, up to a ceiling, with a hard cap of failures per rolling day.
"""

from __future__ import annotations

from dataclasses import dataclass

from .db import Transaction

DAY = 24 * 60 * 60


@dataclass(frozen=True)
class ThrottleRule:
    key: str
    max_failures: int
    # A locking rule's hard ceiling per rolling day, whatever the lock times add up to (None: delaying).
    max_failures_per_day: int | None
    # A delaying rule's longest delay (None: locking).
    max_delay_seconds: int | None = None


def retry_after(tx: Transaction, keys: list[str], *, now: int) -> int:
    """Seconds until the most strictly locked of these keys may try again; 0 when none is locked."""
    if not keys:
        return 0
    marks = ",".join("?" for _ in keys)
    row = tx.one(
        f"SELECT MAX(locked_until) AS until FROM login_locks WHERE throttle_key IN ({marks})", tuple(keys)
    )
    until = (row or {}).get("until") or 0
    return max(0, int(until) - now)


@dataclass(frozen=True)
class _Failures:
    in_window: int
    in_day: int
    oldest: int | None

    def over(self, rule: ThrottleRule) -> bool:
        if rule.max_failures_per_day is None:
            return self.in_day >= rule.max_failures
        return self.in_window >= rule.max_failures or self.in_day >= rule.max_failures_per_day


def _failures(tx: Transaction, key: str, *, now: int, window_seconds: int) -> _Failures:
    row = tx.one(
        "SELECT SUM(CASE WHEN at > ? THEN 1 ELSE 0 END) AS in_window, COUNT(*) AS in_day, MIN(at) AS oldest "
        "FROM login_failures WHERE throttle_key = ? AND at > ?",
        (now - window_seconds, key, now - DAY),
    ) or {}
    oldest = row.get("oldest")
    return _Failures(int(row.get("in_window") or 0), int(row.get("in_day") or 0), int(oldest) if oldest else None)


def record_failure(
    tx: Transaction,
    rules: list[ThrottleRule],
    *,
    now: int,
    window_seconds: int,
    base_lock_seconds: int,
    max_lock_seconds: int,
) -> int:
    """Counts one failure against each key; returns the lock (seconds) it caused, 0 if none."""
    for rule in rules:  # always in the caller's order: identity, then address
        tx.lock(rule.key)
    tx.execute("DELETE FROM login_failures WHERE at < ?", (now - DAY,))
    longest = 0
    for rule in rules:
        tx.execute("INSERT INTO login_failures (throttle_key, at) VALUES (?, ?)", (rule.key, now))
        failures = _failures(tx, rule.key, now=now, window_seconds=window_seconds)
        if not failures.over(rule):
            continue
        if rule.max_delay_seconds is not None:
            # The n-th failure beyond the free ones waits base * 2^n, at most the cap: over a day that
            # bounds the tries (tests/api/test_attacks.py computes the bound) without a lock-out.
            lockouts = failures.in_day - rule.max_failures
            seconds = min(rule.max_delay_seconds, base_lock_seconds * 2 ** min(lockouts, 30))
        else:
            lock = tx.one("SELECT lockouts, last_locked_at FROM login_locks WHERE throttle_key = ?", (rule.key,))
            lockouts = lock["lockouts"] if lock and now - lock["last_locked_at"] < DAY else 0
            seconds = min(max_lock_seconds, base_lock_seconds * 2**lockouts)
        if rule.max_failures_per_day is not None and failures.in_day >= rule.max_failures_per_day and failures.oldest is not None:
            # Locked until the oldest failure of the day has aged out of it.
            seconds = max(seconds, failures.oldest + DAY - now)
        tx.execute(
            "INSERT INTO login_locks (throttle_key, locked_until, lockouts, last_locked_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (throttle_key) DO UPDATE SET locked_until = excluded.locked_until, "
            "lockouts = excluded.lockouts, last_locked_at = excluded.last_locked_at",
            (rule.key, now + seconds, lockouts + 1, now),
        )
        longest = max(longest, seconds)
    return longest


def clear(tx: Transaction, keys: list[str]) -> None:
    for key in keys:
        tx.lock(key)
    for key in keys:
        tx.execute("DELETE FROM login_failures WHERE throttle_key = ?", (key,))
        tx.execute("DELETE FROM login_locks WHERE throttle_key = ?", (key,))


def forget_failure(tx: Transaction, rule: ThrottleRule, *, at: int, now: int, window_seconds: int) -> None:
    """Withdraws one failure counted ahead of a check that then succeeded, and the lock it may have
    set: many helpers of one office logging in at once must not lock their shared address."""
    tx.lock(rule.key)
    row = tx.one("SELECT MAX(id) AS id FROM login_failures WHERE throttle_key = ? AND at = ?", (rule.key, at))
    if row and row["id"] is not None:
        tx.execute("DELETE FROM login_failures WHERE id = ?", (row["id"],))
    if not _failures(tx, rule.key, now=now, window_seconds=window_seconds).over(rule):
        tx.execute(
            "UPDATE login_locks SET locked_until = ?, lockouts = lockouts - 1 "
            "WHERE throttle_key = ? AND last_locked_at >= ? AND locked_until > ?",
            (now, rule.key, at, now),
        )
