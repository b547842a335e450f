"""Top-up point search against the real server with the demo points."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest


def _search(client: httpx.Client, **params) -> list[dict]:
    r = client.get("/api/v1/topup-points", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_nearest_first_from_a_postcode(client: httpx.Client) -> None:
    points = _search(client, postal_code="9000", at="2026-11-24T10:00:00+01:00", limit=10)
    assert len(points) == 10
    distances = [p["distance_km"] for p in points]
    assert distances == sorted(distances)
    assert points[0]["distance_km"] < 5


def test_open_only_on_a_weekday_morning(client: httpx.Client) -> None:
    points = _search(client, postal_code="9000", at="2026-11-24T10:00:00+01:00", open="true", limit=5)
    assert points and all(p["open_at_requested_time"] for p in points)
    everything = _search(client, postal_code="9000", at="2026-11-24T10:00:00+01:00", limit=100)
    open_ones = [p["id"] for p in everything if p["open_at_requested_time"]][:5]
    assert [p["id"] for p in points] == open_ones


def test_christmas_closes_points_with_ph_off(client: httpx.Client) -> None:
    # 25 December is a Belgian public holiday; "PH off" must close those points.
    points = _search(client, postal_code="9000", at="2026-12-25T10:00:00+01:00", limit=100)
    ph_off = [p for p in points if "PH off" in p["opening_hours"]]
    assert ph_off and not any(p["open_at_requested_time"] for p in ph_off)
    for p in ph_off:
        assert p["next_change"] is None or p["next_change"] >= "2026-12-26"
    weekday = {p["id"]: p for p in _search(client, postal_code="9000", at="2026-12-22T10:00:00+01:00", limit=100)}
    assert any(weekday[p["id"]]["open_at_requested_time"] for p in ph_off)


def test_time_in_another_offset_is_the_same_instant(client: httpx.Client) -> None:
    utc = _search(client, postal_code="2000", at="2026-11-28T09:00:00Z", limit=20)
    explicit = _search(client, postal_code="2000", at="2026-11-28T10:00:00+01:00", limit=20)
    assert utc == explicit


def test_saturday_morning_near_antwerp_has_open_points(client: httpx.Client) -> None:
    points = _search(client, postal_code="2000", at="2026-11-28T10:00:00+01:00", open="true", limit=5)
    assert len(points) >= 3
    for p in points:
        # A point open around the clock has no next change.
        if p["next_change"] is not None:
            assert datetime.fromisoformat(p["next_change"]) > datetime.fromisoformat("2026-11-28T10:00:00+01:00")


def test_search_by_position(client: httpx.Client) -> None:
    leuven = _search(client, lat=50.8798, lon=4.7005, limit=3)
    assert leuven[0]["postal_code"].startswith("3")


@pytest.mark.parametrize(
    "params,code",
    [
        ({"postal_code": "90000"}, "validation_error"),
        ({"postal_code": "abcd"}, "validation_error"),
        ({"postal_code": "0999"}, "validation_error"),
        ({"postal_code": "9999"}, "unknown_postal_code"),
        ({}, "validation_error"),
        ({"lat": 51.0}, "validation_error"),
        ({"lat": 123, "lon": 4}, "validation_error"),
        ({"postal_code": "9000", "limit": 0}, "validation_error"),
        ({"postal_code": "9000", "at": "tomorrow"}, "validation_error"),
        # The API's convention: times are ISO 8601 with offset; the schema (format date-time) says so too.
        ({"postal_code": "9000", "at": "2026-11-28T10:00:00"}, "validation_error"),
    ],
    ids=[
        "five-digits", "letters", "leading-zero", "unknown", "nothing", "lat-only", "lat-range", "limit", "at",
        "at-without-offset",
    ],
)
def test_bad_search_input(client: httpx.Client, params: dict, code: str) -> None:
    r = client.get("/api/v1/topup-points", params=params)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == code
