"""The top-up point index: exact nearest-first answers, equal to the brute-force reference."""

from __future__ import annotations

import random
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from server.services.geo.index import (
    POINTS_PER_CELL,
    TopupPoint,
    TopupPointIndex,
    brute_force_nearest,
    haversine_km,
)
from server.services.geo.postcodes import load_postcodes
from server.services.geo.synthetic import OPENING_HOURS, generate_topup_points

BRUSSELS = ZoneInfo("Europe/Brussels")
TIMES = [
    datetime(2026, 11, 28, 10, 0, tzinfo=BRUSSELS),  # Saturday morning
    datetime(2026, 11, 25, 14, 0, tzinfo=BRUSSELS),  # Wednesday afternoon
    datetime(2026, 11, 29, 3, 30, tzinfo=BRUSSELS),  # Sunday night: few open
    datetime(2026, 12, 25, 10, 30, tzinfo=BRUSSELS),  # Christmas
    datetime(2026, 11, 11, 9, 0, tzinfo=timezone.utc),  # Armistice, given in UTC
]


def point(pid: str, lat: float, lon: float, hours: str = "24/7") -> TopupPoint:
    return TopupPoint(pid, pid, "shop_terminal", "Kerkstraat 1", "9000", "Gent", lat, lon, None, hours)


# Cells sized to the points' density (the default), and the fixed 0.02° cells measured best at
# 100,000 points: both must give the brute-force answer.
@pytest.fixture(scope="module", params=[None, 0.02], ids=["density-cells", "cells-0.02"])
def synthetic(request) -> tuple[list[TopupPoint], TopupPointIndex]:
    points = [TopupPoint.from_record(r) for r in generate_topup_points(4000, seed=7)]
    return points, TopupPointIndex(points, cell_deg=request.param)


def test_haversine_known_distances():
    assert haversine_km(51.0, 4.0, 51.0, 4.0) == 0.0
    # One degree of latitude on the mean-radius sphere.
    assert haversine_km(50.0, 4.0, 51.0, 4.0) == pytest.approx(111.195, abs=0.001)
    # Gent (9000) to Antwerpen (2000): about 50 km as the crow flies.
    assert 48 < haversine_km(51.0397, 3.7142, 51.2211, 4.3997) < 52
    assert haversine_km(50.8, 4.3, 51.2, 4.4) == pytest.approx(haversine_km(51.2, 4.4, 50.8, 4.3), rel=1e-12)


def test_synthetic_generator_is_deterministic_and_in_belgium():
    a = generate_topup_points(500, seed=3)
    assert a == generate_topup_points(500, seed=3)
    assert a != generate_topup_points(500, seed=4)
    assert len({r["id"] for r in a}) == 500
    assert {r["opening_hours"] for r in a} <= set(OPENING_HOURS)
    codes = load_postcodes()
    for r in a:
        assert r["postal_code"] in codes
        assert 49.45 < r["lat"] < 51.55 and 2.5 < r["lon"] < 6.45


def test_index_equals_brute_force_on_random_queries(synthetic):
    points, index = synthetic
    rng = random.Random(20261128)
    places = [load_postcodes()[c] for c in sorted(load_postcodes())]
    for n in range(120):
        if n % 4 == 0:  # anywhere in (and a bit around) Belgium's bounding box
            lat, lon = rng.uniform(49.3, 51.7), rng.uniform(2.3, 6.6)
        else:  # near where people live
            p = rng.choice(places)
            lat, lon = p.lat + rng.uniform(-0.03, 0.03), p.lon + rng.uniform(-0.04, 0.04)
        at = TIMES[n % len(TIMES)]
        limit = rng.choice([1, 5, 20, 100])
        for open_only in (False, True):
            got = index.nearest(lat, lon, limit=limit, at=at, open_only=open_only)
            want = brute_force_nearest(points, lat, lon, limit=limit, at=at, open_only=open_only)
            assert got == want, (lat, lon, at, limit, open_only)
            assert len(got) == limit
            if open_only:
                assert all(is_open for _, _, is_open, _ in got)


