"""Request and answer models of the operator data path (the operator data path: /api/v1/operator/).

Batch items are taken as plain objects and checked item by item by server.services.ingest, so that one bad
item is a `rejected` result rather than a refused batch; the models below document their fields.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from ..rules.balance import READING_BALANCE_MAX_CENTS, READING_BALANCE_MIN_CENTS, READING_EMERGENCY_CREDIT_MAX_CENTS
from ..rules.ean import BELGIAN_PREFIX
from ..rules.payment import MAX_TOPUP_CENTS

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


class DocumentedAs:
    """An item taken as any JSON value (server.services.ingest checks it, so a bad item is a `rejected` result,
    not a refused batch) and described in /openapi.json by `model`: what an operator must send."""

    def __init__(self, model: type[BaseModel]) -> None:
        self.model = model

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.any_schema()

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return handler(self.model.__pydantic_core_schema__)


_EVENT_ID = Field(pattern=r"^[!-~]{1,128}$", description="The sender's own id of this event: 1 to 128 printable ASCII "
                  "characters, no spaces. Sent again with the same content: `duplicate`; with other content: `conflict`")
_EAN = Field(pattern=rf"^{BELGIAN_PREFIX}[0-9]{{13}}$", description="The meter's Belgian EAN (GSRN-18, check digit right)")


# Issue 20: the batch items were `{}` in /openapi.json; these say what an item is, the checks stay in
# server.services.ingest (DocumentedAs).
class MeterReadingItem(BaseModel):
    """One reading of a meter by the operator's metering system."""

    model_config = ConfigDict(extra="forbid")
    event_id: str = _EVENT_ID
    ean: str = _EAN
    read_at: datetime = Field(
        description="When the meter was read, ISO 8601 with offset. At most 10 minutes after the server's clock: "
        "a later one is `rejected` (validation_error). Older than the meter's newest reading: `stale` (kept in history)"
    )
    balance_cents: int = Field(ge=READING_BALANCE_MIN_CENTS, le=READING_BALANCE_MAX_CENTS)
    emergency_credit_available_cents: int = Field(ge=0, le=READING_EMERGENCY_CREDIT_MAX_CENTS)
    emergency_credit_in_use: bool
    minimum_supply_active: bool


class TopupItem(BaseModel):
    """One top-up loaded on a meter."""

    model_config = ConfigDict(extra="forbid")
    event_id: str = _EVENT_ID
    ean: str = _EAN
    amount_cents: int = Field(ge=1, le=MAX_TOPUP_CENTS)
    loaded_at: datetime = Field(description="ISO 8601 with offset; at most 10 minutes after the server's clock")
    channel: Literal["terminal", "transfer", "online", "ocmw", "other"]
    location: str | None = Field(default=None, max_length=200)
    pending_topup_id: int | None = Field(
        default=None, ge=1, lt=2**63, description="The helper's prepared top-up this loads: it becomes `loaded`"
    )


class ReadingsBatch(BaseModel):
    readings: list[Annotated[Any, DocumentedAs(MeterReadingItem)]] = Field(
        description="At most 5,000, each {event_id, ean, read_at, balance_cents, emergency_credit_available_cents, "
        "emergency_credit_in_use, minimum_supply_active}"
    )


class TopupsBatch(BaseModel):
    topups: list[Annotated[Any, DocumentedAs(TopupItem)]] = Field(
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
