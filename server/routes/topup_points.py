"""Top-up points near a postcode or a position, open now or at a chosen time (no login needed)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request

from ..core.clock import BRUSSELS, as_brussels
from ..errors import ApiError, ErrorEnvelope
from ..geo.postcodes import is_postcode_format, lookup_postcode
from ..schemas import TopupPointOut

router = APIRouter(prefix="/api/v1", tags=["top-up points"])


@router.get(
    "/topup-points",
    operation_id="search_topup_points",
    response_model=list[TopupPointOut],
    responses={422: {"model": ErrorEnvelope, "description": "validation_error or unknown_postal_code"}},
)
def search_topup_points(
    request: Request,
    postal_code: Annotated[str | None, Query(max_length=10, description="Belgian postcode, 4 digits")] = None,
    lat: Annotated[float | None, Query(ge=-90, le=90)] = None,
    lon: Annotated[float | None, Query(ge=-180, le=180)] = None,
    at: Annotated[datetime | None, Query(description="Default now; a time without offset is Belgian time")] = None,
    open: Annotated[bool, Query(description="Only points open at that time")] = False,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[TopupPointOut]:
    """Nearest first, by great-circle distance. Opening hours are OSM `opening_hours` evaluated with
    Belgian public holidays (seed 001: "Klik hier om een oplaadpunt te vinden in uw buurt dat open is op
    het moment dat u het wenst.")."""
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
    index = request.app.state.topup_index
    results = index.nearest(lat, lon, limit=limit, at=when, open_only=open)
    return [
        TopupPointOut(
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
        )
        for p, distance, is_open, next_change in results
    ]