def test_far_away_queries_and_large_limits(synthetic):
    points, index = synthetic
    at = TIMES[0]
    for lat, lon in [(48.0, 2.35), (52.37, 4.9), (0.0, 0.0), (-33.9, 151.2), (89.9, 179.9)]:
        got = index.nearest(lat, lon, limit=7, at=at, open_only=True)
        assert got == brute_force_nearest(points, lat, lon, limit=7, at=at, open_only=True)
    everything = index.nearest(50.85, 4.35, limit=len(points) + 10, at=at, open_only=False)
    assert len(everything) == len(points)
    assert everything == brute_force_nearest(points, 50.85, 4.35, limit=len(points) + 10, at=at, open_only=False)
    assert index.nearest(50.85, 4.35, limit=0, at=at, open_only=False) == []


def test_nearest_first_with_distances_and_states(synthetic):
    points, index = synthetic
    at = TIMES[1]
    res = index.nearest(51.05, 3.72, limit=30, at=at, open_only=False)
    keys = [(d, p.id) for p, d, _, _ in res]
    assert keys == sorted(keys)
    for p, d, is_open, next_change in res:
        assert d == pytest.approx(haversine_km(51.05, 3.72, p.lat, p.lon), abs=1e-9)
        assert next_change is None or next_change > at


def test_ordering_and_tie_break_by_id():
    pts = [
        point("c", 51.0, 4.0),
        point("b", 51.0, 4.0),  # same place as c: id decides
        point("a", 51.1, 4.0),
        point("d", 51.0, 4.05),
        point("e", 50.0, 4.0),
    ]
    index = TopupPointIndex(pts)
    ids = [p.id for p, *_ in index.nearest(51.0, 4.0, limit=5, at=TIMES[0], open_only=False)]
    assert ids == ["b", "c", "d", "a", "e"]
    assert [p.id for p, *_ in index.nearest(51.0, 4.0, limit=1, at=TIMES[0], open_only=False)] == ["b"]


def test_corner_points_are_not_missed():
    # A point in a diagonal cell that is nearer than one straight ahead further on.
    pts = [point("diag", 51.019, 4.031), point("straight", 51.0, 4.1)]
    index = TopupPointIndex(pts, cell_deg=0.02)  # "diag" one cell up and one across
    res = index.nearest(51.001, 4.001, limit=1, at=TIMES[0], open_only=False)
    assert res[0][0].id == brute_force_nearest(pts, 51.001, 4.001, limit=1, at=TIMES[0], open_only=False)[0][0].id


def test_public_holiday_rules_on_christmas():
    at = datetime(2026, 12, 25, 10, 0, tzinfo=BRUSSELS)
    pts = [
        point("office", 51.0, 4.0, "Mo-Fr 09:00-12:00; PH off"),
        point("shop", 51.0, 4.001, "Mo-Sa 07:00-20:00; Su 08:00-13:00; PH 10:00-12:00"),
        point("plain", 51.0, 4.002, "Mo-Fr 09:00-17:00; PH off"),
    ]
    index = TopupPointIndex(pts)
    states = {p.id: (is_open, nc) for p, _, is_open, nc in index.nearest(51.0, 4.0, limit=3, at=at, open_only=False)}
    assert states["office"] == (False, datetime(2026, 12, 28, 9, 0, tzinfo=BRUSSELS))
    assert states["plain"][0] is False
    assert states["shop"] == (True, datetime(2026, 12, 25, 12, 0, tzinfo=BRUSSELS))
    assert [p.id for p, *_ in index.nearest(51.0, 4.0, limit=3, at=at, open_only=True)] == ["shop"]
    # The day after (a Saturday, no holiday in Belgium) the shop keeps its normal hours.
    later = datetime(2026, 12, 26, 15, 0, tzinfo=BRUSSELS)
    assert [p.id for p, *_ in index.nearest(51.0, 4.0, limit=3, at=later, open_only=True)] == ["shop"]


