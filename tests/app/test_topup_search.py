"""TopupSearch against the real server with the demo points (seed 001: "Klik hier om een oplaadpunt te
vinden in uw buurt dat open is op het moment dat u het wenst.")."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from app.api.client import BudgetmeterClient
from app.state.topup_search import (
    OPENING_KINDS,
    PositionUnavailable,
    TopupSearch,
    UnknownPlace,
    describe_opening,
)
from tests.serverproc import ServerProcess

from .conftest import fresh_headers

pytestmark = pytest.mark.anyio
BRU = ZoneInfo("Europe/Brussels")
TUESDAY_MORNING = datetime(2026, 11, 24, 10, 0, tzinfo=BRU)


@pytest.fixture
async def api(server: ServerProcess) -> AsyncIterator[BudgetmeterClient]:
    async with BudgetmeterClient(server.url, headers=fresh_headers()) as client:
        yield client


@pytest.fixture
def search(api: BudgetmeterClient) -> TopupSearch:
    return TopupSearch(api, clock=lambda: TUESDAY_MORNING)


# --- describe_opening (no server) --------------------------------------------------------------


def _point(open_: bool, change: datetime | None, holiday: str | None = None):
    return SimpleNamespace(open_at_requested_time=open_, next_change=change, public_holiday=holiday)


def test_open_until_today() -> None:
    kind, data = describe_opening(_point(True, datetime(2026, 11, 24, 17, 0, tzinfo=BRU)), TUESDAY_MORNING)
    assert kind == "open_until" and data["time"] == "17:00" and data["day"] == "today" and data["holiday"] is None


def test_open_past_midnight() -> None:
    kind, data = describe_opening(_point(True, datetime(2026, 11, 25, 2, 0, tzinfo=BRU)), TUESDAY_MORNING)
    assert (kind, data["time"], data["day"]) == ("open_until", "02:00", "tomorrow")


def test_open_around_the_clock() -> None:
    assert describe_opening(_point(True, None), TUESDAY_MORNING)[0] == "open_24h"


def test_closed_opens_later_today_tomorrow_weekday_date() -> None:
    cases = {
        datetime(2026, 11, 24, 13, 30, tzinfo=BRU): ("today", 1),
        datetime(2026, 11, 25, 9, 0, tzinfo=BRU): ("tomorrow", 2),
        datetime(2026, 11, 30, 9, 0, tzinfo=BRU): ("weekday", 0),
        datetime(2026, 12, 8, 9, 0, tzinfo=BRU): ("date", 1),
    }
    for change, (day, weekday) in cases.items():
        kind, data = describe_opening(_point(False, change), TUESDAY_MORNING)
        assert kind == "closed_opens" and data["day"] == day and data["weekday"] == weekday
        assert data["time"] == f"{change:%H:%M}" and data["date"] == change.date()


def test_closed_on_a_holiday_says_so() -> None:
    christmas = datetime(2026, 12, 25, 10, 0, tzinfo=BRU)
    kind, data = describe_opening(_point(False, datetime(2026, 12, 28, 9, 0, tzinfo=BRU), "Kerstmis"), christmas)
    assert kind == "closed_holiday" and data["holiday"] == "Kerstmis"
    assert (data["day"], data["weekday"], data["time"]) == ("weekday", 0, "09:00")


def test_time_given_in_utc_is_told_in_belgian_time() -> None:
    utc = datetime(2026, 11, 24, 16, 0, tzinfo=ZoneInfo("UTC"))
    assert describe_opening(_point(True, utc), TUESDAY_MORNING)[1]["time"] == "17:00"


def test_closed_for_good() -> None:
    assert describe_opening(_point(False, None), TUESDAY_MORNING) == ("closed", {"holiday": None})


# --- searches against the server ---------------------------------------------------------------


async def test_postcode_open_now_on_a_weekday_morning(search: TopupSearch) -> None:
    seen: list[bool] = []
    search.subscribe(lambda s: seen.append(s.loading))
    assert await search.set_open_only(True)  # no search yet: nothing to run
    assert await search.search_text("9000")
    assert search.mode == "postcode" and search.place is not None and search.place.municipality == "Gent"
    assert search.results and all(p.open_at_requested_time for p in search.results)
    distances = [p.distance_km for p in search.results]
    assert distances == sorted(distances)
    assert search.results_at == TUESDAY_MORNING
    assert True in seen and seen[-1] is False and search.last_error is None
    for p in search.results:
        kind, data = search.describe(p)
        assert kind in ("open_until", "open_24h") and data["holiday"] is None


async def test_municipality_name_resolved_through_places(search: TopupSearch) -> None:
    assert await search.search_text("  bruxelles ")
    assert search.mode == "municipality" and search.query == "bruxelles"
    assert search.place is not None and search.place.postal_code == "1000"
    assert search.results[0].distance_km < 5
    assert len(search.candidates) >= 1


async def test_choose_another_candidate(search: TopupSearch) -> None:
    assert await search.search_text("Gent")
    other = next(p for p in search.candidates if p.postal_code != search.place.postal_code)
    assert await search.choose_place(other)
    assert search.place == other and search.candidates[0] == other


async def test_christmas_holiday_closures(search: TopupSearch) -> None:
    assert await search.set_at(datetime(2026, 12, 25, 10, 0))  # naive: Belgian time
    assert await search.search_text("9000")
    assert search.results_at == datetime(2026, 12, 25, 10, 0, tzinfo=BRU)
    described = [search.describe(p) for p in search.results]
    assert all(data["holiday"] == "Kerstmis" for _, data in described)
    closed = [(kind, data) for kind, data in described if kind == "closed_holiday"]
    assert closed, described
    # Closed offices ("PH off") open again after the holiday, not on it; a night shop with holiday
    # hours ("PH 16:00-02:00") is closed now but opens later today.
    ph_off = [search.describe(p) for p in search.results if "PH off" in p.opening_hours]
    assert ph_off and all(kind == "closed_holiday" for kind, _ in ph_off)
    assert all(data["date"] > date(2026, 12, 25) and data["day"] != "today" for _, data in ph_off)


async def test_saturday_morning_near_antwerp_has_open_points(search: TopupSearch) -> None:
    await search.set_open_only(True)
    await search.set_at(datetime(2026, 11, 28, 10, 0, tzinfo=BRU))
    assert await search.search_text("2000")
    assert len(search.results) >= 3 and all(p.open_at_requested_time for p in search.results)


async def test_open_only_switch_reruns_the_search(search: TopupSearch) -> None:
    await search.set_at(datetime(2026, 11, 24, 21, 0, tzinfo=BRU))
    await search.search_text("9000")
    everything = list(search.results)
    assert any(not p.open_at_requested_time for p in everything)
    assert await search.set_open_only(True)
    assert search.results and all(p.open_at_requested_time for p in search.results)
    assert await search.set_at(None)  # back to now (the clock): Tuesday morning
    assert search.results_at == TUESDAY_MORNING


async def test_position(search: TopupSearch) -> None:
    assert await search.search_position(50.8798, 4.7005)  # Leuven
    assert search.mode == "position" and search.place is None
    assert search.results[0].postal_code.startswith("3")


async def test_position_falls_back_to_the_postcode(search: TopupSearch) -> None:
    async def denied():
        raise PermissionError("geolocation denied")

    assert await search.search_near_me(denied, "3000")
    assert search.fell_back_to_postcode and search.mode == "postcode" and search.place.postal_code == "3000"

    async def nothing():
        return None

    assert await search.search_near_me(nothing, "9000")
    assert search.fell_back_to_postcode and search.place.postal_code == "9000"

    async def here():
        return (51.2194, 4.4025)

    assert await search.search_near_me(here, "9000")
    assert not search.fell_back_to_postcode and search.mode == "position"
    assert search.results[0].postal_code.startswith("2")


async def test_no_position_and_no_postcode(search: TopupSearch) -> None:
    async def nothing():
        return None

    assert not await search.search_near_me(nothing, None)
    assert isinstance(search.last_error, PositionUnavailable) and search.last_error.code == "position_unavailable"


@pytest.mark.parametrize(
    "text,code", [("Atlantis", "unknown_place"), ("9999", "unknown_postal_code"), ("   ", "validation_error")]
)
async def test_unknown_input(search: TopupSearch, text: str, code: str) -> None:
    assert not await search.search_text(text)
    assert search.last_error is not None and search.last_error.code == code and not search.loading


async def test_unknown_place_error_class(search: TopupSearch) -> None:
    await search.search_text("Atlantis")
    assert isinstance(search.last_error, UnknownPlace)


async def test_detail_week_and_directions(search: TopupSearch) -> None:
    await search.search_text("9000")
    point = search.results[0]
    assert await search.select(point.id)
    detail = search.selected
    assert detail is not None and detail.id == point.id
    assert len(detail.week) == 7 and detail.week[0].date == date(2026, 11, 24)  # the day asked about, then 6 (issue 20)
    assert detail.directions_url.startswith("https://www.openstreetmap.org/directions?to=")
    assert detail.holiday_rule in ("closed", "special_hours", "as_usual")
    assert search.describe(detail)[0] in OPENING_KINDS
    # Changing "open at" reloads the detail for the new week.
    await search.set_at(datetime(2026, 12, 25, 10, 0, tzinfo=BRU))
    assert search.selected.week[0].date == date(2026, 12, 25)
    assert any(day.public_holiday == "Kerstmis" for day in search.selected.week)
    search.clear_selection()
    assert search.selected is None


async def test_detail_of_an_unknown_point(search: TopupSearch) -> None:
    assert not await search.select("no-such-point")
    assert search.last_error is not None and search.last_error.code == "not_found"


async def test_language_names_holidays(api: BudgetmeterClient) -> None:
    search = TopupSearch(api, language="fr", clock=lambda: datetime(2026, 12, 25, 10, 0, tzinfo=BRU))
    await search.search_text("1640")
    assert search.place.municipality == "Rhode-Saint-Genèse"
    assert all(p.public_holiday == "Noël" for p in search.results)
    search.set_language("en")
    await search.refresh()
    assert all(p.public_holiday == "Christmas Day" for p in search.results)


async def test_client_methods(api: BudgetmeterClient) -> None:
    places = await api.places("Leuven")
    assert places[0].postal_code == "3000"
    detail = await api.topup_point(
        "fluvius-gent-kortrijksesteenweg-1160", at=datetime(2026, 12, 25, 10, 0, tzinfo=BRU), lang="de"
    )
    assert detail.public_holiday == "Weihnachten" and detail.holiday_rule == "closed"
    assert detail.at.utcoffset() is not None


# --- the form: typed and picked times, quick choices (what the finder's screen used to decide) -----


def offline_search() -> TopupSearch:
    """A search whose form is tested without a server (nothing listens on port 9)."""
    return TopupSearch(BudgetmeterClient("http://127.0.0.1:9"), clock=lambda: TUESDAY_MORNING)


def test_empty_fields_mean_now() -> None:
    assert offline_search().typed_at() == (True, None)


def test_typed_day_and_time_in_belgian_time() -> None:
    form = offline_search()
    form.type_date("28/11/2026")
    form.type_time("9u30")
    assert form.typed_at() == (True, datetime(2026, 11, 28, 9, 30, tzinfo=BRU))
    assert form.when_error is None


def test_a_day_without_a_time_is_10_and_a_time_without_a_day_is_today() -> None:
    form = offline_search()
    form.type_date("2026-12-01")
    assert form.typed_at() == (True, datetime(2026, 12, 1, 10, 0, tzinfo=BRU))
    form.type_date("")
    form.type_time("14:00")
    assert form.typed_at() == (True, datetime(2026, 11, 24, 14, 0, tzinfo=BRU))


@pytest.mark.parametrize(("day", "at", "code"), [("31/02/2026", "10:00", "not_a_date"), ("28/11/2026", "25:00", "not_a_time")])
def test_what_cannot_be_read_is_named(day: str, at: str, code: str) -> None:
    form = offline_search()
    form.type_date(day)
    form.type_time(at)
    assert form.typed_at() == (False, None)
    assert form.when_error == code


def test_picking_fills_the_other_field() -> None:
    form = offline_search()
    form.pick_date(date(2026, 12, 24))
    assert (form.date_text, form.time_text) == ("24/12/2026", "10:00")
    other = offline_search()
    other.pick_time(datetime(2026, 1, 1, 16, 45).time())
    assert (other.date_text, other.time_text) == ("24/11/2026", "16:45")


def test_quick_choices_tomorrow_and_next_saturday_at_10() -> None:
    form = offline_search()
    assert form.moment("now") is None
    assert form.moment("tomorrow") == datetime(2026, 11, 25, 10, 0, tzinfo=BRU)
    assert form.moment("saturday") == datetime(2026, 11, 28, 10, 0, tzinfo=BRU)
    assert form.chosen_moment() == "now"


async def test_a_quick_choice_without_a_place_fills_the_fields_and_waits() -> None:
    form = offline_search()
    seen = []
    form.subscribe(lambda s: seen.append(s.at))
    assert await form.choose_moment("saturday")
    assert (form.date_text, form.time_text) == ("28/11/2026", "10:00")
    assert form.at == datetime(2026, 11, 28, 10, 0, tzinfo=BRU) and form.mode == "none"
    assert form.chosen_moment() == "saturday" and seen  # the screen was told
    assert form.last_error is None  # no search ran: the unreachable server was not asked


async def test_submit_searches_the_typed_place_at_the_typed_time(search: TopupSearch) -> None:
    search.type_query(" 9000 ")
    search.type_date("25/12/2026")
    search.type_time("10:00")
    assert await search.submit()
    assert search.mode == "postcode" and search.place is not None and search.place.postal_code == "9000"
    assert search.results_at == datetime(2026, 12, 25, 10, 0, tzinfo=BRU)
    # The same place again only changes the time.
    assert await search.choose_moment("now")
    assert search.at is None and search.results_at == TUESDAY_MORNING and search.query == "9000"


async def test_an_unreadable_time_does_not_search(search: TopupSearch) -> None:
    search.type_query("9000")
    search.type_time("later")
    assert not await search.submit()
    assert search.when_error == "not_a_time" and search.mode == "none"


async def test_near_me_without_a_position_fills_in_the_accounts_postcode(search: TopupSearch) -> None:
    async def no_position():
        return None

    assert await search.near_me_form(no_position, "2000")
    assert search.fell_back_to_postcode and search.query_text == "2000"
