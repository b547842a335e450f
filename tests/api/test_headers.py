"""Every /api/ answer carries Cache-Control: no-store and X-Content-Type-Options: nosniff, whichever
part of the server produced it: a FastAPI route, the Starlette fast path, an error handler, the
body-size guard or the router's 404/405."""

from __future__ import annotations

import httpx
import pytest


def assert_api_headers(r: httpx.Response) -> None:
    assert r.headers.get_list("cache-control") == ["no-store"], (r.request.url, r.headers)
    assert r.headers.get_list("x-content-type-options") == ["nosniff"], (r.request.url, r.headers)


@pytest.mark.parametrize(
    "method,path,status",
    [
        ("GET", "/api/v1/places?q=Gent", 200),
        ("GET", "/api/v1/topup-points?postal_code=9000", 200),
        ("GET", "/api/v1/topup-points?postal_code=0000", 422),
        ("GET", "/api/v1/topup-points/no-such-point", 404),
        ("GET", "/api/v1/me", 401),
        ("GET", "/api/v1/meters/541448820000000000/balance", 401),  # the fast path, no token
        ("GET", "/api/v1/nothing-here", 404),
        ("DELETE", "/api/v1/me", 405),
    ],
)
def test_public_and_error_answers(client: httpx.Client, method: str, path: str, status: int) -> None:
    r = client.request(method, path)
    assert r.status_code == status, r.text
    assert_api_headers(r)


def test_validation_error_and_oversized_body(client: httpx.Client) -> None:
    r = client.post("/api/v1/auth/prepaid", json={"prepaid_code": "abc"})
    assert r.status_code == 422
    assert_api_headers(r)
    r = client.post("/api/v1/auth/prepaid", content=b"1" * 200_000, headers={"Content-Type": "application/json"})
    assert r.status_code == 413  # answered by the body-size guard, before any route
    assert_api_headers(r)


def test_signed_in_answers_and_fast_path(client: httpx.Client) -> None:
    r = client.post("/api/v1/auth/prepaid", json={"prepaid_code": "1111 2222 33", "postal_code": "9000"})
    assert r.status_code == 200
    assert_api_headers(r)  # the token itself must not be cached
    client.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
    me = client.get("/api/v1/me")
    assert me.status_code == 200
    assert_api_headers(me)
    ean = me.json()["meters"][0]["ean"]
    balance = client.get(f"/api/v1/meters/{ean}/balance")  # served by server/api/fastpath.py
    assert balance.status_code == 200 and balance.json()["ean"] == ean
    assert_api_headers(balance)
    missing = client.get("/api/v1/meters/541448820000000017/balance")
    assert missing.status_code == 404
    assert_api_headers(missing)
    r = client.post("/api/v1/auth/logout")
    assert r.status_code == 204
    assert_api_headers(r)


def test_outside_the_api_nothing_is_forced(client: httpx.Client) -> None:
    # The OpenAPI document may be cached: it is the same for everyone.
    r = client.get("/openapi.json")
    assert r.status_code == 200 and "cache-control" not in r.headers
