"""Synthetic top-up points for benchmarks and property tests (deterministic for a given n and seed).

Points are spread over Belgium by picking a postcode at random (so denser where postcodes are
denser, i.e. in towns) and moving a random distance of up to about 3 km from its coordinate. They
share a small set of opening_hours expressions, as real data does.
"""

from __future__ import annotations

import math
import random

from .index import TopupPointRecord
from .postcodes import load_postcodes

__all__ = ["OPENING_HOURS", "TopupPointRecord", "generate_topup_points"]

OPENING_HOURS: tuple[str, ...] = (
    "Mo-Fr 09:00-12:00; Tu,Th 09:00-12:00,13:30-16:00; PH off",
    "Mo-Fr 08:30-12:00; We 08:30-12:00,13:00-18:00; PH off",
    "Mo-Fr 08:30-12:30,13:00-16:30; PH off",
    "Mo-Fr 09:00-12:00,13:00-16:00; Sa 09:00-12:00; PH off",
    "Mo-Sa 07:00-20:00; Su 08:00-13:00; PH 09:00-12:00",
    "Mo-Sa 06:00-18:30; Su 07:00-12:30; PH 10:00-12:00",
    "Mo-Fr 06:30-18:00; Sa 07:00-17:00; PH off",
    "Mo-Sa 08:00-20:00; PH off",
    "Mo-Sa 08:30-19:30; Su 09:00-12:30; PH 10:00-12:00",
    "Mo-Su 16:00-02:00; PH 16:00-02:00",
    "Mo-Su 08:00-02:00; PH 10:00-12:00",
    "24/7",
    "Mo-Fr 09:00-12:30,13:30-17:00; Sa 09:00-12:00; PH off",
)
# kind, weight, indexes into OPENING_HOURS it draws from
_KINDS = (
    ("ocmw", 10, (0, 1)),
    ("fluvius_office", 3, (2, 3)),
    ("shop_terminal", 80, (4, 5, 6, 7, 8, 9, 10, 11)),
    ("post_office", 7, (12,)),
)
_STREETS = ("Kerkstraat", "Stationsstraat", "Dorpsstraat", "Rue de la Station", "Rue de l'Église", "Grote Markt",
            "Nieuwstraat", "Steenweg", "Place communale", "Molenstraat", "Hauptstraße", "Schoolstraat")


def generate_topup_points(n: int, seed: int = 0) -> list[TopupPointRecord]:
    """n records (dicts with the fields of server/data/topup_points.json), ids "syn-<seed>-<i>"."""
    if n < 0:
        raise ValueError("n must be >= 0")
    rng = random.Random(seed)
    places = [load_postcodes()[code] for code in sorted(load_postcodes())]
    kinds = [k for k, _, _ in _KINDS]
    weights = [w for _, w, _ in _KINDS]
    hours_of = {k: h for k, _, h in _KINDS}
    out: list[TopupPointRecord] = []
    width = max(6, len(str(n)))
    for i in range(n):
        place = places[rng.randrange(len(places))]
        kind = rng.choices(kinds, weights)[0]
        expression = OPENING_HOURS[rng.choice(hours_of[kind])]
        # Uniform over a disc of radius 3 km around the postcode's coordinate.
        metres = 3000.0 * math.sqrt(rng.random())
        bearing = rng.random() * 2 * math.pi
        lat = place.lat + metres * math.cos(bearing) / 111_195.0
        lon = place.lon + metres * math.sin(bearing) / (111_195.0 * math.cos(math.radians(place.lat)))
        name = place.name("nl")
        out.append(
            TopupPointRecord(
                id=f"syn-{seed}-{i:0{width}d}",
                name=f"{kind.replace('_', ' ').title()} {name} {i}",
                kind=kind,
                address=f"{rng.choice(_STREETS)} {rng.randint(1, 250)}",
                postal_code=place.postal_code,
                municipality=name,
                lat=round(lat, 6),
                lon=round(lon, 6),
                phone=None if rng.random() < 0.2 else f"0{rng.randint(2, 9)} 99{rng.randint(0, 9)} {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}",
                opening_hours=expression,
            )
        )
    return out
