"""Write server/data/topup_points.json: the demo top-up points (deterministic; rerun gives identical bytes).

    .venv/bin/python scripts/make_topup_points.py          # write the file
    .venv/bin/python scripts/make_topup_points.py --check  # fail when the file differs from what it would write

Names, addresses and phone numbers are made up but real-looking; coordinates are the postcode's
coordinate (server/data/be_postcodes.csv) moved 150-650 m in a direction derived from the point's id.
Every opening_hours expression is validated with opening-hours-py and country="BE" (without it
"PH off" is silently ignored). Mind OSM semantics: "Mo-Fr 09:00-12:00; Tu 13:30-16:00" REPLACES
Tuesday by the afternoon only, so the expressions below repeat the morning on those days.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import sys
import unicodedata
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import opening_hours  # noqa: E402

from server.services.geo.postcodes import lookup_postcode  # noqa: E402

OUT = ROOT / "server" / "data" / "topup_points.json"
BRUSSELS = ZoneInfo("Europe/Brussels")

HOURS = {
    # OCMW / sociaal huis: mornings, two afternoons, closed on public holidays.
    "ocmw": "Mo-Fr 09:00-12:00; Tu,Th 09:00-12:00,13:30-16:00; PH off",
    "ocmw_we": "Mo-Fr 08:30-12:00; We 08:30-12:00,13:00-18:00; PH off",
    "ocmw_sa": "Mo-Fr 09:00-12:00; Th 09:00-12:00,14:00-19:00; Sa 09:00-12:00; PH off",
    # Fluvius klantenkantoor.
    "fluvius": "Mo-Fr 08:30-12:30,13:00-16:30; PH off",
    "fluvius_sa": "Mo-Fr 09:00-12:00,13:00-16:00; Sa 09:00-12:00; PH off",
    # Shops with a terminal.
    "newsagent": "Mo-Sa 07:00-20:00; Su 08:00-13:00; PH 09:00-12:00",
    "newsagent_early": "Mo-Sa 06:00-18:30; Su 07:00-12:30; PH 10:00-12:00",
    "newsagent_closed_ph": "Mo-Fr 06:30-18:00; Sa 07:00-17:00; PH off",
    "supermarket": "Mo-Sa 08:00-20:00; PH off",
    "supermarket_su": "Mo-Sa 08:30-19:30; Su 09:00-12:30; PH 10:00-12:00",
    "nightshop": "Mo-Su 16:00-02:00; PH 16:00-02:00",
    "nightshop_long": "Mo-Su 08:00-02:00; PH 10:00-12:00",
    "station": "Mo-Su 05:30-00:30; PH 06:00-00:30",  # station hall: closed only a few hours at night
    "post": "Mo-Fr 09:00-12:30,13:30-17:00; Sa 09:00-12:00; PH off",
    "post_short": "Mo-Fr 10:00-12:00,14:00-17:30; PH off",
}

# Area telephone prefix by the first digits of the postcode (national format).
AREA = {
    "1": "02", "1640": "02", "1700": "02", "1800": "02", "2": "03", "2800": "015", "2300": "014",
    "3000": "016", "3010": "016", "3500": "011", "3600": "089", "8000": "050", "8200": "050",
    "8400": "059", "8500": "056", "8800": "051", "9000": "09", "9030": "09", "9040": "09",
    "9050": "09", "9070": "09", "9820": "09", "9100": "03", "9300": "053",
}

# kind, name, street (with number), postal code, municipality as shown, hours key
POINTS: list[tuple[str, str, str, str, str, str]] = [
    # Gent and surroundings
    ("ocmw", "OCMW Gent, Onderbergen", "Onderbergen 86", "9000", "Gent", "ocmw"),
    ("ocmw", "Sociaal Huis Gent Noord", "Sleepstraat 198", "9000", "Gent", "ocmw_we"),
    ("fluvius_office", "Fluvius klantenkantoor Gent", "Kortrijksesteenweg 1160", "9000", "Gent", "fluvius"),
    ("shop_terminal", "Dagbladhandel De Krant", "Sint-Pietersnieuwstraat 41", "9000", "Gent", "newsagent"),
    ("shop_terminal", "Nachtwinkel De Dampoort", "Dampoortstraat 17", "9000", "Gent", "nightshop"),
    ("shop_terminal", "Buurtsuper Brugsepoort", "Brugsesteenweg 112", "9000", "Gent", "supermarket"),
    ("shop_terminal", "Krantenwinkel Rabot", "Wondelgemstraat 64", "9000", "Gent", "newsagent_closed_ph"),
    ("post_office", "Postkantoor Gent Zuid", "Woodrow Wilsonplein 1", "9000", "Gent", "post"),
    ("shop_terminal", "Dagbladhandel Mariakerke", "Brugsesteenweg 655", "9030", "Gent", "newsagent_early"),
    ("shop_terminal", "Nachtwinkel Sint-Amandsberg", "Antwerpsesteenweg 244", "9040", "Gent", "nightshop_long"),
    ("ocmw", "Sociaal Huis Ledeberg", "Hundelgemsesteenweg 69", "9050", "Gent", "ocmw"),
    ("ocmw", "Sociaal Huis Merelbeke-Melle", "Poelstraat 35", "9820", "Merelbeke-Melle", "ocmw_sa"),
    ("shop_terminal", "Dagbladhandel Destelbergen", "Dendermondesteenweg 380", "9070", "Destelbergen", "newsagent"),
    # Antwerpen
    ("ocmw", "OCMW Antwerpen", "Lange Gasthuisstraat 39", "2000", "Antwerpen", "ocmw"),
    ("fluvius_office", "Fluvius klantenkantoor Antwerpen", "Noorderlaan 147", "2030", "Antwerpen", "fluvius_sa"),
    ("shop_terminal", "Nachtwinkel Centraal", "De Keyserlei 58", "2018", "Antwerpen", "nightshop_long"),
    ("shop_terminal", "Dagbladhandel Meir", "Meir 92", "2000", "Antwerpen", "newsagent"),
    ("shop_terminal", "Buurtsuper Sint-Andries", "Kloosterstraat 125", "2000", "Antwerpen", "supermarket_su"),
    ("shop_terminal", "Krantenwinkel Zurenborg", "Dageraadplaats 12", "2018", "Antwerpen", "newsagent_early"),
    ("post_office", "Postpunt Antwerpen Centrum", "Groenplaats 43", "2000", "Antwerpen", "post"),
    ("shop_terminal", "Terminal Antwerpen-Centraal", "Koningin Astridplein 27", "2018", "Antwerpen", "station"),
    ("ocmw", "Sociaal Huis Antwerpen Noord", "Handelstraat 55", "2060", "Antwerpen", "ocmw_we"),
    ("shop_terminal", "Nachtwinkel Seefhoek", "Handelstraat 140", "2060", "Antwerpen", "nightshop"),
    ("shop_terminal", "Dagbladhandel Stuivenberg", "Kerkstraat 203", "2060", "Antwerpen", "newsagent"),
    ("ocmw", "Sociaal Huis Deurne", "Maurice Dequeeckerplein 1", "2100", "Antwerpen", "ocmw"),
    ("shop_terminal", "Buurtsuper Deurne-Zuid", "Herentalsebaan 310", "2100", "Antwerpen", "supermarket"),
    ("shop_terminal", "Krantenwinkel Borgerhout", "Turnhoutsebaan 131", "2140", "Antwerpen", "newsagent_early"),
    ("shop_terminal", "Dagbladhandel Merksem", "Bredabaan 402", "2170", "Antwerpen", "newsagent"),
    ("ocmw", "Sociaal Huis Hoboken", "Kioskplaats 20", "2660", "Antwerpen", "ocmw_sa"),
    ("shop_terminal", "Buurtsuper Wilrijk", "Boomsesteenweg 530", "2610", "Antwerpen", "supermarket_su"),
    # Leuven
    ("ocmw", "OCMW Leuven", "Alfons Smetsplein 7", "3000", "Leuven", "ocmw"),
    ("fluvius_office", "Fluvius klantenkantoor Leuven", "Aarschotsesteenweg 58", "3000", "Leuven", "fluvius"),
    ("shop_terminal", "Dagbladhandel Tiensestraat", "Tiensestraat 88", "3000", "Leuven", "newsagent"),
    ("shop_terminal", "Nachtwinkel Brusselsestraat", "Brusselsestraat 150", "3000", "Leuven", "nightshop"),
    ("shop_terminal", "Krantenwinkel Kessel-Lo", "Diestsesteenweg 212", "3010", "Leuven", "newsagent_closed_ph"),
    # Brussels
    ("ocmw", "CPAS de Bruxelles / OCMW Brussel", "Rue Haute 298a", "1000", "Bruxelles", "ocmw"),
    ("shop_terminal", "Librairie Anspach", "Boulevard Anspach 84", "1000", "Bruxelles", "newsagent"),
    ("shop_terminal", "Night shop Lemonnier", "Boulevard Maurice Lemonnier 133", "1000", "Bruxelles", "nightshop_long"),
    ("shop_terminal", "Terminal Bruxelles-Midi / Brussel-Zuid", "Avenue Fonsny 47", "1060", "Saint-Gilles", "station"),
    ("ocmw", "CPAS de Schaerbeek / OCMW Schaarbeek", "Boulevard Lambermont 79", "1030", "Schaerbeek", "ocmw_we"),
    ("shop_terminal", "Librairie Haecht", "Chaussée de Haecht 356", "1030", "Schaerbeek", "newsagent_early"),
    ("shop_terminal", "Alimentation Brabant", "Rue de Brabant 171", "1030", "Schaerbeek", "supermarket_su"),
    ("ocmw", "CPAS d'Anderlecht / OCMW Anderlecht", "Avenue de Scheut 1", "1070", "Anderlecht", "ocmw"),
    ("shop_terminal", "Librairie Clemenceau", "Chaussée de Mons 412", "1070", "Anderlecht", "newsagent"),
    ("shop_terminal", "Night shop Clemenceau", "Rue Clemenceau 60", "1070", "Anderlecht", "nightshop"),
    ("ocmw", "CPAS de Molenbeek / OCMW Molenbeek", "Rue Alphonse Vandenpeereboom 14", "1080", "Molenbeek-Saint-Jean", "ocmw_sa"),
    ("shop_terminal", "Librairie Chaussée de Gand", "Chaussée de Gand 210", "1080", "Molenbeek-Saint-Jean", "newsagent"),
    ("post_office", "Bureau de poste Saint-Josse", "Chaussée de Louvain 72", "1210", "Saint-Josse-ten-Noode", "post_short"),
    # Vlaams-Brabant around Brussels
    ("shop_terminal", "Librairie du Centre", "Chaussée de Waterloo 55", "1640", "Rhode-Saint-Genèse", "newsagent"),
    ("ocmw", "OCMW Sint-Genesius-Rode", "Sint-Genesiusplein 1", "1640", "Sint-Genesius-Rode", "ocmw"),
    ("ocmw", "Sociaal Huis Dilbeek", "Ninoofsesteenweg 310", "1700", "Dilbeek", "ocmw_we"),
    ("shop_terminal", "Dagbladhandel Groot-Bijgaarden", "Brusselstraat 48", "1700", "Dilbeek", "newsagent_early"),
    ("fluvius_office", "Fluvius klantenkantoor Vilvoorde", "Mechelsesteenweg 22", "1800", "Vilvoorde", "fluvius"),
    # Brugge and the coast
    ("ocmw", "OCMW Brugge", "Kartuizerinnenstraat 4", "8000", "Brugge", "ocmw"),
    ("shop_terminal", "Dagbladhandel 't Zand", "Smedenstraat 23", "8000", "Brugge", "newsagent"),
    ("fluvius_office", "Fluvius klantenkantoor Brugge", "Kolvestraat 10", "8200", "Brugge", "fluvius_sa"),
    ("shop_terminal", "Nachtwinkel Sint-Andries", "Gistelse Steenweg 301", "8200", "Brugge", "nightshop"),
    ("ocmw", "OCMW Oostende", "Edith Cavellstraat 15", "8400", "Oostende", "ocmw"),
    ("shop_terminal", "Krantenwinkel Wapenplein", "Kapellestraat 60", "8400", "Oostende", "newsagent_early"),
    # Kortrijk, Roeselare
    ("ocmw", "OCMW Kortrijk", "Budastraat 27", "8500", "Kortrijk", "ocmw_sa"),
    ("shop_terminal", "Dagbladhandel Kortrijk Station", "Stationsplein 9", "8500", "Kortrijk", "newsagent"),
    ("shop_terminal", "Buurtsuper Roeselare", "Noordstraat 101", "8800", "Roeselare", "supermarket"),
    # Aalst, Sint-Niklaas
    ("ocmw", "Sociaal Huis Aalst", "Gasthuisstraat 40", "9300", "Aalst", "ocmw"),
    ("shop_terminal", "Nachtwinkel Aalst Station", "Stationsplein 16", "9300", "Aalst", "nightshop_long"),
    ("ocmw", "Sociaal Huis Sint-Niklaas", "Lodewijk de Meesterstraat 5", "9100", "Sint-Niklaas", "ocmw_we"),
    ("shop_terminal", "Dagbladhandel Grote Markt", "Stationsstraat 30", "9100", "Sint-Niklaas", "newsagent"),
    # Mechelen, Turnhout
    ("ocmw", "OCMW Mechelen", "Lange Schipstraat 27", "2800", "Mechelen", "ocmw"),
    ("fluvius_office", "Fluvius klantenkantoor Mechelen", "Leuvensesteenweg 130", "2800", "Mechelen", "fluvius"),
    ("shop_terminal", "Krantenwinkel Bruul", "Bruul 77", "2800", "Mechelen", "supermarket_su"),
    ("shop_terminal", "Dagbladhandel Turnhout", "Gasthuisstraat 21", "2300", "Turnhout", "newsagent_closed_ph"),
    # Limburg
    ("ocmw", "OCMW Hasselt", "Thonissenlaan 35", "3500", "Hasselt", "ocmw"),
    ("fluvius_office", "Fluvius klantenkantoor Hasselt", "Kempische Steenweg 301", "3500", "Hasselt", "fluvius_sa"),
    ("shop_terminal", "Dagbladhandel Hasselt Station", "Stationsplein 4", "3500", "Hasselt", "newsagent_early"),
    ("ocmw", "Sociaal Huis Genk", "Stadsplein 1", "3600", "Genk", "ocmw_sa"),
    ("shop_terminal", "Buurtsuper Winterslag", "Vennestraat 120", "3600", "Genk", "supermarket"),
    ("shop_terminal", "Nachtwinkel Genk Centrum", "Hasseltweg 45", "3600", "Genk", "nightshop"),
]

PREFIX = {"ocmw": "ocmw", "fluvius_office": "fluvius", "shop_terminal": "shop", "post_office": "post"}


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()


def jitter(lat: float, lon: float, key: str) -> tuple[float, float]:
    """Move 150-650 m from (lat, lon) in a direction fixed by key."""
    d = _digest(key)
    bearing = int.from_bytes(d[:4], "big") / 2**32 * 2 * math.pi
    metres = 150 + int.from_bytes(d[4:8], "big") / 2**32 * 500
    dlat = metres * math.cos(bearing) / 111_195.0
    dlon = metres * math.sin(bearing) / (111_195.0 * math.cos(math.radians(lat)))
    return round(lat + dlat, 6), round(lon + dlon, 6)


def phone(postal_code: str, key: str) -> str:
    """A Belgian national-format number in the unassigned-looking 0xx 99x block."""
    area = AREA.get(postal_code) or AREA.get(postal_code[0], "02")
    d = _digest("phone:" + key)
    n = int.from_bytes(d[:4], "big")
    if len(area) == 2:  # 02/03/09: 7 subscriber digits, "02 999 12 34"
        return f"{area} 99{n % 10} {n // 10 % 100:02d} {n // 1000 % 100:02d}"
    return f"{area} 99 {n % 100:02d} {n // 100 % 100:02d}"  # "016 99 12 34"


def build() -> list[dict]:
    points = []
    seen: set[str] = set()
    for kind, name, street, postal_code, municipality, hours_key in POINTS:
        place = lookup_postcode(postal_code)
        if place is None:
            raise SystemExit(f"unknown postcode {postal_code} for {name}")
        point_id = f"{PREFIX[kind]}-{slug(municipality)}-{slug(street)}"
        if point_id in seen:
            raise SystemExit(f"duplicate id {point_id}")
        seen.add(point_id)
        expression = HOURS[hours_key]
        lat, lon = jitter(place.lat, place.lon, point_id)
        points.append(
            {
                "id": point_id,
                "name": name,
                "kind": kind,
                "address": street,
                "postal_code": postal_code,
                "municipality": municipality,
                "lat": lat,
                "lon": lon,
                "phone": phone(postal_code, point_id),
                "opening_hours": expression,
            }
        )
    points.sort(key=lambda p: p["id"])
    return points


def validate(points: list[dict]) -> None:
    for expression in sorted({p["opening_hours"] for p in points}):
        try:
            opening_hours.OpeningHours(expression, country="BE", timezone=BRUSSELS)
        except opening_hours.ParserError as exc:
            raise SystemExit(f"invalid opening_hours {expression!r}: {exc}") from None
    for p in points:
        if not (49.49 <= p["lat"] <= 51.51 and 2.54 <= p["lon"] <= 6.41):
            raise SystemExit(f"{p['id']} outside Belgium: {p['lat']}, {p['lon']}")


def render(points: list[dict]) -> str:
    return json.dumps(points, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str]) -> int:
    points = build()
    validate(points)
    text = render(points)
    if "--check" in argv:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is out of date: rerun scripts/make_topup_points.py", file=sys.stderr)
            return 1
        print(f"{OUT} is up to date ({len(points)} points)")
        return 0
    OUT.write_text(text, encoding="utf-8")
    kinds: dict[str, int] = {}
    for p in points:
        kinds[p["kind"]] = kinds.get(p["kind"], 0) + 1
    print(f"wrote {len(points)} points to {OUT}: {kinds}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
