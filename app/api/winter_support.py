"""Winter support, from the server (issue 21): the household asks an organisation that holds its
mandate for free gas and follows its request, the decision and every next preparation; the
organisation's staff decide and stop grants.

    overview = await winter_support(api)                       # the household's requests and grants
    created = await ask_winter_support(api, organisation_id=7, household_size=3)
    page = await winter_requests(staff_api, status="requested") # staff
    await decide_winter_request(staff_api, page.items[0].request_id, WinterDecisionForm(...))

Kept beside the client rather than in it (as app/api/alerts.py): every call goes through the client's
one request path (token, retries of reads, error envelope, timeouts). POSTs are never retried: a
request or decision twice is refused by the server (409), never made twice.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import AwareDatetime

from .client import API, BudgetmeterClient
from .models import _Model, parse

HOUSEHOLD_PATH = f"{API}/winter-support"
STAFF_PATH = f"{API}/organisation/winter-support"

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


# --- the household ----------------------------------------------------------------------------------

async def winter_support(api: BudgetmeterClient) -> WinterSupportOverview:
    return await api._get_json(WinterSupportOverview, HOUSEHOLD_PATH)


async def ask_winter_support(api: BudgetmeterClient, *, organisation_id: int, household_size: int,
                             message: str | None = None) -> WinterSupportRequestCreated:
    path = f"{HOUSEHOLD_PATH}/requests"
    body = {"organisation_id": organisation_id, "household_size": household_size, "message": message or None}
    response = await api._request("POST", path, json=body)
    return parse(WinterSupportRequestCreated, api._json(response, path), what=path)


# --- the organisation's staff (a staff token) -------------------------------------------------------

async def winter_requests(api: BudgetmeterClient, status: RequestStatus | None = None,
                          cursor: str | None = None) -> OrganisationWinterRequestPage:
    return await api._get_json(OrganisationWinterRequestPage, f"{STAFF_PATH}/requests",
                               params={"status": status, "cursor": cursor})


async def decide_winter_request(api: BudgetmeterClient, request_id: int, form: WinterDecisionForm) -> OrganisationWinterRequest:
    path = f"{STAFF_PATH}/requests/{int(request_id)}/decision"
    body = form.model_dump(mode="json", exclude_none=True)
    response = await api._request("POST", path, json=body)
    return parse(OrganisationWinterRequest, api._json(response, path), what=path)


async def stop_winter_grant(api: BudgetmeterClient, grant_id: int, reason: str) -> WinterGrant:
    path = f"{STAFF_PATH}/grants/{int(grant_id)}/stop"
    response = await api._request("POST", path, json={"reason": reason})
    return parse(WinterGrant, api._json(response, path), what=path)


__all__ = [
    "ChecklistItem", "NextPreparation", "OrganisationWinterRequest", "OrganisationWinterRequestPage", "WinterDecisionForm",
    "WinterGrant", "WinterPreparation", "WinterSupportOverview", "WinterSupportRequest", "WinterSupportRequestCreated",
    "ask_winter_support", "decide_winter_request", "stop_winter_grant", "winter_requests", "winter_support",
]
