"""PUT /api/v1/operator/topup-points: the whole set replaced at once after every point was checked, and
served by every server process within 5 seconds, without a restart."""

from __future__ import annotations

import time

import httpx
import pytest

from .operator_helpers import create_key, operator_client


def point(n: int, **change) -> dict:
    return {
        "id": f"op-point-{n}",
        "name": f"Testpunt {n}",
        "kind": "shop_terminal",
        "address": f"Teststraat {n}",
        "postal_code": "9000",
        "lat": 51.05 + n / 1000,
        "lon": 3.72,
        "phone": None,
        "opening_hours": "Mo-Sa 08:00-20:00; PH off",
        **change,
    }


def _search(url: str) -> list[str]:
    return [p["id"] for p in httpx.get(f"{url}/api/v1/topup-points", params={"postal_code": "9000", "limit": 100}).json()]


def _wait_for(url: str, ids: set[str], seconds: float = 5.0) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if set(_search(url)) == ids:
            return time.monotonic() - start
        time.sleep(0.1)
    raise AssertionError(f"{url} did not serve {sorted(ids)} within {seconds} s: {sorted(_search(url))}")


def test_bad_points_are_listed_and_nothing_is_replaced(make_server) -> None:
    server = make_server()
    before = _search(server.url)
    with operator_client(server.url, create_key(server.database)) as op:
        body = {
            "points": [
                point(1),
                point(2, opening_hours="Mo-Fr 25:00-99:00 nonsense"),
                point(3, postal_code="9999"),
                point(4, lat=48.0),
                point(5),
                point(1),
            ]
        }
        r = op.put("/api/v1/operator/topup-points", json=body)
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "validation_error"
    assert [(p["index"], p["id"], p["code"]) for p in error["points"]] == [
        (1, "op-point-2", "validation_error"),
        (2, "op-point-3", "unknown_postal_code"),
        (3, "op-point-4", "validation_error"),
        (5, "op-point-1", "validation_error"),
    ]
    time.sleep(2.5)
    assert _search(server.url) == before


def test_a_new_set_is_served_by_every_process_within_5_seconds(make_server, backend) -> None:
    a = make_server()
    b = make_server(database=a.database, demo=False)
    new = [point(n) for n in range(1, 4)]
    with operator_client(a.url, create_key(a.database)) as op:
        r = op.put("/api/v1/operator/topup-points", json={"points": new})
        assert r.status_code == 200, r.text
        assert r.json()["points"] == 3
    ids = {p["id"] for p in new}
    for proc in (a, b):
        _wait_for(proc.url, ids, seconds=5.0)
    detail = httpx.get(f"{b.url}/api/v1/topup-points/op-point-2").json()
    assert detail["municipality"] == "Gent" and detail["opening_hours"] == "Mo-Sa 08:00-20:00; PH off"


@pytest.mark.parametrize("body", [{"points": []}, {"points": "x"}, {"other": []}])
def test_an_empty_or_malformed_set_is_refused(server, body) -> None:
    with operator_client(server.url, create_key(server.database)) as op:
        r = op.put("/api/v1/operator/topup-points", json=body)
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"
