"""Request and response models of the alerts (README, "Alerts")."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool

from ..rules.alerts import BALANCE_BELOW_MAX_CENTS, DAYS_LEFT_MAX
from .schemas import Cents, Energy

AlertKind = Literal["balance_low", "days_left_low", "emergency_credit_started", "minimum_supply_started", "topup_loaded",
                    "off_supply", "limited_supply_long", "emergency_credit_long", "heating_dropped",
                    "winter_support_granted", "winter_support_refused", "winter_support_stopped"]
ClockTime = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", examples=["22:00"])]
# An address a mail server takes: a local part without spaces or separators, a dotted host name.
EMAIL_PATTERN = (
    r"^[^@\s<>,;\"()\[\]\\]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)


def _whole_number(value: object) -> object:
    # JSON Schema's integer: 3 and 3.0 yes; "3", true and 2.5 no.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("a whole number")
    return value


WholeNumber = Annotated[int, BeforeValidator(_whole_number)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AlertRulesModel(_Strict):
    balance_below_cents: Cents = Field(500, ge=0, le=BALANCE_BELOW_MAX_CENTS, description="0: no balance alert")
    days_left_at_most: WholeNumber = Field(3, ge=0, le=DAYS_LEFT_MAX, description="0: no days-left alert")
    # Strict: JSON true/false only, never 0/1 or "yes".
    emergency_credit: StrictBool = True
    minimum_supply: StrictBool = True
    topup_loaded: StrictBool = True


class QuietHours(_Strict):
    """Mail waits during these hours (Belgian time; may span midnight); notices in the app do not."""

    start: ClockTime
    end: ClockTime


class AlertSettings(BaseModel):
    email: str | None
    email_verified: bool
    rules: AlertRulesModel
    quiet_hours: QuietHours | None


class AlertSettingsUpdate(_Strict):
    email: str | None = Field(max_length=254, pattern=EMAIL_PATTERN, examples=["an.peeters@example.be"],
                              description="A new address gets a 6-digit code by mail; null: no mail")
    rules: AlertRulesModel
    quiet_hours: QuietHours | None
    email_verified: StrictBool | None = Field(None, description="Ignored: only a code verifies an address")


class EmailVerification(_Strict):
    code: str = Field(pattern=r"^[0-9]{6}$", description="The 6-digit code from the mail")


class Notification(BaseModel):
    id: int
    at: datetime
    kind: AlertKind
    ean: str
    energy: Energy
    title: str
    body: str
    read: bool


class NotificationPage(BaseModel):
    items: list[Notification]
    unread: int
    next_cursor: str | None
