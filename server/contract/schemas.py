"""Request and response models of API v1: the OpenAPI contract is generated from these."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ..rules.payment import MAX_TOPUP_CENTS, MIN_TOPUP_CENTS

Energy = Literal["electricity", "gas"]
TariffEnergy = Literal["electricity", "gas", "heat"]
MeterStatus = Literal["supplying", "emergency_credit", "minimum_supply", "interrupted"]
Scope = Literal["prepaid", "full"]


# The largest id a request may name: within PostgreSQL's BIGINT, and exact as a JSON number in any client
# (2**63 - 1 is not: a fuzzer's 9223372036854775999 equals it as a float, passed the schema's maximum and
# overflowed the store). Ids are counted from 1; none comes near.
MAX_ID = 2**53 - 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _iso_date_only(value: object) -> object:
    # Pydantic would read 0 as 1970-01-01; the contract says "YYYY-MM-DD" and means it.
    if isinstance(value, (str, date)):
        return value
    raise ValueError("a date is written YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date_only)]


def _json_integer_only(value: object) -> object:
    # JSON Schema's integer: 2000 and 2000.0 yes; "2000", true and 20.5 no.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("an amount is a whole number of cents")
    return value


Cents = Annotated[int, BeforeValidator(_json_integer_only)]


# --- auth ---------------------------------------------------------------------------------


class HelperIdentity(_Strict):
    name: str = Field(min_length=1, max_length=100, description="The helper's own name")
    organisation: str = Field(min_length=1, max_length=120, description="OCMW, budget coaching service, ...")


class PrepaidLogin(_Strict):
    prepaid_code: str = Field(
        max_length=32,
        pattern=r"^[ .\-]*(?:[0-9][ .\-]*){10}$",
        description="10 digits; spaces, dashes and dots are ignored",
        examples=["1111 2222 33"],
    )
    postal_code: str = Field(pattern=r"^ *[1-9][0-9]{3} *$", max_length=10, examples=["9000"])
    helper: HelperIdentity | None = None


class PasswordLogin(_Strict):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=256)
    helper: HelperIdentity | None = None


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Seconds until the token expires at the latest; it also expires when idle")
    idle_timeout: int = Field(description="Seconds of inactivity after which the token expires")
    scope: Scope


# --- account ------------------------------------------------------------------------------


class MeterRef(BaseModel):
    ean: str
    energy: Energy
    reference_number: str = Field(description="The 13 digits after 54144 of the EAN: the payment reference")


class Me(BaseModel):
    display_name: str
    prepaid_code_masked: str
    postal_code: str
    language: Literal["nl", "fr", "de", "en"]
    scope: Scope
    acting_helper: HelperIdentity | None = None
    meters: list[MeterRef]


class ClaimedIdentity(BaseModel):
    name: str
    organisation: str


class AccessLogEntry(BaseModel):
    at: datetime
    actor: Literal["client", "prepaid_code", "staff", "operator"] = Field(
        description="client: the household's own log-in; prepaid_code: someone with the household's Prepaid-code who "
        "typed a helper's name (seed 000, Vraag 8); staff: a member of an organisation with a mandate, named as the "
        "server knows them; operator: the energy operator's key (helper_name) and operator (helper_organisation)"
    )
    method: Literal[
        "prepaid", "password", "share_code", "caseload", "caseload_list", "caseload_export", "prepaid_code_changed",
        "signal_acknowledged", "signal_resolved",
    ] = Field(
        description="How: a log-in (prepaid, password), or staff adding the client (share_code, prepaid), opening it "
        "(caseload), listing it (caseload_list: once per staff member and day) or exporting it (caseload_export); "
        "an operator setting a new Prepaid-code (prepaid_code_changed); following up a supply signal "
        "(signal_acknowledged, signal_resolved)"
    )
    helper_name: str | None = Field(description="The staff member, as the server knows them; null otherwise")
    helper_organisation: str | None = Field(description="The staff member's organisation; null otherwise")
    said_to_be: ClaimedIdentity | None = Field(
        description="prepaid_code: the name and organisation typed at log-in, checked by nobody; null otherwise"
    )
    verified: bool = Field(description="Whether the server itself knows who it was: false for prepaid_code")
    note: str | None = Field(default=None, description="What the staff member wrote when following up a supply signal")


class AccessLog(BaseModel):
    items: list[AccessLogEntry]


# --- meters -------------------------------------------------------------------------------


class EmergencyCredit(BaseModel):
    limit_cents: int
    available_cents: int
    in_use: bool


class MinimumSupply(BaseModel):
    active: bool
    max_current_a: int | None


class Balance(BaseModel):
    ean: str
    energy: Energy
    balance_cents: int
    status: MeterStatus
    emergency_credit: EmergencyCredit
    negative_credit_limit_cents: int | None
    minimum_supply: MinimumSupply
    average_daily_cost_cents: int
    estimated_days_left: int = Field(description="Days until supply stops, the emergency credit included (v1)")
    days_until_emergency_credit: int | None = Field(
        description="Days the balance and any negative-credit room last before the emergency credit begins; "
        "0 once on emergency credit, minimum supply or interrupted; null without 7 days of history"
    )
    topup_needed_cents: int = Field(description="The smallest top-up that brings the meter back to supplying; 0 when it is")
    updated_at: datetime


class Topup(BaseModel):
    id: int
    amount_cents: int
    # "other": operator top-ups from a channel outside these (the operator data path).
    channel: Literal["terminal", "transfer", "ocmw", "online", "other"]
    location: str | None
    at: datetime
    pending_topup_id: int | None = Field(default=None, description="The preparation this top-up loaded")


class TopupPage(BaseModel):
    items: list[Topup]
    next_cursor: str | None


class PaymentInstructions(BaseModel):
    ean: str
    energy: Energy
    iban: str
    bic: str = Field(description="The beneficiary bank's BIC; empty when the operator set none (SEPA transfers need none)")
    beneficiary: str
    reference_number: str
    amount_cents: int | None
    epc_qr_payload: str = Field(description="EPC069-12 ('SEPA QR') payload for banking apps")


class PendingTopupRequest(_Strict):
    amount_cents: Cents = Field(ge=MIN_TOPUP_CENTS, le=MAX_TOPUP_CENTS, description="Amount to prepare, in euro cents")


class PendingTopup(BaseModel):
    id: int
    ean: str
    amount_cents: int
    # "loaded" once the operator reported the top-up that loaded it (POST /api/v1/operator/topups).
    status: Literal["awaiting_transfer", "loaded"] = "awaiting_transfer"
    prepared_by: str | None
    created_at: datetime
    loaded_at: datetime | None = None


# --- social tariff ------------------------------------------------------------------------


class SocialTariffEntry(BaseModel):
    energy: TariffEnergy
    active: bool
    category: Literal["1", "2A", "2B", "2C", "3", "4"] | None
    start: date | None
    end: date | None
    source: Literal["automatic", "certificate"] | None


class Tariff(BaseModel):
    social_tariff: list[SocialTariffEntry]
    protected_customer: bool
    checked_at: datetime | None


class EligibilityRequest(_Strict):
    benefit: Literal[
        "leefloon",
        "equivalent_social_aid",
        "federal_refunded_social_aid",
        "igo_advance_ocmw",
        "disability_65",
        "income_replacement",
        "integration_allowance",
        "third_party_help",
        "elderly_care_budget",
        "child_disability_supplement",
        "igo",
        "social_housing_collective_heating",
        "rvt",
        "health_insurance_benefit",
        "insurance_benefit",
        "public_sector_pension",
        "article_60",
        "debt_mediation",
        "none",
    ]
    decision_date: IsoDate
    energy: TariffEnergy
    connection: Literal["main_residence", "second_residence", "common_parts", "professional", "temporary"]
    supplier_informed_on: IsoDate | None = None


class EligibilityReason(BaseModel):
    code: str
    source: str = Field(description="The seed document the rule comes from")
    quote: str = Field(description="The sentence of that document the rule follows (Dutch)")


class EligibilityAnswer(BaseModel):
    eligible: bool
    category: Literal["1", "2A", "2B", "2C", "3", "4"] | None
    start: date | None
    end: date | None
    certificate_needed: bool
    certificate_from: str | None
    reasons: list[str]
    explanations: list[EligibilityReason]


# --- top-up points ------------------------------------------------------------------------


class TopupPointOut(BaseModel):
    id: str
    name: str
    kind: str
    address: str
    postal_code: str
    municipality: str
    lat: float
    lon: float
    phone: str | None
    distance_km: float
    opening_hours: str
    open_at_requested_time: bool
    next_change: datetime | None


class Health(BaseModel):
    status: Literal["ok"]
    schema_version: int = Field(description="The schema version the store holds (its migration table)")
    # Issue 20: what the app may say about mail ("we mailed you" only when mail can leave).
    demo: bool = Field(False, description="A demo server (--demo): made-up households, the demo mailbox")
    mail: Literal["smtp", "demo_mailbox", "off"] = Field(
        "smtp",
        description="smtp: mail leaves; demo_mailbox: the demo without SMTP keeps mail in GET /demo/mailbox; "
        "off: no SMTP server, no mail leaves",
    )


class Ready(BaseModel):
    status: Literal["ready"]
    schema_version: int = Field(description="The schema version the store holds, the one this code expects")


# --- top-up points: search items, detail, places ------------------------------------------

HolidayLanguage = Literal["nl", "fr", "de", "en"]


class TopupPointSearchItem(TopupPointOut):
    public_holiday: str | None = Field(
        default=None,
        description="The Belgian public holiday on the date of the requested time, named in `lang`; null on other days",
    )


class OpeningInterval(BaseModel):
    open: str = Field(description="Opening time, HH:MM (Belgian time)", examples=["09:00"])
    close: str = Field(description="Closing time, HH:MM; 24:00 is midnight at the end of the day", examples=["12:00"])


class OpeningDay(BaseModel):
    date: date
    public_holiday: str | None = Field(description="The Belgian public holiday on this date, named in `lang`, or null")
    intervals: list[OpeningInterval] = Field(description="Open intervals of this day, in order; empty when closed")


class TopupPointDetail(BaseModel):
    id: str
    name: str
    kind: str
    address: str
    postal_code: str
    municipality: str
    lat: float
    lon: float
    phone: str | None
    opening_hours: str = Field(description="OSM opening_hours expression, evaluated with Belgian public holidays")
    at: datetime = Field(description="The time the open state and the week refer to (Europe/Brussels)")
    open_at_requested_time: bool
    next_change: datetime | None
    public_holiday: str | None = Field(description="The public holiday on the date of `at`, named in `lang`, or null")
    holiday_rule: Literal["closed", "special_hours", "as_usual"] = Field(
        description="From the PH part of the expression: closed on public holidays, other hours then, or as on other days"
    )
    holiday_hours: list[OpeningInterval] = Field(
        description="The hours on a public holiday when holiday_rule is special_hours; empty otherwise"
    )
    week: list[OpeningDay] = Field(description="The seven days from `at`'s day, that day first")
    directions_url: str = Field(
        description="https://www.openstreetmap.org/directions?to=LAT,LON: opens on every platform (phone, desktop, "
        "browser), in a map app that claims openstreetmap.org links, else in the browser"
    )
    geo_uri: str = Field(
        description="geo:LAT,LON?q=LAT,LON(NAME) (RFC 5870 with the Android q= extension): on Android it offers "
        "the user's map apps; iOS, desktops and browsers do not handle it, use directions_url there"
    )


class Place(BaseModel):
    postal_code: str
    municipality: str = Field(description="The municipality's name in `lang` (nl when it has none in that language)")
    locality: str = Field(description="The locality the postcode stands for (e.g. Mariakerke for 9030); may be empty")
    lat: float
    lon: float


# --- winter period -------------------------------------------------------------------------------


class WinterPeriod(BaseModel):
    on: date = Field(description="The day asked about")
    in_winter_period: bool = Field(description="Whether `on` falls in the winter period (1 December to 1 March, seed 001)")
    first_day: date = Field(description="First day of the period holding `on`, else of the next one")
    last_day: date = Field(description="Last day (inclusive) of that period: 28 or 29 February")


# --- history ------------------------------------------------------------------------------


class HistoryDay(BaseModel):
    date: date
    balance_cents: int = Field(description="At the end of that day (today: now)")
    cost_cents: int = Field(description="Used that day: balance the day before + top-ups - balance")
    topup_cents: int


class MeterHistory(BaseModel):
    ean: str
    energy: Energy
    days: list[HistoryDay]
