"""Alerts exactly once under load on PostgreSQL: two API processes take the same 3,000 readings of
300 meters at the same moment (each batch sent to both), crossing thresholds five times per meter;
two `budgetmeter-server worker` processes send the mail. Every alert is noticed once and mailed once."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from tests.mailsink import MailSink

from .alert_helpers import household, verify_email
from .operator_helpers import ENV, ROOT, create_key, operator_client


# Crashes, races between processes or fuzzing: minutes, left out of the developer's --quick loop.
pytestmark = pytest.mark.slow

# Per meter, in time order: (balance, emergency credit in use, minimum supply). Balance alert episodes
# start at 400, 200 and 100; emergency credit at -100; minimum supply at -5000: five alerts per meter.
SEQUENCE = [(2000, False, False), (400, False, False), (300, False, False), (2000, False, False),
            (200, False, False), (-100, True, False), (-5000, True, True), (3000, False, False),
            (100, False, False), (3000, False, False)]
ALERTS_PER_METER = 5
# 150 households: every batch still races on both processes; 500 made this one test run 4 minutes.
HOUSEHOLDS, METERS_EACH = 150, 2


def start_worker(database: str, sink: MailSink, log_path) -> subprocess.Popen:
    env = {**ENV, "BUDGETMETER_SMTP_URL": sink.url, "BUDGETMETER_MAIL_POLL_SECONDS": "0.2",
           "BUDGETMETER_MAIL_FROM": "alerts@budgetmeter.test"}
    return subprocess.Popen([sys.executable, "-m", "server", "worker", "--database", database],
                            env=env, cwd=ROOT, stdout=open(log_path, "wb"), stderr=subprocess.STDOUT)


def test_a_burst_on_two_api_processes_and_two_workers_alerts_each_episode_once(postgres, tmp_path) -> None:
    from tests.serverproc import start_server

    database = postgres().create_database("bm_alerts_" + uuid.uuid4().hex[:12])
    sink = MailSink().start()
    a = start_server(tmp_path, database=database)
    b = start_server(tmp_path, database=database, demo=False)
    workers = [start_worker(database, sink, tmp_path / f"worker-{i}.log") for i in range(2)]
    try:
        key = create_key(database)
        with operator_client(a.url, key) as op_a, operator_client(b.url, key) as op_b:
            homes = [household(a.url, op_a, meters=METERS_EACH) for _ in range(HOUSEHOLDS)]
            addresses = [verify_email(h, sink, quiet_hours=None) for h in homes]
            eans = [e for h in homes for e in h.eans]
            start = datetime.now(timezone.utc) - timedelta(hours=3)
            for k, (balance, ec, minimum) in enumerate(SEQUENCE):
                batch = {"readings": [
                    {"event_id": f"burst-{e}-{k}", "ean": e, "read_at": (start + timedelta(minutes=k)).isoformat(),
                     "balance_cents": balance, "emergency_credit_available_cents": 1500 if ec else 2000,
                     "emergency_credit_in_use": ec, "minimum_supply_active": minimum}
                    for e in eans
                ]}
                answers: list[dict] = []
                barrier = threading.Barrier(2)

                def send(client: httpx.Client) -> None:
                    barrier.wait()
                    r = client.post("/api/v1/operator/meter-readings", json=batch)
                    assert r.status_code == 200, r.text
                    answers.append(r.json())

                threads = [threading.Thread(target=send, args=(c,)) for c in (op_a, op_b)]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                assert sorted((x["applied"], x["duplicate"]) for x in answers) == [(0, len(eans)), (len(eans), 0)]
            expected = len(eans) * ALERTS_PER_METER + len(homes)  # and one code per address
            deadline = time.monotonic() + 240
            while len(sink.received) < expected and time.monotonic() < deadline:
                time.sleep(0.5)
            time.sleep(3)  # anything sent twice would arrive by now
            ids = [m.message["Message-ID"] for m in sink.received]
            assert len(ids) == expected, (len(ids), expected)
            assert len(set(ids)) == expected
            for h, address in zip(homes, addresses):
                assert len(sink.to(address)) == METERS_EACH * ALERTS_PER_METER + 1
                page = h.client.get("/api/v1/notifications", params={"limit": 100}).json()
                kinds = sorted(n["kind"] for n in page["items"])
                assert kinds == sorted(["balance_low"] * 6 + ["emergency_credit_started"] * 2
                                       + ["minimum_supply_started"] * 2)
        logs = [(tmp_path / f"worker-{i}.log").read_text() for i in range(2)]
        assert all("Worker started" in log and "Sent " in log for log in logs)  # both took a share
    finally:
        for w in workers:
            w.terminate()
            w.wait(10)
        a.stop()
        b.stop()
        sink.stop()
