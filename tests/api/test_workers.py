"""Two API processes on one store (how several workers run behind one PostgreSQL): throttling and
idempotency hold across them."""

from __future__ import annotations

import threading
import uuid

import httpx
import pytest

from .conftest import DEMO, fresh_address


# Crashes, races between processes or fuzzing: minutes, left out of the developer's --quick loop.
pytestmark = pytest.mark.slow


def test_throttling_counts_failures_across_workers(make_server) -> None:
    a = make_server()
    b = make_server(database=a.database, demo=False)
    address = fresh_address()
    wrong = {**DEMO["marie"], "postal_code": "3001"}
    for i in range(5):  # alternate between the two processes
        url = (a if i % 2 == 0 else b).url
        assert httpx.post(f"{url}/api/v1/auth/prepaid", json=wrong, headers=address).status_code == 401
    for proc in (a, b):
        r = httpx.post(f"{proc.url}/api/v1/auth/prepaid", json=DEMO["marie"], headers=fresh_address())
        assert r.status_code == 429


def test_one_idempotency_key_on_two_workers_prepares_once(make_server) -> None:
    a = make_server()
    b = make_server(database=a.database, demo=False)
    address = fresh_address()
    token = httpx.post(f"{a.url}/api/v1/auth/prepaid", json=DEMO["sophie"], headers=address).json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    ean = httpx.get(f"{b.url}/api/v1/me", headers=auth).json()["meters"][0]["ean"]
    key = uuid.uuid4().hex
    barrier = threading.Barrier(6)
    results: list[httpx.Response] = []

    def send(url: str) -> None:
        barrier.wait()
        results.append(
            httpx.post(
                f"{url}/api/v1/meters/{ean}/pending-topups",
                json={"amount_cents": 2500},
                headers={**auth, "Idempotency-Key": key},
                timeout=20,
            )
        )

    threads = [threading.Thread(target=send, args=((a if i % 2 else b).url,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.status_code for r in results) == [200] * 5 + [201]
    assert len({r.json()["id"] for r in results}) == 1
