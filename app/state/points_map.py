"""What the top-up points map shows (no Flet): a marker per result, one for where the search ran from
(the searched place or the device's position), and the area that holds them all.

    pane = MapPane()
    pane.show = "map"            # the phone's list/map switch ("list" is the default: the list is the
                                 # main way and works alone)
    pane.tiles_failed = True     # a tile did not load: markers on a plain background, one sentence
    points_map_data(search)      # PointsMapData for the search's current results, or None
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.api.models import TopupPoint

from .observable import Observable

FOCUS = 5
Origin = Literal["place", "position"]
Show = Literal["list", "map"]


@dataclass(frozen=True)
class MapPoint:
    id: str
    name: str
    lat: float
    lon: float
    #: Open at the search's time (a full marker) or not (an outlined one).
    open: bool
    #: Its place in the list (1 = nearest), also written on the marker so list and map match.
    rank: int


@dataclass(frozen=True)
class PointsMapData:
    points: tuple[MapPoint, ...]
    origin: tuple[float, float] | None
    origin_kind: Origin | None
    #: South-west and north-east corners of what the map opens on: the origin, the nearest
    #: :data:`FOCUS` points and the nearest open one (the rest is a pan or a zoom away; fitting every
    #: result would pile the nearest ones on top of each other when one lies in the next town).
    south_west: tuple[float, float]
    north_east: tuple[float, float]


def points_map_data(results: list[TopupPoint], *, place: tuple[float, float] | None = None,
                    position: tuple[float, float] | None = None) -> PointsMapData | None:
    """The map of ``results`` around the search's origin; None when there is nothing to put on it."""
    origin, kind = (position, "position") if position is not None else (place, "place") if place is not None else (None, None)
    points = tuple(MapPoint(p.id, p.name, p.lat, p.lon, p.open_at_requested_time, i) for i, p in enumerate(results, start=1))
    # The nearest open point is always in view: when the nearest few are all closed, it is the one
    # the household is looking for, and a map opened on the closed ones would cut it off at the edge.
    first_open = next((p for p in points if p.open), None)
    focus = list(points[:FOCUS]) + ([first_open] if first_open is not None and first_open.rank > FOCUS else [])
    spots = [(p.lat, p.lon) for p in focus] + ([origin] if origin is not None else [])
    if not spots:
        return None
    lats, lons = [s[0] for s in spots], [s[1] for s in spots]
    return PointsMapData(points, origin, kind, (min(lats), min(lons)), (max(lats), max(lons)))


def search_map_data(search) -> PointsMapData | None:
    """:func:`points_map_data` of a :class:`app.state.topup_search.TopupSearch`."""
    place = (search.place.lat, search.place.lon) if search.place is not None and search.mode != "position" else None
    position = search.position if search.mode == "position" else None
    return points_map_data(search.results, place=place, position=position)


class MapPane(Observable):
    """The map's own state on the top-up points screen."""

    def __init__(self) -> None:
        super().__init__()
        self.show: Show = "list"
        #: A tile could not be loaded (no internet, a tile server without CORS headers, ...).
        self.tiles_failed = False

    def switch(self, show: Show) -> None:
        self.show = show

    def tile_failed(self) -> None:
        self.tiles_failed = True


__all__ = ["MapPane", "MapPoint", "PointsMapData", "points_map_data", "search_map_data"]
