"""GET /api/v1/topup-points/{id}: one point's week of opening hours, holiday rule and directions; and the
public holiday named in the search results."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest

GENT_OFFICE = "fluvius-gent-kortrijksesteenweg-1160"  # "Mo-Fr 08:30-12:30,13:00-16:30; PH off"


def _detail(client: httpx.Client, point_id: str, **params) -> dict:
    r = client.get(f"/api/v1/topup-points/{point_id}", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def _search(client: httpx.Client, **params) -> list[dict]:
    r = client.get("/api/v1/topup-points", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def _point_with(client: httpx.Client, expression: str) -> dict:
    everything = _search(client, postal_code="2000", limit=100)
    everything += _search(client, postal_code="9000", limit=100)
    return next(p for p in everything if p["opening_hours"] == expression)


def test_week_of_an_office_on_a_weekday(client: httpx.Client) -> None:
    d = _detail(client, GENT_OFFICE, at="2026-11-25T10:00:00+01:00")
    assert d["id"] == GENT_OFFICE and d["kind"] == "fluvius_office" and d["phone"]
    assert d["open_at_requested_time"] is True
    assert d["next_change"].startswith("2026-11-25T12:30:00")
    assert d["at"].startswith("2026-11-25T10:00:00")
    # The seven days from the day asked about, that Wednesday first (issue 20).
    assert [day["date"] for day in d["week"]] == [str(date(2026, 11, 25) + timedelta(days=i)) for i in range(7)]
    monday = d["week"][5]
    assert monday["intervals"] == [{"open": "08:30", "close": "12:30"}, {"open": "13:00", "close": "16:30"}]
    assert monday["public_holiday"] is None
    assert d["week"][3]["intervals"] == [] and d["week"][4]["intervals"] == []  # weekend closed


def test_on_a_sunday_the_days_to_come(client: httpx.Client) -> None:
    """Issue 20: "Openingsuren deze week" on a Sunday listed the Monday to Sunday that had passed."""
    d = _detail(client, GENT_OFFICE, at="2026-11-29T10:00:00+01:00")
    assert [day["date"] for day in d["week"]] == [str(date(2026, 11, 29) + timedelta(days=i)) for i in range(7)]
    assert d["week"][0]["intervals"] == [] and d["week"][1]["intervals"]  # closed today, open tomorrow
    assert d["holiday_rule"] == "closed" and d["holiday_hours"] == []
    assert d["public_holiday"] is None


def test_christmas_week_names_the_holiday_and_closes(client: httpx.Client) -> None:
    d = _detail(client, GENT_OFFICE, at="2026-12-25T10:00:00+01:00")
    assert d["open_at_requested_time"] is False
    assert d["public_holiday"] == "Kerstmis"
    friday = next(day for day in d["week"] if day["date"] == "2026-12-25")
    assert friday["public_holiday"] == "Kerstmis" and friday["intervals"] == []
    monday = next(day for day in d["week"] if day["date"] == "2026-12-28")
    assert monday["public_holiday"] is None and monday["intervals"]
    # Closed over the weekend too: opens again on Monday 28 December.
    assert d["next_change"].startswith("2026-12-28T08:30:00")


@pytest.mark.parametrize("lang,name", [("nl", "Kerstmis"), ("fr", "Noël"), ("de", "Weihnachten"), ("en", "Christmas Day")])
def test_holiday_names_in_four_languages(client: httpx.Client, lang: str, name: str) -> None:
    d = _detail(client, GENT_OFFICE, at="2026-12-25T10:00:00+01:00", lang=lang)
    assert d["public_holiday"] == name
    items = _search(client, postal_code="9000", at="2026-12-25T10:00:00+01:00", lang=lang, limit=3)
    assert all(p["public_holiday"] == name for p in items)


def test_search_items_have_no_holiday_on_ordinary_days(client: httpx.Client) -> None:
    items = _search(client, postal_code="9000", at="2026-11-24T10:00:00+01:00", limit=5)
    assert items and all(p["public_holiday"] is None for p in items)
    # The fields the search always had are still there.
    assert {"id", "distance_km", "opening_hours", "open_at_requested_time", "next_change"} <= set(items[0])


def test_special_holiday_hours(client: httpx.Client) -> None:
    shop = _point_with(client, "Mo-Sa 07:00-20:00; Su 08:00-13:00; PH 09:00-12:00")
    d = _detail(client, shop["id"], at="2026-12-25T10:00:00+01:00")
    assert d["holiday_rule"] == "special_hours"
    assert d["holiday_hours"] == [{"open": "09:00", "close": "12:00"}]
    christmas = next(day for day in d["week"] if day["date"] == "2026-12-25")
    assert christmas["intervals"] == [{"open": "09:00", "close": "12:00"}]
    assert d["open_at_requested_time"] is True


def test_night_shop_as_usual_and_past_midnight(client: httpx.Client) -> None:
    shop = _point_with(client, "Mo-Su 16:00-02:00; PH 16:00-02:00")
    d = _detail(client, shop["id"], at="2026-11-25T10:00:00+01:00")
    assert d["holiday_rule"] == "as_usual"
    wednesday = d["week"][0]  # the day asked about comes first
    # The night from Tuesday runs on until 02:00; the evening runs to midnight ("24:00").
    assert wednesday["intervals"] == [{"open": "00:00", "close": "02:00"}, {"open": "16:00", "close": "24:00"}]


def test_default_time_is_now(client: httpx.Client) -> None:
    d = _detail(client, GENT_OFFICE)
    assert len(d["week"]) == 7 and d["at"][:10] in {day["date"] for day in d["week"]}


def test_time_in_another_offset_is_the_same_instant(client: httpx.Client) -> None:
    assert _detail(client, GENT_OFFICE, at="2026-11-25T09:00:00Z") == _detail(
        client, GENT_OFFICE, at="2026-11-25T10:00:00+01:00"
    )


def test_directions(client: httpx.Client) -> None:
    d = _detail(client, GENT_OFFICE)
    assert d["directions_url"] == f"https://www.openstreetmap.org/directions?to={d['lat']:.6f}%2C{d['lon']:.6f}"
    assert d["geo_uri"].startswith(f"geo:{d['lat']:.6f},{d['lon']:.6f}?q=")
    assert "Fluvius%20klantenkantoor%20Gent" in d["geo_uri"]


def test_unknown_point_is_not_found(client: httpx.Client) -> None:
    r = client.get("/api/v1/topup-points/no-such-point")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "params", [{"at": "tomorrow"}, {"at": "2026-11-25T10:00:00"}, {"at": "2026-02-29T10:00:00+01:00"}, {"lang": "es"}]
)
def test_bad_detail_input(client: httpx.Client, params: dict) -> None:
    r = client.get(f"/api/v1/topup-points/{GENT_OFFICE}", params=params)
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"


def test_documented_in_openapi(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/api/v1/topup-points/{point_id}"]["get"]
    assert op["operationId"] == "get_topup_point"
    for status in ("404", "422"):
        assert op["responses"][status]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorEnvelope")
    search = spec["paths"]["/api/v1/topup-points"]["get"]
    assert "lang" in {p["name"] for p in search["parameters"]}


@pytest.mark.parametrize("at", ["0.5", "1764000000", "-3"])
def test_a_bare_number_is_not_a_time(client: httpx.Client, at: str) -> None:
    for path in (f"/api/v1/topup-points/{GENT_OFFICE}", "/api/v1/topup-points?postal_code=9000"):
        r = client.get(path, params={"at": at})
        assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error", (path, r.text)


@pytest.mark.parametrize(("sunday", "monday_name"), [("2027-03-28", "Paasmaandag"), ("2028-06-04", "Pinkstermaandag")])
def test_easter_and_whit_sunday_are_no_public_holidays(client: httpx.Client, sunday: str, monday_name: str) -> None:
    # Belgium's ten legal holidays hold the Mondays, not the Sundays (server/rules/opening_hours.py).
    d = _detail(client, GENT_OFFICE, at=f"{sunday}T12:15:00+02:00")
    assert d["public_holiday"] is None
    days = {day["date"]: day for day in d["week"]}
    assert days[sunday]["public_holiday"] is None
    items = _search(client, postal_code="9000", at=f"{sunday}T12:15:00+02:00", limit=3)
    assert all(p["public_holiday"] is None for p in items)
    monday = _detail(client, GENT_OFFICE, at=f"{sunday[:8]}{int(sunday[8:]) + 1:02d}T12:15:00+02:00")
    assert monday["public_holiday"] == monday_name
