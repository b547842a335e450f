"""A staff member's daily digest of clients who entered an alert state (README, "Alerts"):
`PUT /api/v1/staff/me/alerts {email, digest_time}`, and (beyond the contract) the `GET` of the same
shape and `POST /api/v1/staff/me/alerts/verify {code}`. The address is verified by a 6-digit code,
as a client's is: the digest names clients and must not reach a mistyped address. The digest itself
is written by the mail sender (server.services.alerts.digest)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ...services.alerts.digest_mail import staff_verification_mail
from ...services.alerts.mail import Mail
from ...core.clock import now_s
from ..email_codes import CodedAddress
from ..errors import ErrorEnvelope
from ...contract.staff_alerts import StaffAlertSettings, StaffAlertSettingsUpdate, StaffEmailVerification
from ..auth import StaffDep, StaffSession
from ...store import staff_alerts
from ...store.db import Transaction

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
        immediate_signals=bool(row["immediate_signals"] if row else staff_alerts.IMMEDIATE_SIGNALS_DEFAULT),
    )


def _address(session: StaffSession) -> CodedAddress:
    return CodedAddress(session.db, session.settings, staff_alerts.SETTINGS, session.staff_id,
                        hash_name="staff-digest-email", throttle_name="staff-digest-code")


@router.get("/alerts", operation_id="get_staff_alert_settings", response_model=StaffAlertSettings, responses=_ERRORS)
async def get_staff_alert_settings(session: StaffDep) -> StaffAlertSettings:
    """The member's digest settings; never set: no address, no digest."""
    row = await session.db.read(lambda tx: staff_alerts.settings_of(tx, session.staff_id))
    return _answer(row)


@router.put("/alerts", operation_id="put_staff_alert_settings", response_model=StaffAlertSettings,
            responses={**_ERRORS, **_TOO_MANY})
def put_staff_alert_settings(body: StaffAlertSettingsUpdate, session: StaffDep) -> StaffAlertSettings:
    """Sets the address and the daily digest time (Belgian time; null: no digest), and whether a new
    supply signal is mailed at once (immediate_signals). A new address gets a 6-digit code by mail (POST
    /api/v1/staff/me/alerts/verify); the digest and the signal mails only go to a verified one. The first
    digest lists what happens after the digest was turned on."""
    now = now_s()

    def change(old: dict[str, Any] | None, values: dict[str, Any]) -> None:
        values["language"] = body.language or values.get("language") or "nl"
        if body.digest_time is not None and (old is None or old["digest_time"] is None):
            # Turned on now: the first digest covers what begins from here, not the store's past.
            values["digest_since"] = now
        values["digest_time"] = body.digest_time
        if body.immediate_signals is not None:
            values["immediate_signals"] = int(body.immediate_signals)
        elif old is None:
            values["immediate_signals"] = staff_alerts.IMMEDIATE_SIGNALS_DEFAULT

    def code_mail(tx: Transaction, values: dict[str, Any], code: str) -> Mail:
        return staff_verification_mail(values["language"], name=session.display_name, code=code)

    return _answer(_address(session).save(body.email or None, now=now, change=change, mail=code_mail))


@router.post(
    "/alerts/verify", operation_id="verify_staff_alert_email", response_model=StaffAlertSettings,
    responses={**_ERRORS, **_TOO_MANY, 409: {"model": ErrorEnvelope, "description": "conflict: no address waits for a code"}},
)
def verify_staff_alert_email(body: StaffEmailVerification, session: StaffDep) -> StaffAlertSettings:
    """The 6-digit code from the mail verifies the address. A wrong or expired code is 401
    `invalid_credentials`; too many wrong codes lock the check (429)."""
    return _answer(_address(session).verify(body.code, now=now_s()))
