"""Requests, answers and the ledger of winter support (issue 21, "Winter support")."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from .times import CalendarDate
from ..rules.payment import MAX_TOPUP_CENTS
from ..rules.winter_support import EVERY_DAYS_DEFAULT, EVERY_DAYS_MAX, EVERY_DAYS_MIN, HOUSEHOLD_SIZE_MAX, HOUSEHOLD_SIZE_MIN
from .schemas import MAX_ID, _Strict

RequestStatus = Literal["requested", "approved", "refused"]
GrantStatus = Literal["active", "stopped", "ended"]
ChecklistKey = Literal["identity_card", "gas_card", "income_proof", "fixed_costs_proof", "debt_mediator"]


class WinterSupportRequestCreate(_Strict):
    organisation_id: int = Field(ge=1, le=MAX_ID, description="An organisation holding the household's mandate")
    household_size: int = Field(ge=HOUSEHOLD_SIZE_MIN, le=HOUSEHOLD_SIZE_MAX)
    message: str | None = Field(default=None, max_length=1000)


class ChecklistItem(BaseModel):
    key: ChecklistKey
    text: str = Field(description="In the household's language")


class WinterSupportRequestCreated(BaseModel):
    request_id: int
    status: Literal["requested"]
    checklist: list[ChecklistItem] = Field(description="Seed 001: the documents to bring to the social service")


class NextPreparation(BaseModel):
    date: date
    amount_cents: int
    at: datetime = Field(description="08:00 Europe/Brussels on `date`")


class WinterPreparation(BaseModel):
    pending_topup_id: int
    due_date: date
    amount_cents: int
    prepared_at: datetime
    status: Literal["open", "loaded"]
    loaded_at: datetime | None = None


class WinterGrant(BaseModel):
    grant_id: int
    request_id: int
    organisation_id: int
    organisation: str
    ean: str = Field(description="The household's gas meter")
    amount_cents: int
    every_days: int
    first_date: date
    last_date: date
    status: GrantStatus = Field(description="ended: every due date is past")
    created_at: datetime
    stopped_at: datetime | None = None
    stopped_by: str | None = None
    stop_reason: str | None = None
    next_preparation: NextPreparation | None = None
    preparations: list[WinterPreparation]


class WinterSupportRequest(BaseModel):
    request_id: int
    organisation_id: int
    organisation: str
    household_size: int
    message: str | None = None
    status: RequestStatus
    created_at: datetime
    decided_at: datetime | None = None
    decided_by: str | None = None
    reason: str | None = None


class WinterSupportOverview(BaseModel):
    requests: list[WinterSupportRequest] = Field(description="Newest first")
    grants: list[WinterGrant]
    checklist: list[ChecklistItem] = Field(description="Seed 001: the documents to bring, in the household's language")


class OrganisationWinterRequest(WinterSupportRequest):
    client_id: int
    display_name: str
    has_gas_meter: bool
    grant: WinterGrant | None = None


class OrganisationWinterRequestPage(BaseModel):
    items: list[OrganisationWinterRequest]
    next_cursor: str | None


class WinterDecision(_Strict):
    approved: bool
    amount_cents: int | None = Field(default=None, ge=1, le=MAX_TOPUP_CENTS, description="Needed when approved")
    every_days: int = Field(default=EVERY_DAYS_DEFAULT, ge=EVERY_DAYS_MIN, le=EVERY_DAYS_MAX)
    first_date: CalendarDate | None = Field(default=None, description="Default: today, or the winter period's first day")
    last_date: CalendarDate | None = Field(default=None, description="Default: the winter period's last day")
    reason: str = Field(default="", max_length=1000)


class WinterGrantStop(_Strict):
    reason: str = Field(default="", max_length=1000)


class LedgerRow(BaseModel):
    grant_id: int
    client_id: int
    display_name: str
    ean: str
    due_date: date
    amount_cents: int
    prepared_at: datetime | None = None
    loaded_at: datetime | None = None
    status: Literal["scheduled", "prepared", "loaded"]
    pending_topup_id: int | None = None


class LedgerTotals(BaseModel):
    due_dates: int
    scheduled_cents: int = Field(description="Due dates still to be prepared")
    prepared_cents: int = Field(description="Prepared, not loaded yet")
    loaded_cents: int
    total_cents: int


class WinterLedger(BaseModel):
    season: int
    first_day: date
    last_day: date
    items: list[LedgerRow] = Field(description="Per grant and due date")
    totals: LedgerTotals
