"""In-memory search index of top-up points: nearest first, optionally only those open at a time.

Pure Python (no numpy/scipy: measured fast enough for 100,000 points, bench/topup_search.py): a grid of
cells keyed by cell, searched in rings around the query's cell; the cells are sized to the points'
density (about 2.2 km a side for 100,000 points over Belgium, larger for fewer points). The search is exact: it stops only when the
k-th best distance found is strictly below the smallest great-circle distance any point outside
the rings searched so far could have (that bound is measured to the edges of the searched square,
so points in its corners are never missed). Distances are great-circle (haversine,
R = 6371.0088 km, the IUGG mean radius); ties are broken by id so answers are deterministic.

Opening hours are OSM opening_hours with Belgian public holidays, through server.rules.opening_hours:
every distinct expression is parsed once when the index is built (a bad one raises ValueError
naming the point), and per query the state is evaluated only for candidates, once per distinct
expression.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypedDict

from ...rules.opening_hours import open_state, parse_opening_hours

EARTH_RADIUS_KM = 6371.0088

Result = tuple["TopupPoint", float, bool, "datetime | None"]


class TopupPointRecord(TypedDict):
    """A top-up point as stored and as in server/data/topup_points.json."""

    id: str
    name: str
    kind: str
    address: str
    postal_code: str
    municipality: str
    lat: float
    lon: float
    phone: str | None
    opening_hours: str


@dataclass(frozen=True, slots=True)
class TopupPoint:
    id: str
    name: str
    kind: str  # "ocmw", "fluvius_office", "shop_terminal", "post_office"
    address: str
    postal_code: str
    municipality: str
    lat: float
    lon: float
    phone: str | None
    opening_hours: str

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> TopupPoint:
        try:
            return cls(
                id=str(record["id"]),
                name=str(record["name"]),
                kind=str(record["kind"]),
                address=str(record["address"]),
                postal_code=str(record["postal_code"]),
                municipality=str(record["municipality"]),
                lat=float(record["lat"]),
                lon=float(record["lon"]),
                phone=None if record.get("phone") in (None, "") else str(record["phone"]),
                opening_hours=str(record["opening_hours"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"top-up point {record.get('id')!r}: bad record ({exc!r})") from None


def _hav(phi1: float, lam1: float, cos1: float, phi2: float, lam2: float, cos2: float) -> float:
    """The haversine term a = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2); distance = 2R asin(√a).

    The index inlines this very expression, so that it and brute_force_nearest see bit-identical
    values and order ties the same way.
    """
    s1 = math.sin((phi2 - phi1) * 0.5)
    s2 = math.sin((lam2 - lam1) * 0.5)
    return s1 * s1 + cos1 * cos2 * s2 * s2


def _a_to_km(a: float) -> float:
    return 2.0 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, max(0.0, a))))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two WGS 84 positions in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    return _a_to_km(_hav(phi1, math.radians(lon1), math.cos(phi1), phi2, math.radians(lon2), math.cos(phi2)))


def _check_query(lat: float, lon: float, limit: int, at: datetime) -> None:
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0) or math.isnan(lat) or math.isnan(lon):
        raise ValueError(f"position out of range: {lat}, {lon}")
    if not isinstance(limit, int) or limit < 0:
        raise ValueError("limit must be an int >= 0")
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("at must be an aware datetime")


def _validate_expressions(points: Iterable[TopupPoint]) -> None:
    """Parse each distinct expression once; a bad one raises ValueError naming a point."""
    seen: set[str] = set()
    for p in points:
        if p.opening_hours in seen:
            continue
        try:
            parse_opening_hours(p.opening_hours)
        except Exception as exc:  # InvalidOpeningHours (a ValueError), or anything the library raises
            raise ValueError(f"top-up point {p.id!r}: invalid opening_hours {p.opening_hours!r}: {exc}") from None
        seen.add(p.opening_hours)


class _OpenStates:
    """Opening state at one time, evaluated once per distinct expression (one per query)."""

    __slots__ = ("at", "cache")

    def __init__(self, at: datetime) -> None:
        self.at = at
        self.cache: dict[str, tuple[bool, datetime | None]] = {}

    def __call__(self, expression: str) -> tuple[bool, datetime | None]:
        state = self.cache.get(expression)
        if state is None:
            state = self.cache[expression] = open_state(expression, self.at)
        return state


class KeptOpenStates:
    """Each expression's open state kept from the moment it was evaluated until its next change: the
    state cannot change before then, so searches at "now" evaluate an expression about once per change
    (an opening or a closing), not once per request. A search at another moment (a chosen time) is
    evaluated and kept in its place. Without a next change in sight the state is kept a day.

    Shared by the requests' threads: a lost race only evaluates an expression twice (each entry is one
    tuple, replaced whole)."""

    __slots__ = ("_known",)

    def __init__(self) -> None:
        self._known: dict[str, tuple[datetime, datetime, bool, datetime | None]] = {}

    def at(self, when: datetime):
        known = self._known

        def state(expression: str) -> tuple[bool, datetime | None]:
            kept = known.get(expression)
            if kept is not None and kept[0] <= when < kept[1]:
                return kept[2], kept[3]
            is_open, change = open_state(expression, when)
            known[expression] = (when, change if change is not None else when + _NO_CHANGE_KEPT, is_open, change)
            return is_open, change

        return state


_NO_CHANGE_KEPT = timedelta(days=1)

# Points a cell holds on average at the size measured best: 0.02° cells (of 0.02/0.03/0.05, with
# scripts/measure_topup_index.py) for 100,000 synthetic points over Belgium's 1.97° x 3.79° hold about 8.
POINTS_PER_CELL = 8.0
MIN_CELL_DEG = 0.002  # about 220 m: points piled on one spot do not make cells of nothing
MAX_CELL_DEG = 1.0


def cell_size_for(points: Sequence[TopupPoint], mean_lat: float) -> float:
    """The cell side in degrees of latitude that keeps the measured best density for these points.
    Fixed 0.02° cells made a search among the demo's 76 points walk about 1,100 empty cells for
    the 20 nearest (most of its time); at the same density they walk a handful."""
    if len(points) < 2:
        return MAX_CELL_DEG
    lat_span = max(p.lat for p in points) - min(p.lat for p in points)
    lon_span = (max(p.lon for p in points) - min(p.lon for p in points)) * max(math.cos(math.radians(mean_lat)), 0.05)
    # The area in square degrees of latitude the points cover, shared out POINTS_PER_CELL a cell.
    side = math.sqrt(lat_span * lon_span * POINTS_PER_CELL / len(points))
    return min(max(side, MIN_CELL_DEG), MAX_CELL_DEG)


class TopupPointIndex:
    """Built once from a list of points; its points are read-only afterwards, so safe to share between
    threads. The one thing it changes later is its kept open states (KeptOpenStates: whole entries replaced)."""

    def __init__(self, points: Iterable[TopupPoint], *, cell_deg: float | None = None) -> None:
        pts = sorted(points, key=lambda p: p.id)
        by_id: dict[str, TopupPoint] = {}
        for p in pts:
            if p.id in by_id:
                raise ValueError(f"duplicate top-up point id {p.id!r}")
            if not (-90.0 <= p.lat <= 90.0 and -180.0 <= p.lon <= 180.0):
                raise ValueError(f"top-up point {p.id!r}: position out of range ({p.lat}, {p.lon})")
            by_id[p.id] = p
        _validate_expressions(pts)
        self._points: tuple[TopupPoint, ...] = tuple(pts)
        self._by_id = by_id
        self._open_states = KeptOpenStates()

        # Cells of cell_deg latitude by a longitude step that makes them about square around the
        # points' mean latitude (Belgium, 100,000 points: 0.02° x 0.0315°, about 2.2 km a side).
        mean_lat = sum(p.lat for p in pts) / len(pts) if pts else 50.5
        if cell_deg is None:
            cell_deg = cell_size_for(pts, mean_lat)
        self.cell_deg = cell_deg
        self._dlat = cell_deg
        self._dlon = min(cell_deg / max(math.cos(math.radians(mean_lat)), 0.05), 360.0)
        # Distinct expressions get a number, so a query keeps their open state in a list.
        self._expressions: tuple[str, ...] = tuple(sorted({p.opening_hours for p in pts}))
        number = {e: n for n, e in enumerate(self._expressions)}
        cells: dict[tuple[int, int], list[tuple[float, float, float, str, int, TopupPoint]]] = {}
        for p in pts:
            phi = math.radians(p.lat)
            key = (math.floor(p.lat / self._dlat), math.floor(p.lon / self._dlon))
            cells.setdefault(key, []).append((phi, math.radians(p.lon), math.cos(phi), p.id, number[p.opening_hours], p))
        # Tuples per cell: cheaper to iterate than lists of objects with attribute access.
        self._cells = {k: tuple(v) for k, v in cells.items()}
        if cells:
            self._imin = min(k[0] for k in cells)
            self._imax = max(k[0] for k in cells)
            self._jmin = min(k[1] for k in cells)
            self._jmax = max(k[1] for k in cells)

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]], **kwargs: Any) -> TopupPointIndex:
        return cls((TopupPoint.from_record(r) for r in records), **kwargs)

    def __len__(self) -> int:
        return len(self._points)

    def __iter__(self):
        return iter(self._points)

    def get(self, point_id: str) -> TopupPoint | None:
        return self._by_id.get(point_id)

    def open_state(self, expression: str, at: datetime) -> tuple[bool, datetime | None]:
        """Whether `expression` is open at `at` and its next change, kept between requests."""
        return self._open_states.at(at)(expression)

    def nearest(
        self, lat: float, lon: float, *, limit: int, at: datetime, open_only: bool
    ) -> list[Result]:
        """The `limit` nearest points (only those open at `at` when open_only), nearest first:
        (point, distance_km, open_at, next_change). `at` must be timezone-aware."""
        _check_query(lat, lon, limit, at)
        if limit == 0 or not self._points:
            return []
        states = self._open_states.at(at)
        sin = math.sin
        phi0 = math.radians(lat)
        lam0 = math.radians(lon)
        cos0 = math.cos(phi0)
        dlat, dlon = self._dlat, self._dlon
        qi = math.floor(lat / dlat)
        qj = math.floor(lon / dlon)
        imin, imax, jmin, jmax = self._imin, self._imax, self._jmin, self._jmax
        cells = self._cells
        expressions = self._expressions
        is_open_by_number: list[bool | None] = [None] * len(expressions)

        # The best so far, kept as a max-heap on (a, id) by storing (-a, _Rev(id), point):
        # heap[0] is the worst one kept, the first to go when a better one turns up.
        best: list[tuple[float, _Rev, TopupPoint]] = []
        worst_a = math.inf
        worst_id = ""
        full = False

        # Rings wholly outside the grid hold nothing: start at the first that reaches it.
        r = max(0, imin - qi, qi - imax, jmin - qj, qj - jmax)
        r_last = max(qi - imin, imax - qi, qj - jmin, jmax - qj)
        while r <= r_last:
            i_lo, i_hi, j_lo, j_hi = qi - r, qi + r, qj - r, qj + r
            for key in _ring(i_lo, i_hi, j_lo, j_hi, imin, imax, jmin, jmax):
                bucket = cells.get(key)
                if bucket is None:
                    continue
                for phi, lam, cosp, pid, number, point in bucket:
                    if open_only:  # cheaper than the distance: test it first
                        flag = is_open_by_number[number]
                        if flag is None:
                            flag = is_open_by_number[number] = states(expressions[number])[0]
                        if not flag:
                            continue
                    s1 = sin((phi - phi0) * 0.5)
                    s2 = sin((lam - lam0) * 0.5)
                    a = s1 * s1 + cos0 * cosp * s2 * s2
                    if full and (a > worst_a or (a == worst_a and pid >= worst_id)):
                        continue
                    if full:
                        heapq.heapreplace(best, (-a, _Rev(pid), point))
                    else:
                        heapq.heappush(best, (-a, _Rev(pid), point))
                        full = len(best) == limit
                    if full:
                        worst_a = -best[0][0]
                        worst_id = best[0][1].s
            if full:
                # Smallest distance (as a haversine term) of any point outside the searched square.
                lat_gap = min(phi0 - math.radians(i_lo * dlat), math.radians((i_hi + 1) * dlat) - phi0)
                lon_gap = min(lam0 - math.radians(j_lo * dlon), math.radians((j_hi + 1) * dlon) - lam0)
                # Nearest point on a meridian lon_gap away: asin(cos φ0 · sin Δλ) (Δλ ≤ 90°).
                lon_angle = math.asin(min(1.0, cos0 * sin(min(lon_gap, math.pi / 2))))
                # Less a hair (1e-9 rad, 6 mm) for rounding at cell edges.
                bound = max(0.0, min(lat_gap, lon_angle) - 1e-9)
                s = sin(bound * 0.5)
                if worst_a < s * s:
                    break
            r += 1

        ranked = sorted(((-neg_a, rev.s, p) for neg_a, rev, p in best), key=lambda t: (t[0], t[1]))
        out: list[Result] = []
        for a, _pid, p in ranked:
            is_open, next_change = states(p.opening_hours)
            out.append((p, _a_to_km(a), is_open, next_change))
        return out


class _Rev:
    """Reverses string order inside the max-heap, so the worst kept is the largest (a, id)."""

    __slots__ = ("s",)

    def __init__(self, s: str) -> None:
        self.s = s

    def __lt__(self, other: _Rev) -> bool:
        return self.s > other.s

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Rev) and self.s == other.s


def _ring(i_lo: int, i_hi: int, j_lo: int, j_hi: int, imin: int, imax: int, jmin: int, jmax: int):
    """Keys of the cells on the border of the square [i_lo, i_hi] x [j_lo, j_hi], clipped to the grid."""
    if i_lo == i_hi and j_lo == j_hi:
        yield (i_lo, j_lo)
        return
    ja, jb = max(j_lo, jmin), min(j_hi, jmax)
    if imin <= i_lo <= imax:
        for j in range(ja, jb + 1):
            yield (i_lo, j)
    if imin <= i_hi <= imax:
        for j in range(ja, jb + 1):
            yield (i_hi, j)
    ia, ib = max(i_lo + 1, imin), min(i_hi - 1, imax)
    if jmin <= j_lo <= jmax:
        for i in range(ia, ib + 1):
            yield (i, j_lo)
    if jmin <= j_hi <= jmax:
        for i in range(ia, ib + 1):
            yield (i, j_hi)


def brute_force_nearest(
    points: Sequence[TopupPoint], lat: float, lon: float, *, limit: int, at: datetime, open_only: bool
) -> list[Result]:
    """The reference answer: every point's distance, sorted by (distance, id)."""
    _check_query(lat, lon, limit, at)
    states = _OpenStates(at)
    phi0 = math.radians(lat)
    lam0 = math.radians(lon)
    cos0 = math.cos(phi0)
    radians, cos, sin = math.radians, math.cos, math.sin
    if open_only:
        open_expressions = {e for e in {p.opening_hours for p in points} if states(e)[0]}
        candidates: Iterable[TopupPoint] = [p for p in points if p.opening_hours in open_expressions]
    else:
        candidates = points
    scored = []
    for p in candidates:
        phi = radians(p.lat)
        # The expression of _hav(phi0, lam0, cos0, phi, lam, cos(phi)), inlined.
        s1 = sin((phi - phi0) * 0.5)
        s2 = sin((radians(p.lon) - lam0) * 0.5)
        scored.append((s1 * s1 + cos0 * cos(phi) * s2 * s2, p.id, p))
    out: list[Result] = []
    for a, _pid, p in heapq.nsmallest(limit, scored):  # (a, id) are unique: points never compared
        is_open, next_change = states(p.opening_hours)
        out.append((p, _a_to_km(a), is_open, next_change))
    return out
