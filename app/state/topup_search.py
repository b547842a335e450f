"""Finding an open top-up point: the search's state and logic, without Flet.

Seed 001: "Klik hier om een oplaadpunt te vinden in uw buurt dat open is op het moment dat u het wenst."

    search = TopupSearch(api, language="nl")
    unsubscribe = search.subscribe(lambda s: page.update())
    await search.search_text("Gent")                 # a municipality name, resolved through /places
    await search.search_text("9000")                 # a postcode
    await search.search_near_me(locate, "9000")      # the device's position, else the postcode
    await search.set_open_only(True)                 # re-runs the search
    await search.set_at(datetime(2026, 12, 25, 10))  # "open at"; None is now (Europe/Brussels)
    await search.select(point.id)                    # the detail: week table, holiday rule, directions
    kind, data = search.describe(point)              # ("open_until", {"time": "17:00", ...})

Actions never raise :class:`ApiError`: they set ``last_error`` and return False (like the Session).
Answers that arrive after a newer search started are dropped, so a slow old search never overwrites a
newer one.

:func:`describe_opening` turns a point's open state into a stable code and data the UI translates:

==================  ============================================================================
kind                meaning (data)
==================  ============================================================================
``open_24h``        open, and it does not close (open around the clock)
``open_until``      open until ``time`` (on ``day``; see below)
``closed_opens``    closed, opens ``day`` at ``time``
``closed_holiday``  closed, and ``holiday`` is a public holiday; opens ``day`` at ``time`` (``day``
                    is None when it never opens again)
``closed``          closed and no opening is known
==================  ============================================================================

``data`` always has ``holiday`` (the public holiday's name in the search's language, or None: an open
point on a holiday is ``open_until`` with ``holiday`` set, so the UI can say so), and for every kind
but ``open_24h`` and ``closed``: ``time`` ("HH:MM", Belgian time), ``day`` (``"today"``,
``"tomorrow"``, ``"weekday"``: within the coming week, or ``"date"``: later), ``weekday`` (0 = Monday)
and ``date`` (a :class:`datetime.date`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime, time
from typing import Any, Literal, Protocol

from app.api.client import BudgetmeterClient
from app.api.errors import ApiError, UnknownPostalCode, ValidationFailed
from app.api.models import Place, TopupPoint, TopupPointDetail
from app.clock import BRUSSELS, combine, format_date_field, format_time_field, next_weekday_at, parse_date, parse_time, tomorrow_at

from .language import DEFAULT, SUPPORTED
from .observable import Observable

log = logging.getLogger("budgetmeter.topup_search")

Mode = Literal["none", "postcode", "municipality", "position"]
OPENING_KINDS = ("open_24h", "open_until", "closed_opens", "closed_holiday", "closed")
DAY_KINDS = ("today", "tomorrow", "weekday", "date")
#: The quick choices of "open at" (the UI names them): now, tomorrow 10:00, next Saturday 10:00.
MOMENTS = ("now", "tomorrow", "saturday")
#: The hour of the quick choices, and of a typed or picked day without a time.
DEFAULT_HOUR = 10
SATURDAY = 5
#: Codes of a typed "open at" the UI translates.
WHEN_ERRORS = ("not_a_date", "not_a_time")


class UnknownPlace(ApiError):
    """No postcode or municipality matches what was typed."""

    code = "unknown_place"


class PositionUnavailable(ApiError):
    """No position (no permission, no fix) and no postcode to fall back to."""

    code = "position_unavailable"


class _OpenState(Protocol):
    open_at_requested_time: bool
    next_change: datetime | None
    public_holiday: str | None


def _now() -> datetime:
    return datetime.now(BRUSSELS)


def _in_brussels(value: datetime) -> datetime:
    """A naive time from the picker is Belgian wall-clock time."""
    return value.replace(tzinfo=BRUSSELS) if value.tzinfo is None else value.astimezone(BRUSSELS)


def _day(moment: datetime, now: datetime) -> dict[str, Any]:
    days = (moment.date() - now.date()).days
    kind = "today" if days <= 0 else "tomorrow" if days == 1 else "weekday" if days < 7 else "date"
    return {
        "time": f"{moment.hour:02d}:{moment.minute:02d}",
        "day": kind,
        "weekday": moment.weekday(),
        "date": moment.date(),
    }


def describe_opening(point: _OpenState, now: datetime) -> tuple[str, dict[str, Any]]:
    """(kind, data) for "open until 17:00", "closed, opens Monday 09:00", "closed: Christmas" ...;
    ``now`` is the moment the point's state refers to (the search's time). See the module's table."""
    now = _in_brussels(now)
    change = point.next_change.astimezone(BRUSSELS) if point.next_change is not None else None
    holiday = point.public_holiday
    if point.open_at_requested_time:
        if change is None:
            return "open_24h", {"holiday": holiday}
        return "open_until", {**_day(change, now), "holiday": holiday}
    if holiday:
        opens = _day(change, now) if change is not None else {"time": None, "day": None, "weekday": None, "date": None}
        return "closed_holiday", {**opens, "holiday": holiday}
    if change is None:
        return "closed", {"holiday": None}
    return "closed_opens", {**_day(change, now), "holiday": None}


