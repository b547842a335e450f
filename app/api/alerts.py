"""Alerts, from the server (README, "Alerts"): the client's alert settings with email verification,
and the in-app notifications with their unread count.

    settings = await alert_settings(api)
    await save_alert_settings(api, settings.model_copy(update={"email": "an@example.be"}))
    await verify_alert_email(api, "123456")          # the code from the mail
    page = await notifications(api)                   # page.unread: the bell's number
    await mark_notification_read(api, page.items[0].id)

Kept beside the client rather than in it (as app/api/winter.py): every call goes through the client's
one request path (token, retries of reads, error envelope, timeouts).
"""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime

from .client import API, BudgetmeterClient
from .models import Energy, _Model, parse

SETTINGS_PATH = f"{API}/alerts/settings"
VERIFY_PATH = f"{API}/alerts/email/verify"
NOTIFICATIONS_PATH = f"{API}/notifications"

AlertKind = Literal["balance_low", "days_left_low", "emergency_credit_started", "minimum_supply_started", "topup_loaded",
                    "off_supply", "limited_supply_long", "emergency_credit_long", "heating_dropped",
                    "winter_support_granted", "winter_support_refused"]


class AlertRules(_Model):
    #: 0: no balance alert. The server's default is 500 (5,00 EUR).
    balance_below_cents: int = 500
    #: 0: no days-left alert.
    days_left_at_most: int = 3
    emergency_credit: bool = True
    minimum_supply: bool = True
    topup_loaded: bool = True


class QuietHours(_Model):
    """Mail waits during these hours (Belgian time, "HH:MM"; may span midnight); the app does not."""

    start: str
    end: str


class AlertSettings(_Model):
    email: str | None
    email_verified: bool
    rules: AlertRules
    quiet_hours: QuietHours | None


class Notification(_Model):
    id: int
    at: AwareDatetime
    kind: AlertKind
    ean: str
    energy: Energy
    #: In the account's language, written by the server.
    title: str
    body: str
    read: bool


class NotificationPage(_Model):
    items: list[Notification]
    unread: int
    next_cursor: str | None


async def alert_settings(api: BudgetmeterClient) -> AlertSettings:
    return await api._get_json(AlertSettings, SETTINGS_PATH)


async def save_alert_settings(api: BudgetmeterClient, settings: AlertSettings) -> AlertSettings:
    """Saves thresholds, quiet hours and the address; a new address gets a code by mail and is
    unverified until :func:`verify_alert_email`. Raises TooManyAttempts after too many new addresses."""
    body = {
        "email": settings.email or None,
        "rules": settings.rules.model_dump(),
        "quiet_hours": settings.quiet_hours.model_dump() if settings.quiet_hours else None,
    }
    response = await api._request("PUT", SETTINGS_PATH, json=body)
    return parse(AlertSettings, api._json(response, SETTINGS_PATH), what=SETTINGS_PATH)


async def verify_alert_email(api: BudgetmeterClient, code: str) -> AlertSettings:
    """The 6-digit code from the mail. A wrong or expired code raises InvalidCredentials; too many,
    TooManyAttempts (with retry_after)."""
    response = await api._request("POST", VERIFY_PATH, json={"code": code})
    return parse(AlertSettings, api._json(response, VERIFY_PATH), what=VERIFY_PATH)


async def notifications(api: BudgetmeterClient, cursor: str | None = None, limit: int = 20) -> NotificationPage:
    return await api._get_json(NotificationPage, NOTIFICATIONS_PATH, params={"cursor": cursor, "limit": limit})


async def mark_notification_read(api: BudgetmeterClient, notification_id: int) -> None:
    # Marking twice changes nothing on the server, so a retry is safe.
    await api._request("POST", f"{NOTIFICATIONS_PATH}/{notification_id}/read", retry=True)


__all__ = [
    "AlertRules", "AlertSettings", "Notification", "NotificationPage", "QuietHours",
    "alert_settings", "mark_notification_read", "notifications", "save_alert_settings", "verify_alert_email",
]
