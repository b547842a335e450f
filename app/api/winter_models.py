"""The winter as the app reads it: the winter period, and winter support (issue 21).

The server owns the period's rule (seed 001: "Tijdens de winterperiode (1 december tot 1 maart) zijn er
voorwaarden voor een minimale levering van gas en elektriciteit."), so the app shows the dates it is
told (``GET /api/v1/winter-period?on=YYYY-MM-DD``: the period containing ``on``, else the next one,
both days inclusive) instead of a copy of the rule.

Winter support: the household asks an organisation that holds its mandate for free gas and follows
its request, the decision and every next preparation; the organisation's staff decide and stop
grants. Called through :class:`app.api.client.BudgetmeterClient`.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import AwareDatetime

from .models import _Model


class WinterPeriod(_Model):
    #: The day asked about.
    on: date
    in_winter_period: bool
    #: First and last day of the period containing ``on``, else of the next one (both inclusive).
    first_day: date
    last_day: date


RequestStatus = Literal["requested", "approved", "refused"]
GrantStatus = Literal["active", "stopped", "ended"]
ChecklistKey = Literal["identity_card", "gas_card", "income_proof", "fixed_costs_proof", "debt_mediator"]


class ChecklistItem(_Model):
    key: ChecklistKey
    #: In the household's language, written by the server (seed 001's documents).
    text: str


class WinterSupportRequestCreated(_Model):
    request_id: int
    status: Literal["requested"]
    checklist: list[ChecklistItem]


class NextPreparation(_Model):
    date: date
    amount_cents: int
    at: AwareDatetime


class WinterPreparation(_Model):
    pending_topup_id: int
    due_date: date
    amount_cents: int
    prepared_at: AwareDatetime
    status: Literal["open", "loaded"]
    loaded_at: AwareDatetime | None = None


class WinterGrant(_Model):
    grant_id: int
    request_id: int
    organisation_id: int
    organisation: str
    ean: str
    amount_cents: int
    every_days: int
    first_date: date
    last_date: date
    status: GrantStatus
    created_at: AwareDatetime
    stopped_at: AwareDatetime | None = None
    stopped_by: str | None = None
    stop_reason: str | None = None
    next_preparation: NextPreparation | None = None
    preparations: list[WinterPreparation] = []


class WinterSupportRequest(_Model):
    request_id: int
    organisation_id: int
    organisation: str
    household_size: int
    message: str | None = None
    status: RequestStatus
    created_at: AwareDatetime
    decided_at: AwareDatetime | None = None
    decided_by: str | None = None
    reason: str | None = None


class WinterSupportOverview(_Model):
    requests: list[WinterSupportRequest]
    grants: list[WinterGrant]
    checklist: list[ChecklistItem]


class OrganisationWinterRequest(WinterSupportRequest):
    client_id: int
    display_name: str
    has_gas_meter: bool
    grant: WinterGrant | None = None


class OrganisationWinterRequestPage(_Model):
    items: list[OrganisationWinterRequest]
    next_cursor: str | None = None


class WinterDecisionForm(_Model):
    """What staff decide; dates None: the server's default (the winter period)."""

    approved: bool
    amount_cents: int | None = None
    every_days: int = 14
    first_date: date | None = None
    last_date: date | None = None
    reason: str = ""


__all__ = [
    "ChecklistItem", "ChecklistKey", "GrantStatus", "NextPreparation", "OrganisationWinterRequest",
    "OrganisationWinterRequestPage", "RequestStatus", "WinterDecisionForm", "WinterGrant", "WinterPeriod",
    "WinterPreparation", "WinterSupportOverview", "WinterSupportRequest", "WinterSupportRequestCreated",
]
