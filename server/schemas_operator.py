"""Request and answer models of the operator data path (the operator data path: /api/v1/operator/).

Batch items are taken as plain objects and checked item by item by server.ingest, so that one bad
item is a `rejected` result rather than a refused batch; the models below document their fields.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

ItemStatus = Literal["applied", "duplicate", "stale", "rejected"]


class ItemError(BaseModel):
    code: Literal["not_found", "validation_error", "conflict"]
    message: str


class ItemResultOut(BaseModel):
    event_id: str | None
    status: ItemStatus
    error: ItemError | None = None


class BatchAnswer(BaseModel):
    results: list[ItemResultOut]
    applied: int
    duplicate: int
    stale: int
    rejected: int


class ReadingsBatch(BaseModel):
    readings: list[Any] = Field(
        description="At most 5,000, each {event_id, ean, read_at, balance_cents, emergency_credit_available_cents, "
        "emergency_credit_in_use, minimum_supply_active}"
    )


class TopupsBatch(BaseModel):
    topups: list[Any] = Field(
        description="At most 5,000, each {event_id, ean, amount_cents, loaded_at, "
        "channel: terminal/transfer/online/ocmw/other, location?, pending_topup_id?}"
    )


class AccountUpsertAnswer(BaseModel):
    account_ref: str
    created: bool


class FundedBy(BaseModel):
    organisation_id: int
    name: str


class PendingTopupItem(BaseModel):
    pending_topup_id: int
    ean: str
    amount_cents: int
    prepared_by: str | None
    created_at: datetime
    status: Literal["open", "loaded"]
    channel: str | None = Field(default=None, description="'ocmw' for an OCMW's winter support (issue 21); null otherwise")
    funded_by: FundedBy | None = Field(default=None, description="The organisation that pays this amount (issue 21)")


class PendingTopupList(BaseModel):
    items: list[PendingTopupItem]
    next_cursor: str | None


class SocialTariffAnswer(BaseModel):
    account_ref: str
    energies: int


class TopupPointsAnswer(BaseModel):
    points: int
    version: int


class BadPointOut(BaseModel):
    index: int
    id: str | None
    code: str
    message: str


class BadPointsError(BaseModel):
    code: Literal["validation_error", "unknown_postal_code"]
    message: str
    points: list[BadPointOut] = Field(default_factory=list, description="Each bad point, by index and id")


class BadPointsEnvelope(BaseModel):
    error: BadPointsError


class AuditItem(BaseModel):
    audit_id: int
    at: datetime
    via: Literal["api", "cli"] = Field(description="api: through an operator key; cli: the file import (budgetmeter-server import)")
    key_name: str | None = Field(description="The key's name (via api); null for the file import")
    operation: Literal[
        "upsert_account", "put_social_tariff", "push_meter_readings", "push_topups", "replace_topup_points",
        "create_organisation",
    ]  # fmt: skip
    target: str | None = Field(description="The account_ref (or the organisation's name) written; null for a batch")
    details: dict[str, int] = Field(
        description="Counts: applied/duplicate/stale/rejected of a batch; created, meters, prepaid_code_changed "
        "(0/1) of an account; never a Prepaid-code"
    )


class AuditPage(BaseModel):
    items: list[AuditItem]
    next_cursor: str | None