@pytest.mark.parametrize("day", [(2027, 3, 28), (2027, 5, 16), (2028, 4, 16), (2028, 6, 4)], ids=str)
def test_easter_and_whit_sunday_are_ordinary_sundays(day):
    # PH in Belgium means the ten legal holidays (server/rules/opening_hours.py): Easter Sunday and Whit
    # Sunday are not among them, whatever opening-hours-py's calendar says.
    at = datetime(*day, 12, 15, tzinfo=BRUSSELS)
    pts = [
        point("shop", 51.0, 4.0, "Mo-Sa 07:00-20:00; Su 08:00-13:00; PH 09:00-12:00"),
        point("office", 51.0, 4.001, "Mo-Fr 09:00-12:00; PH off"),
    ]
    index = TopupPointIndex(pts)
    found = index.nearest(51.0, 4.0, limit=2, at=at, open_only=True)
    assert [(p.id, is_open, nc) for p, _, is_open, nc in found] == [
        ("shop", True, datetime(*day, 13, 0, tzinfo=BRUSSELS))
    ]
    assert found == brute_force_nearest(pts, 51.0, 4.0, limit=2, at=at, open_only=True)


def test_bad_opening_hours_rejected_at_build_naming_the_point():
    with pytest.raises(ValueError, match="bad-one"):
        TopupPointIndex([point("good", 51.0, 4.0), point("bad-one", 51.0, 4.0, "Mo-Fr 25:00-99:00 nonsense")])


def test_build_rejects_duplicates_and_bad_positions():
    with pytest.raises(ValueError, match="duplicate"):
        TopupPointIndex([point("x", 51.0, 4.0), point("x", 51.1, 4.0)])
    with pytest.raises(ValueError):
        TopupPointIndex([point("x", 91.0, 4.0)])


def test_naive_time_and_bad_queries_rejected():
    index = TopupPointIndex([point("x", 51.0, 4.0)])
    with pytest.raises(ValueError):
        index.nearest(51.0, 4.0, limit=1, at=datetime(2026, 11, 28, 10, 0), open_only=False)
    with pytest.raises(ValueError):
        index.nearest(95.0, 4.0, limit=1, at=TIMES[0], open_only=False)
    with pytest.raises(ValueError):
        index.nearest(51.0, 4.0, limit=-1, at=TIMES[0], open_only=False)


def test_get_len_and_from_records():
    records = generate_topup_points(50, seed=1)
    index = TopupPointIndex.from_records(records)
    assert len(index) == 50
    assert index.get(records[3]["id"]) == TopupPoint.from_record(records[3])
    assert index.get("nope") is None
    empty = TopupPointIndex([])
    assert len(empty) == 0
    assert empty.nearest(51.0, 4.0, limit=5, at=TIMES[0], open_only=True) == []


def test_cells_keep_the_measured_density_whatever_the_number_of_points():
    dense = [TopupPoint.from_record(r) for r in generate_topup_points(4000, seed=7)]
    sparse = dense[::40]  # 100 points over the same country
    small, large = TopupPointIndex(dense), TopupPointIndex(sparse)
    # A tenth of the points per area: cells sqrt(40) times as wide hold as many points each.
    assert large.cell_deg / small.cell_deg == pytest.approx(40**0.5, rel=0.25)
    lat_span = max(p.lat for p in dense) - min(p.lat for p in dense)
    lon_span = max(p.lon for p in dense) - min(p.lon for p in dense)
    cells = (lat_span / small.cell_deg) * (lon_span * 0.64 / small.cell_deg)  # cos(50.5°) = 0.64
    assert len(dense) / cells == pytest.approx(POINTS_PER_CELL, rel=0.15)
    # One point, or many on one spot: a cell of bounded size, and answers as before.
    assert TopupPointIndex([point("x", 51.0, 4.0)]).cell_deg == 1.0
    heap = TopupPointIndex([point(f"p{n}", 51.0, 4.0) for n in range(50)])
    assert heap.cell_deg == pytest.approx(0.002)
    assert len(heap.nearest(51.0, 4.0, limit=20, at=TIMES[0], open_only=False)) == 20


def test_sparse_points_like_the_demo_equal_brute_force():
    rng = random.Random(76)
    points = [TopupPoint.from_record(r) for r in generate_topup_points(4000, seed=11)]
    points = rng.sample(points, 76)
    index = TopupPointIndex(points)
    for n in range(60):
        lat, lon = rng.uniform(49.4, 51.6), rng.uniform(2.4, 6.5)
        at = TIMES[n % len(TIMES)]
        for limit in (1, 20, 80):
            for open_only in (False, True):
                got = index.nearest(lat, lon, limit=limit, at=at, open_only=open_only)
                assert got == brute_force_nearest(points, lat, lon, limit=limit, at=at, open_only=open_only)
