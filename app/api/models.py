"""Typed models of API v1 as the app reads them (the contract is the server's OpenAPI; these are our own
copies: the app never imports ``server``).

Money is integer euro cents (``*_cents``); datetimes are timezone-aware (a naive datetime from the
server is a bad response). Unknown extra fields are ignored so that a newer server does not break an
older app. Parsing failures become :class:`app.api.errors.BadResponse` in :func:`parse`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from .errors import BadResponse

Energy = Literal["electricity", "gas"]
TariffEnergy = Literal["electricity", "gas", "heat"]
MeterStatus = Literal["supplying", "emergency_credit", "minimum_supply", "interrupted"]
Scope = Literal["prepaid", "full"]
Language = Literal["nl", "fr", "de", "en"]
SocialCategory = Literal["1", "2A", "2B", "2C", "3", "4"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


# --- auth ---------------------------------------------------------------------------------


class HelperIdentity(_Model):
    name: str
    organisation: str


class TokenResponse(_Model):
    # repr=False: a token must never end up in a log line through repr().
    access_token: str = Field(repr=False)
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    idle_timeout: int | None = None
    scope: Scope


# --- account ------------------------------------------------------------------------------


class MeterRef(_Model):
    ean: str
    energy: Energy
    reference_number: str


class Me(_Model):
    display_name: str
    prepaid_code_masked: str
    postal_code: str
    language: Language
    scope: Scope
    acting_helper: HelperIdentity | None = None
    meters: list[MeterRef]


class AccessLogEntry(_Model):
    at: AwareDatetime
    #: staff: a member of an organisation with a mandate, named as the server knows them;
    #: prepaid_code: anyone with the household's Prepaid-code, who typed the name in ``said_to_be``;
    #: operator: the energy operator's key set a new Prepaid-code (helper_name: the key, organisation: the operator).
    actor: Literal["client", "prepaid_code", "staff", "operator"]
    method: Literal[
        "prepaid", "password", "share_code", "caseload", "caseload_list", "caseload_export", "prepaid_code_changed",
        "signal_acknowledged", "signal_resolved",
    ]
    helper_name: str | None = None
    helper_organisation: str | None = None
    said_to_be: HelperIdentity | None = None
    #: False when nobody checked who it was (prepaid_code).
    verified: bool = False
    #: What a staff member wrote when following up a supply signal.
    note: str | None = None


class AccessLog(_Model):
    items: list[AccessLogEntry]


# --- meters -------------------------------------------------------------------------------


class EmergencyCredit(_Model):
    limit_cents: int
    available_cents: int
    in_use: bool


class MinimumSupply(_Model):
    active: bool
    max_current_a: int | None = None


class Balance(_Model):
    ean: str
    energy: Energy
    balance_cents: int
    status: MeterStatus
    emergency_credit: EmergencyCredit
    negative_credit_limit_cents: int | None = None
    minimum_supply: MinimumSupply
    average_daily_cost_cents: int
    #: Until supply stops, the emergency credit included (v1).
    estimated_days_left: int
    #: The household's own money: until the emergency credit begins (None without 7 days of history).
    #: Defaults for balances cached by an app before the server sent them.
    days_until_emergency_credit: int | None = None
    #: The smallest top-up back to supplying; 0 when it supplies.
    topup_needed_cents: int = 0
    updated_at: AwareDatetime


class Topup(_Model):
    id: int
    amount_cents: int
    channel: Literal["terminal", "transfer", "ocmw", "online", "other"]
    location: str | None = None
    at: AwareDatetime
    #: The preparation ("klaarzetten") this top-up loaded, when it loaded one.
    pending_topup_id: int | None = None


class TopupPage(_Model):
    items: list[Topup]
    next_cursor: str | None = None


class PaymentInstructions(_Model):
    ean: str
    energy: Energy
    iban: str
    bic: str
    beneficiary: str
    reference_number: str
    amount_cents: int | None = None
    epc_qr_payload: str


class PendingTopup(_Model):
    id: int
    ean: str
    amount_cents: int
    status: Literal["awaiting_transfer", "loaded"] = "awaiting_transfer"
    prepared_by: str | None = None
    created_at: AwareDatetime
    #: When the back office loaded it (status "loaded").
    loaded_at: AwareDatetime | None = None
    #: True when the server answered with an earlier result for the same Idempotency-Key.
    replayed: bool = False


# --- a meter's history per calendar day (GET /meters/{ean}/history) ----------------------
# Oldest day first; one entry per day from the meter's first reading on, so a new meter has fewer days
# than asked, and none at all before its first reading.

#: What the server accepts for ``days`` (its Query(ge=1, le=366)).
MIN_DAYS, MAX_DAYS = 1, 366


class HistoryDay(_Model):
    date: date
    #: At the end of that day (today: now). Negative when the household uses credit.
    balance_cents: int
    #: Used that day: the balance the day before + top-ups - the balance.
    cost_cents: int
    #: Topped up that day, in total (0 on most days).
    topup_cents: int


class MeterHistory(_Model):
    ean: str
    energy: Energy
    days: list[HistoryDay]


# --- social tariff ------------------------------------------------------------------------


class SocialTariffEntry(_Model):
    energy: TariffEnergy
    active: bool
    category: SocialCategory | None = None
    start: date | None = None
    end: date | None = None
    source: Literal["automatic", "certificate"] | None = None


class Tariff(_Model):
    social_tariff: list[SocialTariffEntry]
    protected_customer: bool
    checked_at: AwareDatetime | None = None


class EligibilityReason(_Model):
    code: str
    source: str = ""
    quote: str = ""


class EligibilityAnswer(_Model):
    eligible: bool
    category: SocialCategory | None = None
    start: date | None = None
    end: date | None = None
    certificate_needed: bool = False
    certificate_from: str | None = None
    reasons: list[str]
    explanations: list[EligibilityReason] = []


# --- top-up points ------------------------------------------------------------------------


class TopupPoint(_Model):
    id: str
    name: str
    kind: str
    address: str
    postal_code: str
    municipality: str
    lat: float
    lon: float
    phone: str | None = None
    distance_km: float
    opening_hours: str
    open_at_requested_time: bool
    next_change: AwareDatetime | None = None
    #: The public holiday on the date of the search's time, named in the requested language.
    public_holiday: str | None = None


class OpeningInterval(_Model):
    open: str  # "09:00"
    close: str  # "12:00"; "24:00" is midnight at the end of the day


class OpeningDay(_Model):
    date: date
    public_holiday: str | None = None
    intervals: list[OpeningInterval] = []


class TopupPointDetail(_Model):
    id: str
    name: str
    kind: str
    address: str
    postal_code: str
    municipality: str
    lat: float
    lon: float
    phone: str | None = None
    opening_hours: str
    at: AwareDatetime
    open_at_requested_time: bool
    next_change: AwareDatetime | None = None
    public_holiday: str | None = None
    holiday_rule: Literal["closed", "special_hours", "as_usual"]
    holiday_hours: list[OpeningInterval] = []
    week: list[OpeningDay]
    #: https OpenStreetMap directions: opens on every platform.
    directions_url: str
    #: geo: URI: offers the map apps on Android; not handled on iOS, desktops or browsers.
    geo_uri: str | None = None


class Place(_Model):
    postal_code: str
    municipality: str
    locality: str = ""
    lat: float
    lon: float


class Health(_Model):
    status: Literal["ok"]
    schema_version: int | None = None
    #: Issue 20: a demo server, and where its mail goes (GET /demo/mailbox: BudgetmeterClient.demo_mailbox). A server that does not say
    #: is taken as one whose mail leaves, as before.
    demo: bool = False
    mail: Literal["smtp", "demo_mailbox", "off"] = "smtp"


# --- the demo's mailbox (GET /demo/mailbox: public, a demo without SMTP only; issue 20) ---------

class DemoMail(_Model):
    to_address: str
    subject: str
    text: str
    created_at: datetime


class DemoMailbox(_Model):
    #: Newest first.
    mails: list[DemoMail]


# --- parsing ------------------------------------------------------------------------------

T = TypeVar("T")
_adapters: dict[Any, TypeAdapter] = {}


def parse(kind: type[T] | Any, data: Any, *, what: str = "") -> T:
    """Validate decoded JSON against a model (or e.g. ``list[TopupPoint]``); BadResponse if it does
    not fit. The message names only the failing locations, never the values."""
    adapter = _adapters.get(kind)
    if adapter is None:
        adapter = _adapters[kind] = TypeAdapter(kind)
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        where = ", ".join(".".join(str(p) for p in e["loc"]) or "<root>" for e in exc.errors()[:5])
        raise BadResponse(f"{what or getattr(kind, '__name__', kind)}: unexpected shape at {where}") from None


__all__ = [
    "AccessLog",
    "AccessLogEntry",
    "Balance",
    "DemoMail",
    "DemoMailbox",
    "EligibilityAnswer",
    "EligibilityReason",
    "EmergencyCredit",
    "Health",
    "HistoryDay",
    "HelperIdentity",
    "MAX_DAYS",
    "MIN_DAYS",
    "Me",
    "MeterHistory",
    "MeterRef",
    "MinimumSupply",
    "OpeningDay",
    "OpeningInterval",
    "PaymentInstructions",
    "PendingTopup",
    "Place",
    "SocialTariffEntry",
    "Tariff",
    "TokenResponse",
    "Topup",
    "TopupPage",
    "TopupPoint",
    "TopupPointDetail",
    "parse",
]
