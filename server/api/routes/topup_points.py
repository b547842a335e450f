"""Top-up points near a postcode or a position, open now or at a chosen time (no login needed),
and one point's detail: the week's opening hours, its holiday rule, directions."""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request

from ...contract.times import ContractDateTime
from ...core.clock import BRUSSELS, as_brussels
from ..errors import ApiError, ErrorEnvelope, not_found
from ...services.geo.index import TopupPoint
from ...services.geo.postcodes import is_postcode_format, lookup_postcode
from ...rules.opening_hours import public_holiday, week_schedule
from ...contract.schemas import HolidayLanguage, OpeningDay, OpeningInterval, TopupPointDetail, TopupPointSearchItem

# The routes here are `async def` although they never wait: their work is in memory (the index, the
# kept open states) and takes well under a millisecond, less than the two hops to a worker thread that
# FastAPI makes for a plain `def` route (the call and the answer's check).
router = APIRouter(prefix="/api/v1", tags=["top-up points"])



AtQuery = Annotated[
    ContractDateTime | None,
    Query(description="ISO 8601 date-time with offset, e.g. 2026-11-24T10:00:00+01:00; default now"),
]
LangQuery = Annotated[HolidayLanguage, Query(description="Language of public holiday names")]


@router.get(
    "/topup-points",
    operation_id="search_topup_points",
    response_model=list[TopupPointSearchItem],
    responses={422: {"model": ErrorEnvelope, "description": "validation_error or unknown_postal_code"}},
)
async def search_topup_points(
    request: Request,
    postal_code: Annotated[str | None, Query(max_length=10, description="Belgian postcode, 4 digits")] = None,
    lat: Annotated[float | None, Query(ge=-90, le=90)] = None,
    lon: Annotated[float | None, Query(ge=-180, le=180)] = None,
    at: AtQuery = None,
    open: Annotated[bool, Query(description="Only points open at that time")] = False,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    lang: LangQuery = "nl",
) -> list[TopupPointSearchItem]:
    """Nearest first, by great-circle distance. Opening hours are OSM `opening_hours` evaluated with
    Belgian public holidays (seed 001: "Klik hier om een oplaadpunt te vinden in uw buurt dat open is op
    het moment dat u het wenst."). `public_holiday` names the holiday on the date of `at`, so the list
    can say why points are closed that day."""
    if (lat is None) != (lon is None):
        raise ApiError(422, "validation_error", "lat and lon go together")
    if lat is None and lon is None:
        if postal_code is None:
            raise ApiError(422, "validation_error", "Give a postal_code, or lat and lon")
        code = postal_code.strip()
        if not is_postcode_format(code):
            raise ApiError(422, "validation_error", "postal_code: must be 4 digits")
        place = lookup_postcode(code)
        if place is None:
            raise ApiError(422, "unknown_postal_code", f"There is no Belgian postcode {code}")
        lat, lon = place.lat, place.lon
    when = as_brussels(at) if at is not None else datetime.now(BRUSSELS)
    holiday = public_holiday(when.date(), lang)
    index = request.app.state.topup_index
    results = index.nearest(lat, lon, limit=limit, at=when, open_only=open)
    return [
        TopupPointSearchItem(
            id=p.id,
            name=p.name,
            kind=p.kind,
            address=p.address,
            postal_code=p.postal_code,
            municipality=p.municipality,
            lat=p.lat,
            lon=p.lon,
            phone=p.phone,
            distance_km=round(distance, 3),
            opening_hours=p.opening_hours,
            open_at_requested_time=is_open,
            next_change=next_change.astimezone(BRUSSELS) if next_change else None,
            public_holiday=holiday,
        )
        for p, distance, is_open, next_change in results
    ]


