"""The balance fast path (server/api/fastpath.py) answers exactly what the documented route answers, and
leaves every other case to the route."""

from __future__ import annotations

import json

import httpx
import pytest

from server.core.settings import Settings
from server.main import create_app

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


AN = {"prepaid_code": "1111 2222 33", "postal_code": "9000"}
YOUSSEF = {"prepaid_code": "4444 5555 66", "postal_code": "2000"}


@pytest.fixture
def app(tmp_path):
    return create_app(Settings(database=str(tmp_path / "fast.sqlite3"), demo=True, secret_key="test-secret-key-of-at-least-32-characters"))


async def _login(client: httpx.AsyncClient, who: dict) -> tuple[dict, list[str]]:
    token = (await client.post("/api/v1/auth/prepaid", json=who)).json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    eans = [m["ean"] for m in (await client.get("/api/v1/me", headers=auth)).json()["meters"]]
    return auth, eans


def _route_only(tmp_path):
    """The same store served without the fast path: the documented FastAPI route answers."""
    settings = Settings(database=str(tmp_path / "fast.sqlite3"), demo=True, secret_key="test-secret-key-of-at-least-32-characters")
    return create_app(settings, fast_balance=False)


async def test_same_document_as_the_documented_route(app, tmp_path):
    fast = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")
    route = httpx.AsyncClient(transport=httpx.ASGITransport(app=_route_only(tmp_path)), base_url="http://t")
    async with fast, route:
        for who in (AN, YOUSSEF):
            auth, eans = await _login(fast, who)
            for ean in eans:
                a = await fast.get(f"/api/v1/meters/{ean}/balance", headers=auth)
                b = await route.get(f"/api/v1/meters/{ean}/balance", headers=auth)
                assert a.status_code == b.status_code == 200
                assert a.content == b.content  # byte for byte, not only equal JSON
                assert a.headers["content-type"] == "application/json"
                assert a.headers["cache-control"] == "no-store"
                assert a.headers["x-content-type-options"] == "nosniff"
                assert int(a.headers["content-length"]) == len(a.content)


async def test_everything_else_goes_to_the_route(app):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        an, an_eans = await _login(c, AN)
        youssef, _ = await _login(c, YOUSSEF)
        other = await c.get(f"/api/v1/meters/{an_eans[0]}/balance", headers=youssef)
        assert other.status_code == 404 and other.json()["error"]["code"] == "not_found"
        for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}):
            r = await c.get(f"/api/v1/meters/{an_eans[0]}/balance", headers=headers)
            assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized", headers
        await c.post("/api/v1/auth/logout", headers=an)
        revoked = await c.get(f"/api/v1/meters/{an_eans[0]}/balance", headers=an)
        assert revoked.status_code == 401
        missing = await c.get("/api/v1/meters/541448000000000000/balance", headers=youssef)
        assert missing.status_code == 404 and json.loads(missing.content)["error"]["code"] == "not_found"
