"""A server killed (`kill -9`) in the middle of an operator pushing 20,000 readings through the API, then
the same batches sent again to the restarted server: every reading is stored exactly once and each
meter's balance is its newest reading."""

from __future__ import annotations

import random
import threading
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from tests.serverproc import start_server

from .operator_helpers import account_body, create_key, fresh_code, fresh_ean, fresh_ref, reading


# Crashes, races between processes or fuzzing: minutes, left out of the developer's --quick loop.
pytestmark = pytest.mark.slow


def test_kill_9_of_the_server_then_replay(make_server, tmp_path) -> None:
    server = make_server()
    key = create_key(server.database)
    auth = {"Authorization": f"Bearer {key}"}
    eans = [fresh_ean() for _ in range(4)]
    code = fresh_code()
    r = httpx.put(f"{server.url}/api/v1/operator/accounts/{fresh_ref()}", headers=auth,
                  json=account_body(code, *((e, "electricity") for e in eans)))
    assert r.status_code == 200, r.text
    start = datetime.now(timezone.utc) - timedelta(days=30)
    rows = [reading(f"crash-{e}-{i}", e, (start + timedelta(minutes=5 * i)).isoformat(), 90_000 - 3 * i - m)
            for m, e in enumerate(eans) for i in range(5000)]
    random.Random(11).shuffle(rows)
    batches = [rows[i : i + 1000] for i in range(0, len(rows), 1000)]

    sent = 0
    killer = threading.Timer(0.0, lambda: None)
    with httpx.Client(base_url=server.url, headers=auth, timeout=30) as c:
        for n, batch in enumerate(batches):
            if n == 6:
                # Kill the server while this batch is on its way in.
                killer = threading.Timer(0.05, lambda: server.stop(kill=True))
                killer.start()
            try:
                c.post("/api/v1/operator/meter-readings", json={"readings": batch})
                sent += 1
            except httpx.TransportError:
                break
    killer.join()
    assert server.process.poll() is not None and 6 <= sent < len(batches)

    again = start_server(tmp_path, database=server.database, demo=False)
    try:
        totals = {"applied": 0, "stale": 0, "duplicate": 0, "rejected": 0}
        with httpx.Client(base_url=again.url, headers=auth, timeout=30) as c:
            for batch in batches:
                answer = c.post("/api/v1/operator/meter-readings", json={"readings": batch}).json()
                for k in totals:
                    totals[k] += answer[k]
        assert totals["rejected"] == 0
        assert totals["duplicate"] >= 6000  # the batches answered before the kill were kept
        assert totals["applied"] + totals["stale"] + totals["duplicate"] == 20_000
        # Replaying everything once more applies nothing.
        with httpx.Client(base_url=again.url, headers=auth, timeout=30) as c:
            replay = [c.post("/api/v1/operator/meter-readings", json={"readings": b}).json()["duplicate"] for b in batches]
        assert sum(replay) == 20_000
        with httpx.Client(base_url=again.url, timeout=10, headers={"X-Forwarded-For": "192.0.2.77"}) as c:
            token = c.post("/api/v1/auth/prepaid", json={"prepaid_code": code, "postal_code": "9000"}).json()["access_token"]
            c.headers["Authorization"] = f"Bearer {token}"
            for m, e in enumerate(eans):
                assert c.get(f"/api/v1/meters/{e}/balance").json()["balance_cents"] == 90_000 - 3 * 4999 - m
    finally:
        again.stop()
