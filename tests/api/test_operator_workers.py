"""Two server processes on one store taking operator batches for the same meters at once: each event
is stored once, and each meter ends at its newest reading whatever order the batches commit in."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from .operator_helpers import account_body, create_key, fresh_code, fresh_ean, fresh_ref, reading


# Crashes, races between processes or fuzzing: minutes, left out of the developer's --quick loop.
pytestmark = pytest.mark.slow


def test_concurrent_batches_on_two_workers(make_server) -> None:
    a = make_server()
    b = make_server(database=a.database, demo=False)
    auth = {"Authorization": f"Bearer {create_key(a.database)}"}
    eans = [fresh_ean() for _ in range(6)]
    code = fresh_code()
    r = httpx.put(f"{a.url}/api/v1/operator/accounts/{fresh_ref()}", headers=auth,
                  json=account_body(code, *((e, "gas") for e in eans)))
    assert r.status_code == 200, r.text
    start = datetime.now(timezone.utc) - timedelta(days=2)
    # Eight batches, each with every meter, times interleaved across batches; every batch is sent
    # twice (once to each worker), all at the same moment.
    batches = [
        [reading(f"w-{e}-{k}-{j}", e, (start + timedelta(minutes=8 * j + k)).isoformat(), 10_000 - 8 * j - k)
         for e in eans for j in range(50)]
        for k in range(8)
    ]
    barrier = threading.Barrier(16)
    answers: list[dict] = []
    failures: list[str] = []

    def send(url: str, batch: list[dict]) -> None:
        barrier.wait()
        r = httpx.post(f"{url}/api/v1/operator/meter-readings", json={"readings": batch}, headers=auth, timeout=60)
        if r.status_code != 200:
            failures.append(r.text)
        else:
            answers.append(r.json())

    threads = [threading.Thread(target=send, args=(url, batch)) for batch in batches for url in (a.url, b.url)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    total = sum(len(batch) for batch in batches)
    assert sum(x["applied"] + x["stale"] for x in answers) == total
    assert sum(x["duplicate"] for x in answers) == total
    assert sum(x["rejected"] for x in answers) == 0
    with httpx.Client(base_url=b.url, timeout=10, headers={"X-Forwarded-For": "192.0.2.78"}) as c:
        token = c.post("/api/v1/auth/prepaid", json={"prepaid_code": code, "postal_code": "9000"}).json()["access_token"]
        c.headers["Authorization"] = f"Bearer {token}"
        for e in eans:  # the newest: j = 49, k = 7
            assert c.get(f"/api/v1/meters/{e}/balance").json()["balance_cents"] == 10_000 - 8 * 49 - 7
