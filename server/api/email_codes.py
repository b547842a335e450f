"""A mail address verified by a 6-digit code: a client's alert address (server.api.routes.alerts) and a staff
member's digest address (server.api.routes.staff_alerts). Both keep the address and its code's state in the
owner's settings row; the table, the owner and the names in the code's hash and throttle key are all
that differs (CodedAddress)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..services.alerts.mail import Mail
from ..core.settings import Settings
from .errors import ApiError
from ..store import outbox, throttle
from ..store.db import Database, Transaction
from ..store.settings_row import SettingsTable

CODE_VALID_SECONDS = outbox.CODE_MAIL_SECONDS
CODES_PER_HOUR = 5
VERIFY_MAX_FAILURES = 5
VERIFY_MAX_FAILURES_PER_DAY = 20

# The rest of the row, changed in the same transaction: (what was stored or None, the row to save).
Change = Callable[[dict[str, Any] | None, dict[str, Any]], None]
# The mail that carries a new code: (transaction, the row to save, the code).
CodeMail = Callable[[Transaction, dict[str, Any], str], Mail]


def _too_many(seconds: int) -> ApiError:
    return ApiError(429, "too_many_attempts", f"Too many attempts; try again in {seconds} seconds",
                    {"Retry-After": str(max(1, seconds))})


@dataclass(frozen=True)
class CodedAddress:
    db: Database
    settings: Settings  # the secret key of the code's hash, and the throttle's lock times
    table: SettingsTable  # keyed by the owner's column in the mail outbox too (account_id, staff_id)
    owner_id: int
    # These two go into stored hashes and throttle keys: changing them forgets codes and failures.
    hash_name: str
    throttle_name: str

    def code_hash(self, code: str) -> str:
        key = self.settings.resolved_secret_key()
        return hmac.new(key, f"{self.hash_name}:{self.owner_id}:{code}".encode(), hashlib.sha256).hexdigest()

    def save(self, email: str | None, *, now: int, change: Change, mail: CodeMail) -> dict[str, Any] | None:
        """Saves the owner's settings with `email` (None: no mail) and what `change` sets; returns the row.
        A new address is unverified until the code mailed to it comes back (verify). The same address
        again keeps its state, unless it still waits for a code that expired: then saving it again is
        how its owner asks for a new one."""
        owner = {self.table.key: self.owner_id}
        with self.db.transaction(write=True) as tx:
            self.table.lock(tx, self.owner_id)
            old = self.table.read(tx, self.owner_id)
            values: dict[str, Any] = dict(old) if old else {"email_verified": 0, "codes_sent": 0}
            change(old, values)
            same_address = old is not None and (old["email"] or "").lower() == (email or "").lower()
            expired = same_address and not old["email_verified"] and int(old["verify_expires_at"] or 0) < now
            if email is None:
                values.update(email=None, email_verified=0, verify_code_hash=None, verify_expires_at=None)
                outbox.forget_pending_verifications(tx, **owner)
            elif not same_address or expired:
                window_start = values.get("codes_window_start") or 0
                sent = int(values.get("codes_sent") or 0) if now - window_start < 3600 else 0
                if sent >= CODES_PER_HOUR:
                    raise _too_many(window_start + 3600 - now)
                code = f"{secrets.randbelow(10**6):06d}"
                values.update(
                    email=email, email_verified=0, verify_code_hash=self.code_hash(code),
                    verify_expires_at=now + CODE_VALID_SECONDS, codes_sent=sent + 1,
                    codes_window_start=window_start if sent else now,
                )
                message = mail(tx, values, code)
                outbox.forget_pending_verifications(tx, **owner)
                # Asked for now: not held back by quiet hours.
                outbox.enqueue(tx, purpose="verification", to_address=email, subject=message.subject,
                               text_body=message.text, html_body=message.html, now=now, **owner)
            self.table.save(tx, self.owner_id, values, now=now)
            return self.table.read(tx, self.owner_id)

    def verify(self, code: str, *, now: int) -> dict[str, Any] | None:
        """The code from the mail verifies the address; returns the row. A wrong or expired code is 401
        `invalid_credentials`; too many wrong codes lock the check (429, as the log-in throttle)."""
        s = self.settings
        rule = throttle.ThrottleRule(f"{self.throttle_name}:{self.owner_id}", VERIFY_MAX_FAILURES,
                                     VERIFY_MAX_FAILURES_PER_DAY)
        with self.db.transaction(write=True) as tx:
            self.table.lock(tx, self.owner_id)
            wait = throttle.retry_after(tx, [rule.key], now=now)
            row = self.table.read(tx, self.owner_id)
        if wait:
            raise _too_many(wait)
        if row is None or not row["email"] or row["email_verified"] or not row["verify_code_hash"]:
            raise ApiError(409, "conflict", "No address is waiting for a code; set an email first")
        good = hmac.compare_digest(row["verify_code_hash"], self.code_hash(code))
        if not good or now > int(row["verify_expires_at"] or 0):
            with self.db.transaction(write=True) as tx:
                locked = throttle.record_failure(
                    tx, [rule], now=now, window_seconds=s.throttle_window_seconds,
                    base_lock_seconds=s.throttle_base_lock_seconds, max_lock_seconds=s.throttle_max_lock_seconds,
                )
            if locked:
                raise _too_many(locked)
            raise ApiError(401, "invalid_credentials", "The code is wrong or has expired")
        with self.db.transaction(write=True) as tx:
            row = dict(row)
            row.update(email_verified=1, verify_code_hash=None, verify_expires_at=None)
            self.table.save(tx, self.owner_id, row, now=now)
            throttle.clear(tx, [rule.key])
            return self.table.read(tx, self.owner_id)
