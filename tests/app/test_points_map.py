"""The top-up points map's data (app/state/points_map.py) and its tile settings (app/settings.py)."""

from __future__ import annotations

import pytest

from app.api.models import TopupPoint
from app.settings import OSM_TILE_URL, SettingsError, load_settings
from app.state.points_map import MapPane, points_map_data


def point(i: int, lat: float, lon: float, open_: bool = True) -> TopupPoint:
    return TopupPoint(
        id=f"p{i}", name=f"Punt {i}", kind="shop", address="Straat 1", postal_code="9000", municipality="Gent",
        lat=lat, lon=lon, distance_km=i / 10, opening_hours="24/7", open_at_requested_time=open_,
    )


def test_markers_numbered_as_the_list_around_the_searched_place() -> None:
    data = points_map_data([point(1, 51.05, 3.72), point(2, 51.06, 3.70, open_=False)], place=(51.04, 3.73))
    assert [(p.rank, p.id, p.open) for p in data.points] == [(1, "p1", True), (2, "p2", False)]
    assert data.origin == (51.04, 3.73) and data.origin_kind == "place"
    assert data.south_west == (51.04, 3.70) and data.north_east == (51.06, 3.73)


def test_the_map_opens_on_the_origin_and_the_five_nearest() -> None:
    far = point(6, 50.94, 4.04)  # the sixth result lies in Aalst: a pan away, not squeezing Gent
    data = points_map_data([point(i, 51.05 + i / 1000, 3.72) for i in range(1, 6)] + [far], place=(51.04, 3.73))
    assert len(data.points) == 6
    assert data.south_west == (51.04, 3.72) and data.north_east == (51.055, 3.73)


def test_the_nearest_open_point_is_in_view_when_the_nearest_five_are_closed() -> None:
    # Issue 20: at night the five nearest were closed and the only open one, the seventh, lay outside
    # the area the map opened on.
    closed = [point(i, 51.05 + i / 1000, 3.72, open_=False) for i in range(1, 7)]
    only_open = point(7, 51.10, 3.80)
    data = points_map_data([*closed, only_open], place=(51.04, 3.73))
    assert data.south_west == (51.04, 3.72) and data.north_east == (51.10, 3.80)
    # When one of the nearest five is open, the area is theirs alone (a far open one is a pan away).
    data = points_map_data([point(1, 51.051, 3.72), *closed[1:], only_open], place=(51.04, 3.73))
    assert data.north_east == (51.055, 3.73)


def test_the_device_position_is_the_origin_of_a_position_search() -> None:
    data = points_map_data([point(1, 50.85, 4.35)], position=(50.84, 4.36))
    assert data.origin_kind == "position" and data.origin == (50.84, 4.36)


def test_no_results_still_show_where_the_search_ran() -> None:
    data = points_map_data([], place=(51.05, 3.72))
    assert data.points == () and data.south_west == data.north_east == (51.05, 3.72)
    assert points_map_data([]) is None


def test_pane_starts_on_the_list_and_remembers_failed_tiles() -> None:
    pane = MapPane()
    seen = []
    pane.subscribe(lambda p: seen.append((p.show, p.tiles_failed)))
    assert (pane.show, pane.tiles_failed) == ("list", False)
    pane.switch("map")
    pane.tile_failed()
    pane.tile_failed()  # every failing tile reports; the screen is redrawn once
    assert seen == [("map", False), ("map", True)]


def test_tile_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BUDGETMETER_TILE_URL", "BUDGETMETER_TILE_ATTRIBUTION", "BUDGETMETER_TILE_ATTRIBUTION_URL"):
        monkeypatch.delenv(name, raising=False)
    s = load_settings()
    # OSM's tile policy: their standard layer, credited "© OpenStreetMap contributors" with a link.
    assert s.tile_url == OSM_TILE_URL == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert s.tile_attribution == "OpenStreetMap contributors"
    assert s.tile_attribution_url == "https://www.openstreetmap.org/copyright"
    monkeypatch.setenv("BUDGETMETER_TILE_URL", "https://tiles.example.be/{z}/{x}/{y}.png")
    assert load_settings().tile_url == "https://tiles.example.be/{z}/{x}/{y}.png"
    monkeypatch.setenv("BUDGETMETER_TILE_URL", "https://tiles.example.be/tile.png")
    with pytest.raises(SettingsError, match="BUDGETMETER_TILE_URL"):
        load_settings()
