"""A client's alerts (README, "Alerts"): settings with email verification by a 6-digit code, and
the in-app notifications with their unread count."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from ...services.alerts import evaluate, mail, words
from ...core.clock import now_s, to_brussels
from ..auth import Session, SessionDep
from ..email_codes import CodedAddress
from ..errors import ErrorEnvelope, not_found
from ...contract.alerts import AlertRulesModel, AlertSettings, AlertSettingsUpdate, EmailVerification, Notification, NotificationPage, QuietHours
from ...store import accounts, alerts
from ...store import winter_support as winter_store
from ...store.db import Transaction
from ...services.winter_support import words as winter_words

router = APIRouter(prefix="/api/v1", tags=["alerts"])

_AUTH = {401: {"model": ErrorEnvelope, "description": "unauthorized"}}
_TOO_MANY = {429: {"model": ErrorEnvelope, "description": "too_many_attempts; see Retry-After"}}
_INVALID = {422: {"model": ErrorEnvelope, "description": "validation_error"}}


def _answer(row: dict[str, Any] | None) -> AlertSettings:
    chosen = evaluate.rules_of(row)
    quiet = evaluate.quiet_hours_of(row)
    return AlertSettings(
        email=row["email"] if row else None,
        email_verified=bool(row and row["email"] and row["email_verified"]),
        rules=AlertRulesModel(
            balance_below_cents=chosen.balance_below_cents,
            days_left_at_most=chosen.days_left_at_most,
            emergency_credit=chosen.emergency_credit,
            minimum_supply=chosen.minimum_supply,
            topup_loaded=chosen.topup_loaded,
        ),
        quiet_hours=QuietHours(start=quiet[0], end=quiet[1]) if quiet else None,
    )


def _address(session: Session) -> CodedAddress:
    return CodedAddress(session.db, session.settings, alerts.SETTINGS, session.account_id,
                        hash_name="alert-email", throttle_name="alert-code")


@router.get("/alerts/settings", operation_id="get_alert_settings", response_model=AlertSettings, responses=_AUTH)
async def get_alert_settings(session: SessionDep) -> AlertSettings:
    """The client's alerts; a client who never changed them has the defaults (no email)."""
    row = await session.db.read(lambda tx: alerts.settings_of(tx, session.account_id))
    return _answer(row)


@router.put(
    "/alerts/settings", operation_id="put_alert_settings", response_model=AlertSettings,
    responses={**_AUTH, **_INVALID, **_TOO_MANY},
)
def put_alert_settings(body: AlertSettingsUpdate, session: SessionDep) -> AlertSettings:
    """Replaces the client's alert settings. A new address is unverified until the 6-digit code sent
    to it comes back (POST /api/v1/alerts/email/verify); mail only goes to verified addresses."""

    def change(old: dict[str, Any] | None, values: dict[str, Any]) -> None:
        values.update(
            balance_below_cents=body.rules.balance_below_cents,
            days_left_at_most=body.rules.days_left_at_most,
            emergency_credit=int(body.rules.emergency_credit),
            minimum_supply=int(body.rules.minimum_supply),
            topup_loaded=int(body.rules.topup_loaded),
            quiet_start=body.quiet_hours.start if body.quiet_hours else None,
            quiet_end=body.quiet_hours.end if body.quiet_hours else None,
        )

    def code_mail(tx: Transaction, values: dict[str, Any], code: str) -> mail.Mail:
        account = accounts.by_id(tx, session.account_id) or {"language": "nl", "display_name": ""}
        return mail.verification_mail(account["language"], name=account["display_name"], code=code)

    # The email's pattern (server.contract.alerts.EMAIL_PATTERN) was checked.
    return _answer(_address(session).save(body.email or None, now=now_s(), change=change, mail=code_mail))


@router.post(
    "/alerts/email/verify", operation_id="verify_alert_email", response_model=AlertSettings,
    responses={
        **_AUTH, **_INVALID, **_TOO_MANY,
        409: {"model": ErrorEnvelope, "description": "conflict: no address is waiting for a code"},
    },
)
def verify_alert_email(body: EmailVerification, session: SessionDep) -> AlertSettings:
    """The 6-digit code from the mail verifies the address. A wrong or expired code is 401
    `invalid_credentials`; too many wrong codes lock the check (429, as the log-in throttle)."""
    return _answer(_address(session).verify(body.code, now=now_s()))


def _notification(r: dict[str, Any], language: str, threshold: int, winter: dict[int, dict[str, Any]]) -> Notification:
    if r["kind"] in winter_words.NOTICE_KINDS:  # a winter support decision or stop: its episode is the request
        title, body = winter_words.decision_notice(language, winter[int(r["episode"])], r["kind"])
        return Notification(id=r["id"], at=to_brussels(r["at"]), kind=r["kind"], ean=r["ean"], energy=r["energy"],
                            title=title, body=body, read=r["read_at"] is not None)
    values = words.alert_values(language, energy=r["energy"], balance_cents=r["balance_cents"], days_left=r["days_left"],
                                amount_cents=r["amount_cents"], threshold_cents=threshold,
                                days_until_emergency_credit=r["days_until_emergency_credit"],
                                topup_needed_cents=r["topup_needed_cents"])
    return Notification(
        id=r["id"], at=to_brussels(r["at"]), kind=r["kind"], ean=r["ean"], energy=r["energy"],
        title=words.title(language, r["kind"], values),
        body=words.body(language, r["kind"], values),
        read=r["read_at"] is not None,
    )


@router.get("/notifications", operation_id="list_notifications", response_model=NotificationPage,
            responses={**_AUTH, **_INVALID})
async def list_notifications(
    session: SessionDep,
    cursor: Annotated[str | None, Query(pattern=r"^[0-9]{1,18}$", description="next_cursor of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> NotificationPage:
    """Newest first, with the number of unread ones. Titles and bodies are in the account's language."""

    def read(tx: Transaction) -> tuple:
        page = alerts.notifications_page(tx, session.account_id, before_id=int(cursor) if cursor else None, limit=limit + 1)
        return (
            page,
            alerts.unread_count(tx, session.account_id),
            accounts.by_id(tx, session.account_id),
            alerts.settings_of(tx, session.account_id),
            winter_store.requests_by_id(tx, [int(r["episode"]) for r in page if r["kind"] in winter_words.NOTICE_KINDS]),
        )

    rows, unread, account, setting, winter = await session.db.read(read)
    language = words.language_of((account or {}).get("language"))
    threshold = evaluate.rules_of(setting).balance_below_cents
    more = len(rows) > limit
    rows = rows[:limit]
    return NotificationPage(
        items=[_notification(r, language, threshold, winter) for r in rows],
        unread=unread,
        next_cursor=str(rows[-1]["id"]) if more and rows else None,
    )


@router.post(
    "/notifications/{notification_id}/read", operation_id="mark_notification_read", status_code=204,
    responses={**_AUTH, **_INVALID, 404: {"model": ErrorEnvelope, "description": "not_found: no such notification"}},
)
async def mark_notification_read(
    notification_id: Annotated[int, Path(ge=1, le=2**62)], session: SessionDep
) -> Response:
    """Marks one notification read; marking it again changes nothing."""
    now = now_s()
    found = await session.db.write(lambda tx: alerts.mark_read(tx, session.account_id, notification_id, now=now))
    if not found:
        raise not_found("No such notification")
    return Response(status_code=204)
