"""Places for the top-up point search box: a postcode or a municipality name -> postcodes with a
position (no login needed)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ..errors import ErrorEnvelope
from ...services.geo.postcodes import search_municipality
from ...contract.schemas import HolidayLanguage, Place

# async def with no waiting: an in-memory search, cheaper than a hop to a worker thread.
router = APIRouter(prefix="/api/v1", tags=["top-up points"])

LIMIT = 10


@router.get(
    "/places",
    operation_id="search_places",
    response_model=list[Place],
    responses={422: {"model": ErrorEnvelope, "description": "validation_error"}},
)
async def search_places(
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=100,
            description="A postcode (or its first digits) or a municipality or locality name in nl, fr or de; "
            "case and accents do not matter; a q with nothing to match (only spaces) finds no place",
        ),
    ],
    lang: Annotated[HolidayLanguage, Query(description="Language of the municipality names")] = "nl",
) -> list[Place]:
    """At most 10 places, best first: exact names, then names starting with `q`, then names holding it;
    a number matches postcodes starting with it. Seed 001 asks for "een oplaadpunt ... in uw buurt": the
    app searches top-up points from the chosen place's postcode."""
    # Every q the schema allows is answered: one of only spaces or control characters matches no name,
    # so it finds nothing (search_municipality), rather than a 422 the contract does not announce.
    return [
        Place(
            postal_code=pc.postal_code,
            # English names are the Dutch ones (Brussel/Bruxelles is the exception the source does not give).
            municipality=pc.name(lang if lang != "en" else "nl"),
            locality=pc.locality,
            lat=pc.lat,
            lon=pc.lon,
        )
        for pc in search_municipality(q, limit=LIMIT)
    ]
