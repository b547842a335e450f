"""The demo top-up points (server/data/topup_points.json, made by scripts/make_topup_points.py)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import datetime
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

import opening_hours
import pytest

from server.services.geo.index import TopupPoint, TopupPointIndex
from server.services.geo.postcodes import lookup_postcode

BRUSSELS = ZoneInfo("Europe/Brussels")
ROOT = Path(__file__).resolve().parents[2]
KINDS = {"ocmw", "fluvius_office", "shop_terminal", "post_office"}


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return json.loads(resources.files("server").joinpath("data/topup_points.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def index(records) -> TopupPointIndex:
    return TopupPointIndex.from_records(records)


def test_at_least_60_points_with_unique_ids_and_all_fields(records):
    assert len(records) >= 60
    ids = [r["id"] for r in records]
    assert len(set(ids)) == len(ids)
    for r in records:
        assert set(r) == {"id", "name", "kind", "address", "postal_code", "municipality", "lat", "lon", "phone",
                          "opening_hours"}
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r["id"]), r["id"]
        assert r["kind"] in KINDS
        assert re.search(r"\d", r["address"]), r["address"]
        assert r["phone"] is None or re.fullmatch(r"0\d{1,2}( \d{2,3})( \d{2}){2}", r["phone"]), r["phone"]
    assert {r["kind"] for r in records} >= {"ocmw", "fluvius_office", "shop_terminal"}


def test_all_inside_belgium_and_near_their_postcode(records):
    for r in records:
        assert 49.49 <= r["lat"] <= 51.51 and 2.54 <= r["lon"] <= 6.41, r["id"]
        pc = lookup_postcode(r["postal_code"])
        assert pc is not None, r["id"]
        assert abs(pc.lat - r["lat"]) < 0.01 and abs(pc.lon - r["lon"]) < 0.015, r["id"]


def test_every_opening_hours_expression_is_valid(records):
    for expression in {r["opening_hours"] for r in records}:
        opening_hours.OpeningHours(expression, country="BE", timezone=BRUSSELS)  # raises ParserError if bad
    # Public holidays are closed unless the string says otherwise (the demo top-up points).
    for r in records:
        assert "PH" in r["opening_hours"], r["id"]


def test_demo_places_are_covered(records):
    codes = {r["postal_code"] for r in records}
    assert {"9000", "2000", "2018", "2060", "2100", "3000", "1000", "1030", "1070", "1080", "1640"} <= codes


def test_saturday_morning_near_antwerp_finds_open_points(index):
    at = datetime(2026, 11, 28, 10, 0, tzinfo=BRUSSELS)  # a Saturday
    antwerp = lookup_postcode("2000")
    found = index.nearest(antwerp.lat, antwerp.lon, limit=10, at=at, open_only=True)
    assert len(found) >= 3
    assert all(is_open for _, _, is_open, _ in found)
    assert found[0][1] < 2.0  # km


def test_christmas_closes_ph_off_and_opens_ph_hours(index, records):
    at = datetime(2026, 12, 25, 10, 0, tzinfo=BRUSSELS)
    gent = lookup_postcode("9000")
    res = index.nearest(gent.lat, gent.lon, limit=len(records), at=at, open_only=False)
    assert len(res) == len(records)
    seen_off = seen_ph = 0
    for p, _, is_open, _ in res:
        if "PH off" in p.opening_hours:
            assert not is_open, p.id
            seen_off += 1
        if "PH 10:00-12:00" in p.opening_hours or "PH 09:00-12:00" in p.opening_hours:
            assert is_open, p.id
            seen_ph += 1
    assert seen_off >= 10 and seen_ph >= 5


def test_demo_file_is_up_to_date_with_its_script():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_topup_points.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_records_convert_to_points(records):
    for r in records:
        assert TopupPoint.from_record(r).id == r["id"]
