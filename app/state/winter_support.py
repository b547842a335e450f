"""Winter support (issue 21) without Flet: the household asks an organisation that holds its mandate for
free gas, sees the documents to bring, then the decision and every next preparation; the organisation's
staff decide (amount, every N days, first and last date, reason) and stop grants.

seed 001, "Minimale levering aardgas": "U kunt gratis aardgas aanvragen wanneer uw budgetmeterkaart voor
aardgas (gele kaart) is opgebruikt en u niet de financiële middelen heeft om deze aan te vullen." and
"Na het onderzoek krijgt u een brief van het OCMW. Daarin staat of u gratis aardgas krijgt of niet."
"""

from __future__ import annotations

from typing import Any

from app.api.errors import ApiError, ValidationFailed
from app.api.staff_models import Mandate
from app.api.winter_models import (
    ChecklistItem,
    OrganisationWinterRequest,
    RequestStatus,
    WinterDecisionForm,
    WinterGrant,
    WinterSupportOverview,
    WinterSupportRequest,
)
from app.clock import parse_date

from .caseload import _StaffCalls
from .inputs import parse_amount_cents
from .household_calls import HouseholdCalls
from .session import Session
from .staff import StaffSession

HOUSEHOLD_SIZE = (1, 20)
EVERY_DAYS = (7, 31)


def _whole_number(raw: str, field: str, bounds: tuple[int, int]) -> int:
    text = (raw or "").strip()
    if not text.isdigit():
        raise ValidationFailed(field, field=field, reason="format")
    value = int(text)
    if not bounds[0] <= value <= bounds[1]:
        raise ValidationFailed(field, field=field, reason="range")
    return value


def _day(raw: str, field: str):
    """A typed date (dd/mm/yyyy or yyyy-mm-dd); empty: None, the server's default."""
    if not (raw or "").strip():
        return None
    day = parse_date(raw)
    if day is None:
        raise ValidationFailed(field, field=field, reason="format")
    return day


class WinterSupport(HouseholdCalls):
    """The household's screen: its organisations (live mandates), requests and grants."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._session = session
        #: Organisations the household may ask: those holding its live mandate.
        self.mandates: list[Mandate] = []
        self.overview: WinterSupportOverview | None = None
        self.loaded = False
        self.loading = False
        self.error: ApiError | None = None
        #: The request just sent (its checklist is shown first).
        self.asked: int | None = None

    async def load(self) -> bool:
        async def both(api) -> tuple[list[Mandate], WinterSupportOverview]:
            return await api.mandates(), await api.winter_support()

        answer = await self._call(both)
        if answer is None:
            return False
        with self.changes():
            self.mandates = [m for m in answer[0] if m.organisation_id is not None]
            self.overview, self.loaded = answer[1], True
        return True

    @property
    def checklist(self) -> list[ChecklistItem]:
        return self.overview.checklist if self.overview else []

    @property
    def requests(self) -> list[WinterSupportRequest]:
        return self.overview.requests if self.overview else []

    @property
    def grants(self) -> list[WinterGrant]:
        return self.overview.grants if self.overview else []

    def waiting_at(self, organisation_id: int) -> bool:
        """A request to this organisation awaits its decision (asking again is refused)."""
        return any(r.organisation_id == organisation_id and r.status == "requested" for r in self.requests)

    async def ask(self, organisation_id: int | None, household_size: str, message: str) -> bool:
        try:
            if organisation_id is None:
                raise ValidationFailed("organisation", field="organisation", reason="missing")
            size = _whole_number(household_size, "household_size", HOUSEHOLD_SIZE)
        except ValidationFailed as exc:
            self.error = exc
            return False
        created = await self._call(lambda api: api.ask_winter_support(
            organisation_id=organisation_id, household_size=size, message=message.strip() or None))
        if created is None:
            return False
        self.asked = created.request_id
        return await self.load()


class WinterDesk(_StaffCalls):
    """The organisation's requests (a status filter), each with its grant; decide and stop."""

    def __init__(self, staff: StaffSession) -> None:
        super().__init__()
        self._staff = staff
        self.requests: list[OrganisationWinterRequest] = []
        self.status_filter: RequestStatus | None = "requested"
        self.loading = False
        self.error: ApiError | None = None
        #: The request whose decision form is open, and what was last done (for a confirmation).
        self.deciding: int | None = None
        self.done: OrganisationWinterRequest | WinterGrant | None = None

    async def load(self, status: RequestStatus | None | Any = ...) -> bool:
        if status is not ...:
            self.status_filter = status  # type: ignore[assignment]
        page = await self._call(lambda api: api.winter_requests(self.status_filter))
        if page is None:
            return False
        self.requests = list(page.items)
        return True

    def open_decision(self, request_id: int | None) -> None:
        with self.changes():
            self.deciding, self.error = request_id, None

    async def decide(self, request_id: int, *, approved: bool, amount: str = "", every_days: str = "14",
                     first_date: str = "", last_date: str = "", reason: str = "") -> bool:
        try:
            form = WinterDecisionForm(approved=False, reason=reason.strip()) if not approved else WinterDecisionForm(
                approved=True, amount_cents=parse_amount_cents(amount), every_days=_whole_number(every_days, "every_days", EVERY_DAYS),
                first_date=_day(first_date, "first_date"), last_date=_day(last_date, "last_date"), reason=reason.strip())
        except ValidationFailed as exc:
            self.error = exc
            return False
        decided = await self._call(lambda api: api.decide_winter_request(request_id, form))
        if decided is None:
            return False
        with self.changes():
            self.done, self.deciding = decided, None
        return await self.load()

    async def stop(self, grant_id: int, reason: str) -> bool:
        stopped = await self._call(lambda api: api.stop_winter_grant(grant_id, reason.strip()))
        if stopped is None:
            return False
        self.done = stopped
        return await self.load()