def _is_postcode(text: str) -> bool:
    return len(text) == 4 and text.isascii() and text.isdigit()


class TopupSearch(Observable):
    def __init__(
        self,
        api: BudgetmeterClient,
        *,
        language: str = DEFAULT,
        limit: int = 20,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        super().__init__()
        self.api = api
        self.language = language if language in SUPPORTED else DEFAULT
        self.limit = limit
        self.clock = clock

        # --- what was asked ----------------------------------------------------------------------
        #: What the user typed (a postcode or a municipality name); "" for a position search.
        self.query: str = ""
        self.mode: Mode = "none"
        #: The place the search runs from (postcode and municipality searches).
        self.place: Place | None = None
        #: Other places that matched the typed name ("did you mean"), the chosen one first.
        self.candidates: list[Place] = []
        #: The device's position, for a position search.
        self.position: tuple[float, float] | None = None
        #: The position was asked for but not given, so the search ran from the postcode.
        self.fell_back_to_postcode: bool = False
        self.open_only: bool = False
        #: "Open at": None means now.
        self.at: datetime | None = None

        # --- the form, as typed (kept here so it survives going to a point and back) ---------------
        self.query_text: str = ""
        self.date_text: str = ""
        self.time_text: str = ""
        #: Why the typed "open at" cannot be used (one of ``WHEN_ERRORS``), or None.
        self.when_error: str | None = None

        # --- answers -------------------------------------------------------------------------------
        self.results: list[TopupPoint] = []
        #: The time the results (and their open state) refer to.
        self.results_at: datetime | None = None
        self.selected: TopupPointDetail | None = None
        self.loading: bool = False
        self.last_error: ApiError | None = None

        self._generation = 0
        self._detail_generation = 0

    def __repr__(self) -> str:
        return f"TopupSearch(mode={self.mode!r}, results={len(self.results)}, open_only={self.open_only})"

    # --- derived -----------------------------------------------------------------------------------

    @property
    def effective_at(self) -> datetime:
        """The time asked about: the picked time, else now, in Europe/Brussels."""
        return _in_brussels(self.at) if self.at is not None else self.clock().astimezone(BRUSSELS)

    def describe(self, point: _OpenState) -> tuple[str, dict[str, Any]]:
        return describe_opening(point, self.results_at or self.effective_at)

    # --- options -----------------------------------------------------------------------------------

    def set_language(self, language: str) -> None:
        """Holiday and place names come from the server in this language from the next search on."""
        self.language = language if language in SUPPORTED else DEFAULT

    async def set_open_only(self, open_only: bool) -> bool:
        self.open_only = open_only
        self.notify()
        return await self.refresh() if self.mode != "none" else True

    async def set_at(self, at: datetime | None) -> bool:
        """"Open at" this time (naive: Belgian time); None goes back to now."""
        self.at = _in_brussels(at) if at is not None else None
        self.notify()
        return await self.refresh() if self.mode != "none" else True

    # --- the form ---------------------------------------------------------------------------------

    def type_query(self, text: str) -> None:
        self.query_text = text

    def type_date(self, text: str) -> None:
        self.date_text = text

    def type_time(self, text: str) -> None:
        self.time_text = text

    def pick_date(self, day: date) -> None:
        """A day from the date picker; a day without a time means 10:00."""
        self.date_text = format_date_field(day)
        if not self.time_text.strip():
            self.time_text = format_time_field(time(DEFAULT_HOUR))

    def pick_time(self, at: time) -> None:
        """A time from the time picker; a time without a day means today."""
        self.time_text = format_time_field(at)
        if not self.date_text.strip():
            self.date_text = format_date_field(self.now().date())

    def now(self) -> datetime:
        return self.clock().astimezone(BRUSSELS)

    def moment(self, choice: str) -> datetime | None:
        """The time of a quick choice (``MOMENTS``): None is now."""
        now = self.now()
        if choice == "tomorrow":
            return tomorrow_at(DEFAULT_HOUR, now)
        if choice == "saturday":
            return next_weekday_at(SATURDAY, DEFAULT_HOUR, now)
        return None

    def chosen_moment(self) -> str | None:
        """Which quick choice the search's time is, if any."""
        for choice in MOMENTS:
            if self.at == self.moment(choice):
                return choice
        return None

    def typed_at(self) -> tuple[bool, datetime | None]:
        """(valid, moment) of the typed date and time: both empty is now; a day without a time is
        10:00; a time without a day is today. Sets ``when_error``."""
        date_text, time_text = self.date_text.strip(), self.time_text.strip()
        if not date_text and not time_text:
            self.when_error = None
            return True, None
        day = parse_date(date_text) if date_text else self.now().date()
        at = parse_time(time_text) if time_text else time(DEFAULT_HOUR)
        self.when_error = "not_a_date" if day is None else "not_a_time" if at is None else None
        if self.when_error is not None:
            return False, None
        return True, combine(day, at)

    async def submit(self) -> bool:
        """The search button: the typed place at the typed time. The same place again only changes
        the time; an empty field after a position search runs that search again."""
        ok, at = self.typed_at()
        if not ok:
            return False
        return await self._search_form(at)

    async def choose_moment(self, choice: str) -> bool:
        """A quick choice: its time goes into the fields and, when there is a place, searches."""
        at = self.moment(choice)
        self.date_text = format_date_field(at.date()) if at else ""
        self.time_text = format_time_field(at) if at else ""
        self.when_error = None
        if self.mode == "none" and not self.query_text.strip():
            return await self.set_at(at)
        return await self._search_form(at)

    async def near_me_form(
        self,
        locate: Callable[[], Awaitable[tuple[float, float] | None]],
        account_postal_code: str | None,
    ) -> bool:
        """"Near me" at the typed time; without a position, from the typed place, else the account's
        postcode (which then fills the field)."""
        ok, at = self.typed_at()
        if not ok:
            return False
        self.at = at
        ok = await self.search_near_me(locate, self.query_text.strip() or account_postal_code)
        if self.fell_back_to_postcode and self.place is not None:
            self.query_text = self.place.postal_code
        return ok

    async def _search_form(self, at: datetime | None) -> bool:
        text = " ".join(self.query_text.split())
        if self.mode not in ("none", "position") and text == self.query:
            return await self.set_at(at)
        self.at = _in_brussels(at) if at is not None else None
        if self.mode == "position" and not text:
            return await self.refresh()
        return await self.search_text(text)

    # --- searches ----------------------------------------------------------------------------------

    async def search_text(self, text: str) -> bool:
        """A postcode ("9000") or a municipality name ("Gent", "Bruxelles", "Rhode-Saint-Genèse")."""
        text = " ".join((text or "").split())
        self.query = text
        self.fell_back_to_postcode = False
        if not text:
            return self._fail(ValidationFailed("empty search", field="query", reason="empty"))
        generation = self._start()
        try:
            places = await self.api.places(text, lang=self._place_language)
        except ApiError as exc:
            return self._fail(exc, generation)
        if generation != self._generation:
            return False
        if _is_postcode(text):
            places = [p for p in places if p.postal_code == text]
            if not places:
                return self._fail(UnknownPostalCode(f"no postcode {text}"), generation)
            self.mode = "postcode"
        else:
            if not places:
                return self._fail(UnknownPlace(f"no place {text!r}"), generation)
            self.mode = "municipality"
        self.place, self.candidates, self.position = places[0], places, None
        return await self._run(generation)

    async def choose_place(self, place: Place) -> bool:
        """Search from one of ``candidates`` instead of the first."""
        generation = self._start()
        self.place, self.position = place, None
        self.candidates = [place] + [p for p in self.candidates if p != place]
        return await self._run(generation)

    async def search_position(self, lat: float, lon: float) -> bool:
        generation = self._start()
        self.mode, self.query = "position", ""
        self.position, self.place, self.candidates = (lat, lon), None, []
        self.fell_back_to_postcode = False
        return await self._run(generation)

    async def search_near_me(
        self,
        locate: Callable[[], Awaitable[tuple[float, float] | None]],
        fallback_postal_code: str | None,
    ) -> bool:
        """Search from the device's position; when ``locate`` gives None or fails (no permission, no
        fix, no geolocation on this platform), from ``fallback_postal_code`` (the account's postcode)
        with ``fell_back_to_postcode`` set."""
        try:
            position = await locate()
        except Exception as exc:  # each platform raises its own: permission denied, timeout, ...
            log.info("No position (%s); falling back to the postcode", type(exc).__name__)
            position = None
        if position is not None:
            return await self.search_position(*position)
        if not fallback_postal_code:
            self.fell_back_to_postcode = False
            return self._fail(PositionUnavailable("no position and no postcode"))
        ok = await self.search_text(fallback_postal_code)
        self.fell_back_to_postcode = True
        self.notify()
        return ok

    async def refresh(self) -> bool:
        """Run the current search again (after a change of options, or to update the open states)."""
        if self.mode == "none":
            return True
        return await self._run(self._start())

    # --- detail ------------------------------------------------------------------------------------

    async def select(self, point_id: str) -> bool:
        """Load one point's detail for the time asked about."""
        self._detail_generation += 1
        generation = self._detail_generation
        self.loading, self.last_error = True, None
        self.notify()
        try:
            detail = await self.api.topup_point(point_id, at=self.effective_at, lang=self.language)
        except ApiError as exc:
            if generation == self._detail_generation:
                self.loading, self.last_error = False, exc
                self.notify()
            return False
        if generation != self._detail_generation:
            return False
        self.selected, self.loading = detail, False
        self.notify()
        return True

    def clear_selection(self) -> None:
        self._detail_generation += 1
        self.selected = None
        self.notify()

    # --- private -----------------------------------------------------------------------------------

    @property
    def _place_language(self) -> str:
        return self.language if self.language in ("nl", "fr", "de") else "nl"

    def _start(self) -> int:
        self._generation += 1
        self.loading, self.last_error = True, None
        self.notify()
        return self._generation

    def _fail(self, error: ApiError, generation: int | None = None) -> bool:
        if generation is not None and generation != self._generation:
            return False
        self.loading, self.last_error = False, error
        self.notify()
        return False

    async def _run(self, generation: int) -> bool:
        at = self.effective_at
        try:
            if self.position is not None:
                lat, lon = self.position
                results = await self.api.topup_points(
                    lat=lat, lon=lon, at=at, open_only=self.open_only, limit=self.limit, lang=self.language
                )
            else:
                assert self.place is not None
                results = await self.api.topup_points(
                    postal_code=self.place.postal_code,
                    at=at,
                    open_only=self.open_only,
                    limit=self.limit,
                    lang=self.language,
                )
        except ApiError as exc:
            return self._fail(exc, generation)
        if generation != self._generation:
            return False
        self.results, self.results_at, self.loading = results, at, False
        self.notify()
        if self.selected is not None and self.selected.at != at:
            await self.select(self.selected.id)
        return True


__all__ = [
    "DAY_KINDS",
    "DEFAULT_HOUR",
    "MOMENTS",
    "WHEN_ERRORS",
    "OPENING_KINDS",
    "PositionUnavailable",
    "TopupSearch",
    "UnknownPlace",
    "describe_opening",
]
