"""A household's alerts as the app reads them (README, "Alerts"): its alert settings (thresholds, quiet
hours, an address verified by a 6-digit code) and the in-app notifications with their unread count.
Called through :class:`app.api.client.BudgetmeterClient` (``alert_settings()``, ``notifications()``, ...).
"""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime

from .models import Energy, _Model

AlertKind = Literal["balance_low", "days_left_low", "emergency_credit_started", "minimum_supply_started", "topup_loaded",
                    "off_supply", "limited_supply_long", "emergency_credit_long", "heating_dropped",
                    "winter_support_granted", "winter_support_refused", "winter_support_stopped"]


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


__all__ = ["AlertKind", "AlertRules", "AlertSettings", "Notification", "NotificationPage", "QuietHours"]
