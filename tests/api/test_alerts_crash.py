"""A server killed (`kill -9`) while readings that start alert episodes are pushed, then every batch
sent again to the restarted server: each episode is noticed once and mailed once (the alert is written
in the transaction that applies its reading, so it exists exactly when the reading does); mail the
killed server had taken is sent after its lease."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from tests.mailsink import MailSink
from tests.serverproc import start_server

from .alert_helpers import household, verify_email
from .operator_helpers import create_key, reading


# Crashes, races between processes or fuzzing: minutes, left out of the developer's --quick loop.
pytestmark = pytest.mark.slow

METERS, ROUNDS = 20, 40


def test_kill_9_while_alerts_fire_then_replay(make_server, tmp_path) -> None:
    sink = MailSink().start()
    # A short lease: mail the killed server had taken is taken again after 3 s, not 2 minutes.
    env = {"BUDGETMETER_SMTP_URL": sink.url, "BUDGETMETER_MAIL_POLL_SECONDS": "0.2",
           "BUDGETMETER_MAIL_LEASE_SECONDS": "3"}
    try:
        server = make_server(env=env)
        key = create_key(server.database)
        auth = {"Authorization": f"Bearer {key}"}
        with httpx.Client(base_url=server.url, headers=auth, timeout=30) as op:
            h = household(server.url, op, meters=METERS)
            address = verify_email(h, sink, quiet_hours=None)
        start = datetime.now(timezone.utc) - timedelta(hours=6)
        # Round i: below 5,00 when i % 4 == 1 (an episode starts), else well above (it ends).
        batches = [
            [reading(f"kc-{e}-{i}", e, (start + timedelta(minutes=i)).isoformat(), 300 if i % 4 == 1 else 2000)
             for e in h.eans]
            for i in range(ROUNDS)
        ]
        expected = METERS * len([i for i in range(ROUNDS) if i % 4 == 1])
        sent = 0
        killer = threading.Timer(0.0, lambda: None)
        with httpx.Client(base_url=server.url, headers=auth, timeout=30) as c:
            for n, batch in enumerate(batches):
                if n == 17:
                    killer = threading.Timer(0.01, lambda: server.stop(kill=True))
                    killer.start()
                try:
                    c.post("/api/v1/operator/meter-readings", json={"readings": batch})
                    sent += 1
                except httpx.TransportError:
                    break
        killer.join()
        assert server.process.poll() is not None and sent < len(batches)

        again = start_server(tmp_path, database=server.database, demo=False, env=env)
        try:
            with httpx.Client(base_url=again.url, headers=auth, timeout=30) as c:
                for _ in range(2):  # everything again, twice
                    for batch in batches:
                        assert c.post("/api/v1/operator/meter-readings", json={"readings": batch}).status_code == 200
            h.client.base_url = httpx.URL(again.url)
            kinds: list[str] = []
            cursor = None
            while True:
                page = h.client.get("/api/v1/notifications", params={"limit": 100, **({"cursor": cursor} if cursor else {})}).json()
                kinds += [n["kind"] for n in page["items"]]
                cursor = page["next_cursor"]
                if not cursor:
                    break
            assert kinds == ["balance_low"] * expected
            deadline = time.monotonic() + 60
            while len({m.message["Message-ID"] for m in sink.to(address)}) < expected + 1 and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(2)
            mails = sink.to(address)
            # The code, then one mail per episode. A mail the SMTP server took in the instant before the
            # kill, before the store heard of it, comes once more with its own Message-ID (a receiver
            # can tell): no sender can close that window, and it holds one mail at most.
            assert len({m.message["Message-ID"] for m in mails}) == expected + 1
            assert len(mails) - (expected + 1) <= 1
        finally:
            again.stop()
    finally:
        sink.stop()