@router.get(
    "/topup-points/{point_id}",
    operation_id="get_topup_point",
    response_model=TopupPointDetail,
    responses={
        404: {"model": ErrorEnvelope, "description": "not_found: no top-up point with this id"},
        422: {"model": ErrorEnvelope, "description": "validation_error"},
    },
)
async def get_topup_point(
    request: Request,
    point_id: Annotated[str, Path(min_length=1, max_length=200, examples=["fluvius-gent-kortrijksesteenweg-1160"])],
    at: AtQuery = None,
    lang: LangQuery = "nl",
) -> TopupPointDetail:
    """One point: its open state at `at`, the opening hours of the seven days from `at`'s day (that day
    first, public holidays named), what it does on public holidays, and links for directions."""
    index = request.app.state.topup_index
    point: TopupPoint | None = index.get(point_id)
    if point is None:
        raise not_found("There is no top-up point with this id")
    when = as_brussels(at) if at is not None else datetime.now(BRUSSELS)
    is_open, next_change = index.open_state(point.opening_hours, when)
    rule, holiday_hours = holiday_rule(point.opening_hours)
    week = [
        OpeningDay(
            date=day,
            public_holiday=public_holiday(day, lang),
            intervals=[OpeningInterval(open=_hhmm(start), close=_hhmm(end, end_of_day=True)) for start, end in intervals],
        )
        for day, intervals in week_schedule(point.opening_hours, when.date())
    ]
    return TopupPointDetail(
        id=point.id,
        name=point.name,
        kind=point.kind,
        address=point.address,
        postal_code=point.postal_code,
        municipality=point.municipality,
        lat=point.lat,
        lon=point.lon,
        phone=point.phone,
        opening_hours=point.opening_hours,
        at=when,
        open_at_requested_time=is_open,
        next_change=next_change.astimezone(BRUSSELS) if next_change else None,
        public_holiday=public_holiday(when.date(), lang),
        holiday_rule=rule,
        holiday_hours=[OpeningInterval(open=a, close=b) for a, b in holiday_hours],
        week=week,
        directions_url=directions_url(point.lat, point.lon),
        geo_uri=geo_uri(point.lat, point.lon, point.name),
    )


def _hhmm(t: time, *, end_of_day: bool = False) -> str:
    # week_schedule ends a day that is open until midnight with time(0, 0): OSM's "24:00".
    if end_of_day and t == time(0, 0):
        return "24:00"
    return f"{t.hour:02d}:{t.minute:02d}"


_SPAN = re.compile(r"^([0-2]\d:[0-5]\d)-([0-2]\d:[0-5]\d)$")


def _spans(selector_times: str) -> list[tuple[str, str]] | None:
    """'09:00-12:00,13:00-16:00' -> [("09:00", "12:00"), ("13:00", "16:00")]; None if not that simple."""
    spans = []
    for part in selector_times.split(","):
        m = _SPAN.match(part.strip())
        if m is None:
            return None
        spans.append((m.group(1), m.group(2)))
    return spans


def holiday_rule(expression: str) -> tuple[str, list[tuple[str, str]]]:
    """What the point does on a public holiday, from the PH rule of its opening_hours expression:

    - "closed": `PH off` / `PH closed`;
    - "special_hours" with those hours: `PH 09:00-12:00`;
    - "as_usual": no PH rule (OSM: holidays are then ordinary days), or a PH rule with the same hours as
      a single rule that covers every day (`Mo-Su 16:00-02:00; PH 16:00-02:00`).

    A PH rule whose times are not plain HH:MM-HH:MM spans counts as "special_hours" without hours.
    """
    rules = [r.strip() for r in expression.split(";") if r.strip()]
    ph_rule = None
    others: list[str] = []
    for rule in rules:
        selector, _, rest = rule.partition(" ")
        if "PH" in selector.split(","):
            ph_rule = rest.strip()
        else:
            others.append(rule)
    if ph_rule is None:
        return "as_usual", []
    if ph_rule in ("off", "closed"):
        return "closed", []
    spans = _spans(ph_rule)
    if spans is None:
        return "special_hours", []
    if len(others) == 1:
        selector, _, rest = others[0].partition(" ")
        if selector == "Mo-Su" and _spans(rest.strip()) == spans:
            return "as_usual", []
    return "special_hours", spans


def directions_url(lat: float, lon: float) -> str:
    """OpenStreetMap directions to the point.

    Chosen over a geo: URI as the one link that works everywhere the app runs: phones, desktops and
    browsers all open https; on Android, map apps that claim openstreetmap.org links (OsmAnd, Organic
    Maps) open it directly. A geo: URI opens the map app chooser on Android only (iOS and browsers
    ignore it), so it is given beside this one as `geo_uri`. No Google link: no tracking, no API terms.
    """
    return f"https://www.openstreetmap.org/directions?to={lat:.6f}%2C{lon:.6f}"


def geo_uri(lat: float, lon: float, name: str) -> str:
    # RFC 5870 position, plus Android's "q=lat,lon(label)" so the map app drops a named pin.
    return f"geo:{lat:.6f},{lon:.6f}?q={lat:.6f},{lon:.6f}({quote(name, safe='')})"
