"""Belgian postcodes (server/data/be_postcodes.csv, derived by scripts/derive_be_postcodes.py)."""

from __future__ import annotations

import pytest

from server.services.geo.postcodes import (
    Postcode,
    is_postcode_format,
    load_postcodes,
    lookup_postcode,
    search_municipality,
)


def test_all_postcodes_with_coordinates_are_there():
    # server/data/README.md: 1,145 Belgian postcodes with coordinates.
    codes = load_postcodes()
    assert len(codes) == 1145
    assert load_postcodes() is codes  # cached
    for code, pc in codes.items():
        assert code == pc.postal_code and is_postcode_format(code)
        assert 49.4 < pc.lat < 51.6 and 2.5 < pc.lon < 6.5, code
        assert pc.names.get("nl") and pc.names.get("fr"), code


@pytest.mark.parametrize(
    ("code", "nl", "fr", "lat", "lon"),
    [
        ("9000", "Gent", "Gand", 51.04, 3.72),
        ("2000", "Antwerpen", "Anvers", 51.22, 4.40),
        ("1640", "Sint-Genesius-Rode", "Rhode-Saint-Genèse", 50.75, 4.36),
        ("3000", "Leuven", "Louvain", 50.88, 4.70),
    ],
)
def test_known_postcodes(code, nl, fr, lat, lon):
    pc = lookup_postcode(code)
    assert isinstance(pc, Postcode)
    assert pc.names["nl"] == nl and pc.names["fr"] == fr
    # Within about 5 km of the town.
    assert abs(pc.lat - lat) < 0.05 and abs(pc.lon - lon) < 0.07


def test_german_names_in_the_german_speaking_community():
    assert lookup_postcode("4700").names["de"] == "Eupen"
    assert lookup_postcode("4780").name("de") == "Sankt Vith"
    assert lookup_postcode("9000").name("de") == "Gent"  # falls back to nl


def test_lookup_strips_spaces():
    assert lookup_postcode(" 9000 ").postal_code == "9000"


@pytest.mark.parametrize("code", ["0000", "0999", "12345", "abcd", "", "900", "9 00", "９０００", "+900", "1804x"])
def test_rejected_formats(code):
    assert not is_postcode_format(code)
    assert lookup_postcode(code) is None


def test_format_accepts_unknown_but_wellformed_codes():
    assert is_postcode_format("1000") and is_postcode_format("9999")
    assert lookup_postcode("9999") is None  # well-formed, not a Belgian postcode


def test_postcode_is_hashable_and_frozen():
    pc = lookup_postcode("9000")
    assert hash(pc) == hash(lookup_postcode("9000"))
    with pytest.raises(AttributeError):
        pc.lat = 0.0  # type: ignore[misc]


def test_search_gent_finds_9000_first():
    found = search_municipality("gent")
    assert found[0].postal_code == "9000"
    assert all(p.names["nl"] == "Gent" for p in found[:5])


def test_search_in_french_finds_antwerp():
    assert "2000" in [p.postal_code for p in search_municipality("Anvers")]
    assert search_municipality("Anvers")[0].postal_code == "2000"


@pytest.mark.parametrize("query", ["rhode-saint-genese", "RHODE SAINT GENÈSE", "Rhode-Saint-Genèse", "sint-genesius"])
def test_search_ignores_case_and_accents(query):
    assert [p.postal_code for p in search_municipality(query)] == ["1640"]


def test_search_accent_in_query_and_substring():
    assert search_municipality("Liège")[0].postal_code == "4000"
    assert search_municipality("liege")[0].postal_code == "4000"
    # A substring inside a name, and a locality that is not a municipality.
    assert "1640" in [p.postal_code for p in search_municipality("genesius")]
    assert "9030" in [p.postal_code for p in search_municipality("mariakerke")]


def test_search_limit_and_empty():
    assert len(search_municipality("a", limit=3)) == 3
    assert search_municipality("") == []
    assert search_municipality("   ") == []
    assert search_municipality("zzzzqqq") == []
    assert search_municipality("gent", limit=0) == []
