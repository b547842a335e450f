"""GET /api/v1/places: the search box of the top-up point search (postcode or municipality name)."""

from __future__ import annotations

import httpx
import pytest


def _places(client: httpx.Client, **params) -> list[dict]:
    r = client.get("/api/v1/places", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_postcode_gives_that_place_first(client: httpx.Client) -> None:
    places = _places(client, q="9000")
    assert places[0]["postal_code"] == "9000"
    assert places[0]["municipality"] == "Gent"
    assert set(places[0]) == {"postal_code", "municipality", "locality", "lat", "lon"}
    assert 50.9 < places[0]["lat"] < 51.2 and 3.5 < places[0]["lon"] < 3.9


def test_postcode_prefix(client: httpx.Client) -> None:
    places = _places(client, q="90")
    assert 1 < len(places) <= 10
    assert all(p["postal_code"].startswith("90") for p in places)


def test_municipality_name_exact_first(client: httpx.Client) -> None:
    places = _places(client, q="Leuven")
    assert places[0]["municipality"] == "Leuven" and places[0]["postal_code"] == "3000"


@pytest.mark.parametrize("q", ["bruxelles", "BRUSSEL", "Brüssel"])
def test_any_language_and_case(client: httpx.Client, q: str) -> None:
    assert any(p["postal_code"] == "1000" for p in _places(client, q=q))


def test_accents_do_not_matter(client: httpx.Client) -> None:
    # Sint-Genesius-Rode is Rhode-Saint-Genèse in French: typed without the accent.
    with_accent = _places(client, q="Rhode-Saint-Genèse")
    without = _places(client, q="rhode saint genese")
    assert with_accent == without and with_accent[0]["postal_code"] == "1640"


def test_names_in_the_requested_language(client: httpx.Client) -> None:
    assert _places(client, q="1640", lang="fr")[0]["municipality"] == "Rhode-Saint-Genèse"
    assert _places(client, q="1640", lang="nl")[0]["municipality"] == "Sint-Genesius-Rode"


def test_at_most_ten(client: httpx.Client) -> None:
    assert len(_places(client, q="sint")) == 10


def test_nothing_found_is_an_empty_list(client: httpx.Client) -> None:
    assert _places(client, q="Atlantis") == []


@pytest.mark.parametrize("q", [" ", "   ", "\t\n", "\x1f\x1c", "\u3000", "\x00", " " * 100])
def test_a_query_with_nothing_to_match_finds_nothing(client: httpx.Client, q: str) -> None:
    # The schema allows any q of 1 to 100 characters, so the server answers each (an empty list).
    assert _places(client, q=q) == []


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "x" * 101}, {"q": "Gent", "lang": "es"}])
def test_bad_queries(client: httpx.Client, params: dict) -> None:
    r = client.get("/api/v1/places", params=params)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "validation_error"


def test_documented_in_openapi(client: httpx.Client) -> None:
    op = client.get("/openapi.json").json()["paths"]["/api/v1/places"]["get"]
    assert op["operationId"] == "search_places"
    assert op["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorEnvelope")
