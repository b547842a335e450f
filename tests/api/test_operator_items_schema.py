"""/openapi.json says what a reading and a top-up in an operator batch are (issue 20: `items: {}`),
while the server still takes any JSON item and answers per item (a bad item is `rejected`, never a
refused batch)."""

from __future__ import annotations

import httpx

from .operator_helpers import create_key, fresh_ean, operator_client

READING_FIELDS = {
    "event_id", "ean", "read_at", "balance_cents", "emergency_credit_available_cents", "emergency_credit_in_use",
    "minimum_supply_active",
}  # fmt: skip


def _items(spec: dict, path: str, field: str) -> dict:
    body = spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    if "$ref" in body:
        body = spec["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    items = body["properties"][field]["items"]
    if "$ref" in items:
        items = spec["components"]["schemas"][items["$ref"].rsplit("/", 1)[1]]
    return items


def test_the_reading_item_is_typed_in_openapi(server) -> None:
    spec = httpx.get(f"{server.url}/openapi.json", timeout=30).json()
    item = _items(spec, "/api/v1/operator/meter-readings", "readings")
    assert item["type"] == "object" and set(item["properties"]) == READING_FIELDS == set(item["required"])
    assert item["additionalProperties"] is False
    props = item["properties"]
    assert props["read_at"]["format"] == "date-time" and "10 minutes" in props["read_at"]["description"]
    assert props["balance_cents"]["type"] == "integer" and props["emergency_credit_in_use"]["type"] == "boolean"
    assert props["ean"]["pattern"] == "^54144[0-9]{13}$"
    topup = _items(spec, "/api/v1/operator/topups", "topups")
    assert set(topup["required"]) == {"event_id", "ean", "amount_cents", "loaded_at", "channel"}
    assert topup["properties"]["channel"]["enum"] == ["terminal", "transfer", "online", "ocmw", "other"]


def test_any_item_is_still_answered_per_item(server) -> None:
    """The schema documents; it does not refuse: a batch of odd items is 200 with each one rejected."""
    odd = [42, "text", None, [], {"event_id": "x"}, {"event_id": "y", "ean": fresh_ean(), "surplus": 1}]
    with operator_client(server.url, create_key(server.database)) as op:
        for path, field in (("/api/v1/operator/meter-readings", "readings"), ("/api/v1/operator/topups", "topups")):
            r = op.post(path, json={field: odd})
            assert r.status_code == 200, r.text
            answer = r.json()
            assert answer["rejected"] == len(odd)
            assert {x["error"]["code"] for x in answer["results"]} == {"validation_error"}


def test_an_ean_that_is_an_object_or_a_list_is_rejected_not_a_500(server) -> None:
    """Found by fuzzing the typed items: an EAN given as an object was looked up in a set of known EANs
    (unhashable: a TypeError, a 500 for the whole batch)."""
    reading = {"event_id": "odd-ean-r", "read_at": "2026-01-01T00:00:00+01:00", "balance_cents": 0,
               "emergency_credit_available_cents": 0, "emergency_credit_in_use": False, "minimum_supply_active": False}
    topup = {"event_id": "odd-ean-t", "amount_cents": 1, "loaded_at": "2026-01-01T00:00:00+01:00", "channel": "ocmw"}
    with operator_client(server.url, create_key(server.database)) as op:
        for path, field, item in (("/api/v1/operator/meter-readings", "readings", reading), ("/api/v1/operator/topups", "topups", topup)):
            r = op.post(path, json={field: [{**item, "ean": {}}, {**item, "ean": []}]})
            assert r.status_code == 200, r.text
            assert [x["error"]["code"] for x in r.json()["results"]] == ["validation_error", "validation_error"]
