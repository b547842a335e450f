"""/readyz, /metrics and JSON log lines of the API server and of a web process, on real processes."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from tests.api.operator_helpers import account_body, create_key, fresh_code, fresh_ean, fresh_ref, operator_client, reading
from tests.ops.procs import environ_without_display, listening, wait_until
from tests.pgserver import start_postgres
from tests.serverproc import free_port, start_server

from .test_clean_stop import ROOT

TOKEN = "metrics-test-token"
OPS_ENV = {"BUDGETMETER_METRICS_TOKEN": TOKEN, "BUDGETMETER_LOG_FORMAT": "json"}


def scrape(url: str) -> str:
    r = httpx.get(url + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain"), r.text
    return r.text


def value(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not in the metrics")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    proc = start_server(tmp_path_factory.mktemp("ops"), env=OPS_ENV)
    yield proc
    proc.stop()


def test_readyz_apart_from_healthz(server) -> None:
    assert httpx.get(server.url + "/healthz").json()["status"] == "ok"
    ready = httpx.get(server.url + "/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"


def test_metrics_need_the_token(server) -> None:
    assert httpx.get(server.url + "/metrics").status_code == 401
    wrong = httpx.get(server.url + "/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"


def test_requests_by_route_template_readings_and_outbox(server) -> None:
    key = create_key(server.database)
    ean = fresh_ean()
    with operator_client(server.url, key) as op:
        assert op.put(f"/api/v1/operator/accounts/{fresh_ref()}", json=account_body(fresh_code(), (ean, "electricity"))).status_code == 200
        at = (datetime.now(timezone.utc) - timedelta(hours=1)).isoformat()
        pushed = op.post("/api/v1/operator/meter-readings", json={"readings": [reading(f"{ean}-1", ean, at, 4200)]})
        assert pushed.json()["applied"] == 1, pushed.text
    # The fast path's and the router's answers, and a path no route knows.
    httpx.get(server.url + f"/api/v1/meters/{ean}/balance?name=Lies", headers={"Authorization": "Bearer x"})
    httpx.get(server.url + f"/no/such/{ean}")
    with sqlite3.connect(server.database) as conn:
        conn.execute("INSERT INTO mail_outbox (purpose, to_address, subject, text_body, html_body, created_at, next_attempt_at) "
                     "VALUES ('verification', 'a@example.test', 's', 't', 'h', ?, ?)", (int(time.time()) - 60, 2**40))
    text = scrape(server.url)
    assert ean not in text and "Lies" not in text  # templates, never paths or query strings
    assert 'route="/api/v1/meters/{ean}/balance",status="401"' in text
    assert 'route="/api/v1/operator/meter-readings",status="200"' in text
    assert 'route="unmatched",status="404"' in text
    assert 'budgetmeter_http_request_duration_seconds_count{method="GET",route="/readyz"}' in text
    assert value(text, "budgetmeter_readings_applied_total") == 1
    assert value(text, "budgetmeter_outbox_depth") == 1
    assert 55 <= value(text, "budgetmeter_outbox_oldest_age_seconds") < 600


def test_open_signals_by_kind(server) -> None:
    """Issue 21: a gauge of the supply signals nobody followed up yet, by kind (every kind, 0 included).
    A meter interrupted for 7 hours: its second reading starts off_supply in the ingest itself."""
    key = create_key(server.database)
    ean = fresh_ean()
    off = {"emergency_credit_in_use": True, "emergency_credit_available_cents": 0}
    before = signals_open(scrape(server.url))
    assert set(before) == {"off_supply", "limited_supply_long", "emergency_credit_long", "heating_dropped"}
    with operator_client(server.url, key) as op:
        assert op.put(f"/api/v1/operator/accounts/{fresh_ref()}", json=account_body(fresh_code(), (ean, "electricity"))).status_code == 200
        for hours, event in ((7, "off-1"), (0, "off-2")):
            at = (datetime.now(timezone.utc) - timedelta(hours=hours)).isoformat()
            pushed = op.post("/api/v1/operator/meter-readings", json={"readings": [reading(f"{ean}-{event}", ean, at, -7000, **off)]})
            assert pushed.json()["applied"] == 1, pushed.text
    after = signals_open(scrape(server.url))
    assert after == {**before, "off_supply": before["off_supply"] + 1}
    with sqlite3.connect(server.database) as conn:  # followed up: no longer open
        conn.execute("UPDATE signals SET status = 'resolved' WHERE ean = ?", (ean,))
    assert signals_open(scrape(server.url)) == before


def signals_open(text: str) -> dict[str, float]:
    prefix = 'budgetmeter_signals_open{kind="'
    return {line[len(prefix):].split('"', 1)[0]: float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(prefix)}


def test_json_log_lines_carry_no_personal_data(server) -> None:
    ean = fresh_ean()
    httpx.get(server.url + f"/api/v1/places?q=Lies+Janssens&ean={ean}")
    time.sleep(0.3)
    lines = [line for line in server.log().splitlines() if line.strip()]
    docs = [json.loads(line) for line in lines]  # every line is one JSON object
    requests = [d for d in docs if d["logger"] == "budgetmeter.access"]
    assert {"route", "method", "status", "duration_ms"} <= requests[-1].keys()
    leaks = [line for line in lines if ean in line or "Janssens" in line or ("127.0.0.1" in line and "running on" not in line)]
    assert not leaks, leaks


def test_metrics_off_without_a_token(tmp_path) -> None:
    proc = start_server(tmp_path)
    try:
        assert httpx.get(proc.url + "/metrics").status_code == 404
        assert "budgetmeter_http" not in httpx.get(proc.url + "/metrics", headers={"Authorization": "Bearer x"}).text
    finally:
        proc.stop()


def test_readyz_503_while_migrations_are_missing(tmp_path) -> None:
    proc = start_server(tmp_path)
    try:
        with sqlite3.connect(proc.database) as conn:  # as if an upgrade's code ran before its migrations
            conn.execute("DELETE FROM schema_version WHERE version = 1")
        answer = httpx.get(proc.url + "/readyz")
        assert answer.status_code == 503 and answer.json()["error"]["code"] == "migrations_pending"
        assert httpx.get(proc.url + "/healthz").status_code == 200  # alive all the same
    finally:
        proc.stop()


def test_readyz_503_while_the_store_is_down_and_ready_again_after(tmp_path) -> None:
    """PostgreSQL stopped under a running API process: /readyz says so (a proxy stops routing to it), as
    /healthz does by its v1 contract ("200 when the store answers"); the store back, the process is
    ready again by itself, without a restart."""
    pg = start_postgres()
    try:
        proc = start_server(tmp_path, database=pg.create_database("readyz"), demo=False,
                            env={"BUDGETMETER_SECRET_KEY": "test-secret-key-of-at-least-32-characters"})
        try:
            assert httpx.get(proc.url + "/readyz").status_code == 200
            pg.pause()
            down = httpx.get(proc.url + "/readyz", timeout=30)
            assert down.status_code == 503 and down.json()["error"]["code"] == "store_unavailable", down.text
            health = httpx.get(proc.url + "/healthz", timeout=30)
            assert health.status_code == 503 and health.json()["error"]["code"] == "unavailable"
            pg.resume()
            assert wait_until(lambda: httpx.get(proc.url + "/readyz", timeout=30).status_code == 200, 30), proc.log_path.read_text()[-3000:]
        finally:
            proc.stop()
    finally:
        pg.stop()


def test_web_process_metrics(tmp_path) -> None:
    port = free_port()
    env = {**environ_without_display(), **OPS_ENV, "BUDGETMETER_WEB_CACHE": str(tmp_path / "cache")}
    process = subprocess.Popen(
        [sys.executable, "-m", "app.launcher", "--web", "--port", str(port), "--api-url", "http://127.0.0.1:9"],
        cwd=ROOT, env=env, stdout=open(tmp_path / "app.log", "wb"), stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        assert wait_until(lambda: listening(port), 60), (tmp_path / "app.log").read_text()
        assert httpx.get(url + "/metrics").status_code == 401
        ean = fresh_ean()
        assert httpx.get(url + f"/client/{ean}").status_code == 200  # an app route: the page
        text = scrape(url)
        assert ean not in text
        assert 'budgetmeter_web_requests_total{route="/{page}",status="200"}' in text
        assert value(text, "budgetmeter_web_sessions") == 0  # no browser connected
    finally:
        process.terminate()
        process.wait(10)
    for line in (tmp_path / "app.log").read_text().splitlines():
        if line.startswith("{"):
            json.loads(line)


async def _answer_and_look(middleware, counted) -> list[bool]:
    """Runs one GET through `middleware` around an app answering 200 in two chunks; for each message
    that leaves, whether `counted()` already held."""
    async def inner(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"a", "more_body": True})
        await send({"type": "http.response.body", "body": b"b"})

    seen: list[bool] = []

    async def send(message):
        seen.append(counted())

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    scope = {"type": "http", "method": "GET", "path": "/client/x", "raw_path": b"/client/x", "query_string": b"",
             "headers": [], "scheme": "http", "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 1)}
    await middleware(inner)(scope, receive, send)
    return seen


def test_an_answer_is_counted_before_its_last_bytes_leave(tmp_path) -> None:
    """Whoever has read a whole answer finds it in the next scrape: both processes count an answer
    before its last chunk is sent, not after (a scrape right after a page load missed it once)."""
    import asyncio

    from app.web.metrics import REQUESTS as WEB_REQUESTS
    from app.web.metrics import WebMetrics
    from server.api.gate import ApiGate
    from server.api.metrics import REQUESTS as API_REQUESTS
    from server.core.settings import Settings
    from server.store.db import Database

    def total(counter) -> float:
        return sum(s.value for m in counter.collect() for s in m.samples if s.name.endswith("_total"))

    before = total(WEB_REQUESTS)
    seen = asyncio.run(_answer_and_look(lambda inner: WebMetrics(inner, token=None), lambda: total(WEB_REQUESTS) > before))
    assert seen == [False, False, True]

    settings = Settings(database=str(tmp_path / "db.sqlite3"), secret_key="test-secret-key-of-at-least-32-characters")
    before = total(API_REQUESTS)
    seen = asyncio.run(_answer_and_look(lambda inner: ApiGate(inner, settings=settings, db=Database(settings.database)),
                                        lambda: total(API_REQUESTS) > before))
    assert seen == [False, False, True]
