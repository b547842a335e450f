"""A staff member's daily digest of clients who entered an alert state (DESIGN.md, "Alerts"):
`PUT /api/v1/staff/me/alerts {email, digest_time}`, and (beyond the contract) the `GET` of the same
shape and `POST /api/v1/staff/me/alerts/verify {code}`. The address is verified by a 6-digit code,
as a client's is: the digest names clients and must not reach a mistyped address. The digest itself
is written by the mail sender (server.alerts.digest)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from fastapi import APIRouter

from ..alerts.digest_mail import staff_verification_mail
from ..core.clock import now_s
from ..errors import ApiError, ErrorEnvelope
from ..schemas_staff_alerts import StaffAlertSettings, StaffAlertSettingsUpdate, StaffEmailVerification
from ..staff_deps import StaffDep, StaffSession
from ..store import outbox, staff_alerts, throttle
from ..store.db import Transaction
from .alerts import CODE_VALID_SECONDS, CODES_PER_HOUR, VERIFY_MAX_FAILURES, VERIFY_MAX_FAILURES_PER_DAY

router = APIRouter(prefix="/api/v1/staff/me", tags=["staff"])

_ERRORS = {
    401: {"model": ErrorEnvelope, "description": "unauthorized"},
    403: {"model": ErrorEnvelope, "description": "forbidden: the set-up is not finished"},
    422: {"model": ErrorEnvelope, "description": "validation_error: a bad address or time, or a time without address"},
}
_TOO_MANY = {429: {"model": ErrorEnvelope, "description": "too_many_attempts; see Retry-After"}}


def _answer(row: dict[str, Any] | None) -> StaffAlertSettings:
    return StaffAlertSettings(
        email=row["email"] if row else None,
        email_verified=bool(row and row["email"] and row["email_verified"]),
        digest_time=row["digest_time"] if row else None,
        language=(row["language"] if row else None) or "nl",
    )


def _code_hash(session: StaffSession, code: str) -> str:
    key = session.settings.resolved_secret_key()
    return hmac.new(key, f"staff-digest-email:{session.staff_id}:{code}".encode(), hashlib.sha256).hexdigest()


def _too_many(seconds: int) -> ApiError:
    return ApiError(429, "too_many_attempts", f"Too many attempts; try again in {seconds} seconds",
                    {"Retry-After": str(max(1, seconds))})


@router.get("/alerts", operation_id="get_staff_alert_settings", response_model=StaffAlertSettings, responses=_ERRORS)
async def get_staff_alert_settings(session: StaffDep) -> StaffAlertSettings:
    """The member's digest settings; never set: no address, no digest."""
    row = await session.db.read(lambda tx: staff_alerts.settings_of(tx, session.staff_id))
    return _answer(row)


@router.put("/alerts", operation_id="put_staff_alert_settings", response_model=StaffAlertSettings,
            responses={**_ERRORS, **_TOO_MANY})
def put_staff_alert_settings(body: StaffAlertSettingsUpdate, session: StaffDep) -> StaffAlertSettings:
    """Sets the address and the daily digest time (Belgian time; null: no digest). A new address gets a
    6-digit code by mail (POST /api/v1/staff/me/alerts/verify); the digest only goes to a verified one.
    The first digest lists what happens after the digest was turned on."""
    email = body.email or None
    now = now_s()
    code = f"{secrets.randbelow(10**6):06d}"

    def save(tx: Transaction) -> dict[str, Any] | None:
        staff_alerts.lock_settings(tx, session.staff_id)
        old = staff_alerts.settings_of(tx, session.staff_id)
        values: dict[str, Any] = dict(old) if old else {"email_verified": 0, "codes_sent": 0, "language": "nl"}
        if body.language is not None:
            values["language"] = body.language
        if body.digest_time is not None and (old is None or old["digest_time"] is None):
            # Turned on now: the first digest covers what begins from here, not the store's past.
            values["digest_since"] = now
        values["digest_time"] = body.digest_time
        same_address = old is not None and (old["email"] or "").lower() == (email or "").lower()
        # The same address again keeps its state, unless its code expired: saving it again asks for a new one.
        expired = same_address and not old["email_verified"] and int(old["verify_expires_at"] or 0) < now
        if email is None:
            values.update(email=None, email_verified=0, verify_code_hash=None, verify_expires_at=None)
            outbox.forget_pending_staff_verifications(tx, session.staff_id)
        elif not same_address or expired:
            window_start = values.get("codes_window_start") or 0
            sent = int(values.get("codes_sent") or 0) if now - window_start < 3600 else 0
            if sent >= CODES_PER_HOUR:
                raise _too_many(window_start + 3600 - now)
            values.update(
                email=email, email_verified=0, verify_code_hash=_code_hash(session, code),
                verify_expires_at=now + CODE_VALID_SECONDS, codes_sent=sent + 1,
                codes_window_start=window_start if sent else now,
            )
            message = staff_verification_mail(values["language"], name=session.display_name, code=code)
            outbox.forget_pending_staff_verifications(tx, session.staff_id)
            outbox.enqueue(tx, purpose="verification", staff_id=session.staff_id, to_address=email,
                           subject=message.subject, text_body=message.text, html_body=message.html, now=now)
        staff_alerts.save_settings(tx, session.staff_id, values, now=now)
        return staff_alerts.settings_of(tx, session.staff_id)

    with session.db.transaction(write=True) as tx:
        row = save(tx)
    return _answer(row)


@router.post(
    "/alerts/verify", operation_id="verify_staff_alert_email", response_model=StaffAlertSettings,
    responses={**_ERRORS, **_TOO_MANY, 409: {"model": ErrorEnvelope, "description": "conflict: no address waits for a code"}},
)
def verify_staff_alert_email(body: StaffEmailVerification, session: StaffDep) -> StaffAlertSettings:
    """The 6-digit code from the mail verifies the address. A wrong or expired code is 401
    `invalid_credentials`; too many wrong codes lock the check (429)."""
    now = now_s()
    s = session.settings
    rule = throttle.ThrottleRule(f"staff-digest-code:{session.staff_id}", VERIFY_MAX_FAILURES, VERIFY_MAX_FAILURES_PER_DAY)
    with session.db.transaction(write=True) as tx:
        staff_alerts.lock_settings(tx, session.staff_id)
        wait = throttle.retry_after(tx, [rule.key], now=now)
        row = staff_alerts.settings_of(tx, session.staff_id)
    if wait:
        raise _too_many(wait)
    if row is None or not row["email"] or row["email_verified"] or not row["verify_code_hash"]:
        raise ApiError(409, "conflict", "No address is waiting for a code; set an email first")
    good = hmac.compare_digest(row["verify_code_hash"], _code_hash(session, body.code))
    if not good or now > int(row["verify_expires_at"] or 0):
        with session.db.transaction(write=True) as tx:
            locked = throttle.record_failure(
                tx, [rule], now=now, window_seconds=s.throttle_window_seconds,
                base_lock_seconds=s.throttle_base_lock_seconds, max_lock_seconds=s.throttle_max_lock_seconds,
            )
        if locked:
            raise _too_many(locked)
        raise ApiError(401, "invalid_credentials", "The code is wrong or has expired")
    with session.db.transaction(write=True) as tx:
        row = dict(row)
        row.update(email_verified=1, verify_code_hash=None, verify_expires_at=None)
        staff_alerts.save_settings(tx, session.staff_id, row, now=now)
        throttle.clear(tx, [rule.key])
        row = staff_alerts.settings_of(tx, session.staff_id)
    return _answer(row)
