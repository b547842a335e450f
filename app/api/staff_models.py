"""Typed models of the helpers' own accounts (organisations, staff, mandates, caseload), as the app
reads them: own copies of the server's contract, like app/api/models.py."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, Field

from .models import Balance, Energy, Language, MeterStatus, Tariff, _Model

Permission = Literal["view", "prepare_topups"]


class StaffToken(_Model):
    access_token: str = Field(repr=False)
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    idle_timeout: int | None = None
    scope: Literal["staff", "staff_setup"]


class StaffSetupAnswer(_Model):
    totp_uri: str = Field(repr=False)  # holds the authenticator's secret


class StaffMe(_Model):
    username: str
    display_name: str
    organisation: str
    is_admin: bool
    organisation_id: int | None = None


class StaffAlertSettings(_Model):
    """The member's daily digest of clients who entered an alert state (README, "Alerts")."""

    email: str | None
    #: The digest only goes to an address verified with the 6-digit code mailed to it.
    email_verified: bool
    #: Belgian time "HH:MM"; None: no digest.
    digest_time: str | None
    language: Language = "nl"
    #: A mail at once for each new supply signal of a client, besides the digest (issue 21).
    immediate_signals: bool = True


class StaffMember(_Model):
    username: str
    display_name: str
    is_admin: bool
    set_up: bool
    created_at: AwareDatetime


class StaffMembers(_Model):
    staff: list[StaffMember]


class StaffMemberCreated(_Model):
    username: str
    display_name: str
    initial_password: str = Field(repr=False)


class ShareCode(_Model):
    share_code: str
    expires_at: AwareDatetime
    #: Opaque: names this code among the household's open ones (OpenShareCodes).
    id: str


class OpenShareCode(_Model):
    id: str
    expires_at: AwareDatetime
    permissions: list[Permission]


class OpenShareCodes(_Model):
    """The household's codes a helper can still redeem (not used, not expired), newest first."""

    share_codes: list[OpenShareCode]


class LastAccess(_Model):
    at: AwareDatetime
    staff_name: str


class Mandate(_Model):
    mandate_id: int
    organisation: str
    #: Names the organisation in a winter support request (issue 21).
    organisation_id: int | None = None
    permissions: list[Permission]
    granted_at: AwareDatetime
    last_access: LastAccess | None = None


class CaseloadAdded(_Model):
    client_id: int
    display_name: str


class CaseloadMeter(_Model):
    ean: str
    energy: Energy
    balance_cents: int
    status: MeterStatus
    estimated_days_left: int
    updated_at: AwareDatetime


SignalKind = Literal["off_supply", "limited_supply_long", "emergency_credit_long", "heating_dropped"]
SignalStatus = Literal["open", "acknowledged", "resolved"]


class CaseloadSignal(_Model):
    """A client's supply signal not resolved yet, on its caseload row (issue 21)."""

    signal_id: int
    kind: SignalKind
    ean: str
    energy: Energy
    #: When the state the signal is about began.
    since: AwareDatetime
    status: SignalStatus


class CaseloadClient(_Model):
    client_id: int
    display_name: str
    postal_code: str
    prepaid_code_masked: str
    urgency: MeterStatus | None = None
    open_pending_topups: int
    #: The client's notifications since this member last opened the client's file (issue 11).
    new_alerts: int
    permissions: list[Permission] = ["view"]
    #: Open and acknowledged supply signals (issue 21); the server lists clients with open ones first.
    signals: list[CaseloadSignal] = []
    meters: list[CaseloadMeter]


class CaseloadPage(_Model):
    clients: list[CaseloadClient]
    next_cursor: str | None = None


class CaseloadDetail(_Model):
    client_id: int
    display_name: str
    postal_code: str
    prepaid_code_masked: str
    language: Language
    urgency: MeterStatus | None = None
    open_pending_topups: int
    permissions: list[Permission]
    meters: list[Balance]
    tariff: Tariff


class Signal(_Model):
    """One of the organisation's supply signals (issue 21): a client gone without energy, or with too
    little, long enough that someone should look."""

    signal_id: int
    client_id: int
    display_name: str
    kind: SignalKind
    ean: str
    energy: Energy
    since: AwareDatetime
    status: SignalStatus
    #: The staff member who followed up last, as the server knows them.
    acknowledged_by: str | None = None
    note: str | None = None


class SignalPage(_Model):
    items: list[Signal]
    next_cursor: str | None = None
