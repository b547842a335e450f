"""Request and response models of the helpers' own accounts: organisations, staff, mandates, caseload."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from .schemas import Balance, Energy, MeterStatus, Tariff, _Strict
from .signals import CaseloadSignal

Permission = Literal["view", "prepare_topups"]
Username = Field(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9._@-]+$")
DisplayName = Field(min_length=1, max_length=100)


class OrganisationAdmin(_Strict):
    username: str = Username
    display_name: str = DisplayName


class OrganisationCreate(_Strict):
    name: str = Field(min_length=1, max_length=120)
    admin: OrganisationAdmin


class OrganisationCreated(BaseModel):
    organisation_id: int
    admin_username: str
    initial_password: str = Field(description="Shown once; the admin replaces it at the first log-in")


class StaffLogin(_Strict):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=256)
    totp: str | None = Field(default=None, max_length=16, description="The authenticator's 6-digit code, once set up")


class StaffTokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    idle_timeout: int
    scope: Literal["staff", "staff_setup"]


class StaffSetup(_Strict):
    new_password: str = Field(min_length=10, max_length=256, description="At least 10 characters")


class StaffSetupAnswer(BaseModel):
    totp_uri: str = Field(description="otpauth://totp/... for the authenticator app (shown as a QR code)")


class StaffSetupConfirm(_Strict):
    totp: str = Field(min_length=6, max_length=16)


class StaffMe(BaseModel):
    username: str
    display_name: str
    organisation: str
    is_admin: bool
    organisation_id: int


class StaffMemberCreate(_Strict):
    username: str = Username
    display_name: str = DisplayName


class StaffMember(BaseModel):
    username: str
    display_name: str
    is_admin: bool
    set_up: bool = Field(description="False until the member chose a password and enrolled the authenticator")
    created_at: datetime


class StaffMembers(BaseModel):
    staff: list[StaffMember]


class StaffMemberCreated(BaseModel):
    username: str
    display_name: str
    initial_password: str = Field(description="Shown once")


class ShareCodeRequest(_Strict):
    permissions: list[Permission] = Field(default_factory=lambda: ["view"], max_length=2)


class ShareCode(BaseModel):
    share_code: str = Field(description="XXXX-XXXX; single use")
    expires_at: datetime
    id: str = Field(description="Opaque; names this code in GET /api/v1/mandates/share-codes, reveals nothing of it")


class OpenShareCode(BaseModel):
    id: str = Field(description="As in the answer that made the code")
    expires_at: datetime
    permissions: list[Permission]


class OpenShareCodes(BaseModel):
    share_codes: list[OpenShareCode] = Field(description="Not used and not expired, newest first")


class LastAccess(BaseModel):
    at: datetime
    staff_name: str


class Mandate(BaseModel):
    mandate_id: int
    organisation: str
    organisation_id: int
    permissions: list[Permission]
    granted_at: datetime
    last_access: LastAccess | None = None


class CaseloadAdd(_Strict):
    share_code: str | None = Field(default=None, max_length=20)
    prepaid_code: str | None = Field(default=None, max_length=32, pattern=r"^[ .\-]*(?:[0-9][ .\-]*){10}$")
    postal_code: str | None = Field(default=None, pattern=r"^ *[1-9][0-9]{3} *$", max_length=10)


class CaseloadAdded(BaseModel):
    client_id: int
    display_name: str


class CaseloadMeter(BaseModel):
    ean: str
    energy: Energy
    balance_cents: int
    status: MeterStatus
    estimated_days_left: int
    updated_at: datetime


class CaseloadClient(BaseModel):
    client_id: int
    display_name: str
    postal_code: str
    prepaid_code_masked: str
    urgency: MeterStatus | None = Field(description="The most urgent status among the meters; null without meters")
    open_pending_topups: int
    new_alerts: int = Field(
        description="The client's notifications since this staff member last opened the client's file "
        "(GET /api/v1/caseload/{client_id}), or since the mandate began"
    )
    permissions: list[Permission]
    signals: list[CaseloadSignal] = Field(
        description="Supply signals not resolved yet (open and acknowledged), oldest first (issue 21)"
    )
    meters: list[CaseloadMeter]


class CaseloadPage(BaseModel):
    clients: list[CaseloadClient]
    next_cursor: str | None


class CaseloadDetail(BaseModel):
    client_id: int
    display_name: str
    postal_code: str
    prepaid_code_masked: str
    language: Literal["nl", "fr", "de", "en"]
    urgency: MeterStatus | None
    open_pending_topups: int
    permissions: list[Permission]
    meters: list[Balance] = Field(description="As the household's own GET /api/v1/meters/{ean}/balance")
    tariff: Tariff = Field(description="As the household's own GET /api/v1/tariff")
