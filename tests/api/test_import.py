"""`budgetmeter-server import ...` against the store of a running server, on both stores: CSV and
JSON Lines through the same checks as the API, a re-run that changes nothing, bad files and rows, and
a `kill -9` in the middle of an import followed by a re-run."""

from __future__ import annotations

import csv
import json
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from .conftest import fresh_address
from .operator_helpers import ENV, ROOT, cli, fresh_code, fresh_ean, fresh_ref

READING_FIELDS = [
    "event_id", "ean", "read_at", "balance_cents", "emergency_credit_available_cents",
    "emergency_credit_in_use", "minimum_supply_active",
]
ACCOUNT_FIELDS = [
    "account_ref", "display_name", "postal_code", "language", "prepaid_code", "ean", "energy",
    "emergency_credit_limit_cents", "negative_credit_limit_cents",
]

BRUSSELS = ZoneInfo("Europe/Brussels")


def write_csv(path: Path, fields: list[str], rows: list[dict]) -> Path:
    with path.open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    return path


def run_import(kind: str, path: Path, database: str, *extra: str) -> subprocess.CompletedProcess:
    return cli("import", kind, str(path), "--database", database, *extra, check=False)


def summary(result: subprocess.CompletedProcess) -> str:
    return result.stdout.strip().splitlines()[-1]


def told(result: subprocess.CompletedProcess) -> list[str]:
    """The lines on stderr after the first, which names the database the import uses."""
    first, *rest = result.stderr.splitlines()
    assert first.startswith("budgetmeter-server: database "), result.stderr
    return rest


def household(tmp_path: Path, database: str) -> tuple[str, str, str]:
    """A household with two meters, loaded from a CSV file (one row per meter)."""
    ref, code, el, gas = fresh_ref(), fresh_code(), fresh_ean(), fresh_ean()
    rows = [
        {"account_ref": ref, "display_name": "Lies Janssens", "postal_code": "3000", "language": "nl",
         "prepaid_code": code, "ean": el, "energy": "electricity", "emergency_credit_limit_cents": 2000},
        {"account_ref": ref, "display_name": "Lies Janssens", "postal_code": "3000", "language": "nl",
         "prepaid_code": code, "ean": gas, "energy": "gas", "emergency_credit_limit_cents": 1500,
         "negative_credit_limit_cents": 5000},
    ]
    path = write_csv(tmp_path / f"accounts-{ref}.csv", ACCOUNT_FIELDS, rows)
    result = run_import("accounts", path, database)
    assert result.returncode == 0, result.stdout + result.stderr
    assert summary(result) == "applied 1, duplicate 0, stale 0, rejected 0"
    again = run_import("accounts", path, database)
    assert summary(again) == "applied 0, duplicate 1, stale 0, rejected 0" and again.returncode == 0
    return code, el, gas


@contextmanager
def login(server, code: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, headers=fresh_address(), timeout=10) as c:
        r = c.post("/api/v1/auth/prepaid", json={"prepaid_code": code, "postal_code": "3000"})
        assert r.status_code == 200, r.text
        c.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
        yield c


def readings_for(eans: list[str], per_meter: int, start: datetime) -> list[dict]:
    rows = []
    for m, ean in enumerate(eans):
        for i in range(per_meter):
            rows.append({
                "event_id": f"{ean}-{i}", "ean": ean,
                "read_at": (start + timedelta(minutes=15 * i)).isoformat(),
                "balance_cents": 50_000 - 7 * i - m, "emergency_credit_available_cents": 2000,
                "emergency_credit_in_use": "false", "minimum_supply_active": "false",
            })
    return rows


def test_a_household_loaded_from_files_sees_its_balance_and_topups(server, tmp_path) -> None:
    code, el, gas = household(tmp_path, server.database)
    start = datetime.now(timezone.utc) - timedelta(days=3)
    rows = readings_for([el, gas], 20, start)
    path = write_csv(tmp_path / "readings.csv", READING_FIELDS, rows)
    first = run_import("readings", path, server.database)
    assert first.returncode == 0, first.stderr
    assert summary(first) == "applied 40, duplicate 0, stale 0, rejected 0"
    again = run_import("readings", path, server.database)
    assert (again.returncode, summary(again)) == (0, "applied 0, duplicate 40, stale 0, rejected 0")

    topups = tmp_path / "topups.jsonl"
    topups.write_text(
        json.dumps({"event_id": f"t-{el}", "ean": el, "amount_cents": 2000, "loaded_at": start.isoformat(), "channel": "terminal", "location": "Leuven"}) + "\n"
    )
    assert summary(run_import("topups", topups, server.database)) == "applied 1, duplicate 0, stale 0, rejected 0"
    with login(server, code) as c:
        b = c.get(f"/api/v1/meters/{el}/balance").json()
        assert b["balance_cents"] == 50_000 - 7 * 19
        assert c.get(f"/api/v1/meters/{gas}/balance").json()["balance_cents"] == 50_000 - 7 * 19 - 1
        items = c.get(f"/api/v1/meters/{el}/topups").json()["items"]
        assert items[0]["amount_cents"] == 2000 and items[0]["location"] == "Leuven"


def test_json_lines_and_rejected_rows(server, tmp_path) -> None:
    code, el, _ = household(tmp_path, server.database)
    now = datetime.now(timezone.utc)
    good = {"event_id": f"j-{el}-1", "ean": el, "read_at": (now - timedelta(hours=2)).isoformat(), "balance_cents": 900,
            "emergency_credit_available_cents": 2000, "emergency_credit_in_use": False, "minimum_supply_active": False}
    lines = [
        json.dumps(good),
        "{broken json",
        json.dumps({**good, "event_id": f"j-{el}-2", "ean": fresh_ean()}),
        json.dumps({**good, "event_id": f"j-{el}-3", "read_at": (now + timedelta(hours=1)).isoformat()}),
        "",
        json.dumps({**good, "event_id": f"j-{el}-4", "read_at": (now - timedelta(hours=3)).isoformat()}),
    ]
    path = tmp_path / "readings.jsonl"
    path.write_text("\n".join(lines) + "\n")
    result = run_import("readings", path, server.database)
    assert result.returncode == 1
    assert summary(result) == "applied 1, duplicate 0, stale 1, rejected 3"
    errors = told(result)
    assert errors[0].startswith("line 2: validation_error: not a JSON line")
    assert errors[1].startswith("line 3: not_found: ")
    assert errors[2].startswith("line 4: validation_error: read_at: more than 10 minutes in the future")


def test_hostile_numbers_and_overlong_lines_are_line_errors(server, tmp_path) -> None:
    _, el, _ = household(tmp_path, server.database)
    good = {"event_id": f"h-{el}-0", "ean": el, "read_at": (datetime.now(timezone.utc) - timedelta(hours=2)).isoformat(),
            "balance_cents": 900, "emergency_credit_available_cents": 2000, "emergency_credit_in_use": False,
            "minimum_supply_active": False}

    def with_balance(n: int, literal: str) -> str:
        return json.dumps({**good, "event_id": f"h-{el}-{n}", "balance_cents": 0}).replace('"balance_cents": 0', f'"balance_cents": {literal}')

    lines = [
        with_balance(1, "NaN"),
        with_balance(2, "Infinity"),
        with_balance(3, "1e999"),
        with_balance(4, "9" * 5000),
        json.dumps({**good, "event_id": f"h-{el}-5", "display_name": "x" * 200_000}),  # longer than a line may be
        json.dumps(good),
    ]
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(lines) + "\n")
    result = run_import("readings", path, server.database)
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 1
    assert summary(result) == "applied 1, duplicate 0, stale 0, rejected 5"
    errors = sorted(told(result))
    assert [e.split(":")[0] for e in errors] == [f"line {n}" for n in range(1, 6)], errors
    assert all(e.split(": ")[1] == "validation_error" and len(e) < 300 for e in errors), errors
    assert "longer than" in errors[4]
    rows = [{**good, "event_id": f"h-{el}-6", "balance_cents": "1" * 100_000}, {**good, "event_id": f"h-{el}-7"}]
    result = run_import("readings", write_csv(tmp_path / "hostile.csv", READING_FIELDS, rows), server.database)
    assert told(result)[0].startswith("line 2: validation_error: longer than"), result.stderr[-2000:]
    assert summary(result) == "applied 0, duplicate 0, stale 1, rejected 1"


def test_a_csv_with_a_missing_column_imports_nothing(server, tmp_path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("event_id,ean,read_at,balance_cents\nx,541449000000000000,2026-01-01T00:00:00+01:00,1\n")
    result = run_import("readings", path, server.database)
    assert result.returncode == 1
    assert "line 1: validation_error: missing column emergency_credit_available_cents" in result.stderr
    assert summary(result) == "applied 0, duplicate 0, stale 0, rejected 0"


def test_a_broken_csv_line_is_rejected_and_the_rest_applied(server, tmp_path) -> None:
    _, el, _ = household(tmp_path, server.database)
    rows = readings_for([el], 3, datetime.now(timezone.utc) - timedelta(days=1))
    path = write_csv(tmp_path / "r.csv", READING_FIELDS, rows)
    text = path.read_text().splitlines()
    text.insert(2, "only,three,fields")
    path.write_text("\n".join(text) + "\n")
    result = run_import("readings", path, server.database)
    assert result.returncode == 1
    assert told(result) == ["line 3: validation_error: 3 fields, the header has 7"]
    assert summary(result) == "applied 3, duplicate 0, stale 0, rejected 1"


def test_bad_topup_points_file_replaces_nothing(server, tmp_path) -> None:
    path = tmp_path / "points.jsonl"
    point = {"id": "imp-1", "name": "P", "kind": "ocmw", "address": "Straat 1", "postal_code": "9000", "lat": 51.05, "lon": 3.72,
             "opening_hours": "Mo-Fr 09:00-12:00"}
    path.write_text(json.dumps(point) + "\n" + json.dumps({**point, "id": "imp-2", "opening_hours": "whenever"}) + "\n")
    result = run_import("topup-points", path, server.database)
    assert result.returncode == 1
    assert told(result)[0].startswith("line 2: validation_error: opening_hours")
    assert summary(result) == "applied 0, duplicate 0, stale 0, rejected 1"


def _stored_readings(database: str, eans: list[str]) -> tuple[int, int]:
    marks = ", ".join("?" for _ in eans)
    sql = f"SELECT COUNT(*), COUNT(DISTINCT event_id) FROM readings WHERE ean IN ({marks})"
    if database.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(database) as conn:
            return conn.execute(sql.replace("?", "%s"), eans).fetchone()
    import sqlite3

    with sqlite3.connect(database) as conn:
        return conn.execute(sql, eans).fetchone()


def _until_no_other_backend_is_busy(database: str) -> None:
    """A COMMIT the killed import had sent still runs in its PostgreSQL backend after the client is gone
    (a CI run counted 2,000 stored, and the rerun then found 2,500): wait until no other backend is in
    a statement or a transaction. SQLite has no server side: a killed writer's transaction is over."""
    if not database.startswith("postgresql://"):
        return
    import psycopg

    deadline = time.monotonic() + 30
    with psycopg.connect(database, autocommit=True) as conn:
        while time.monotonic() < deadline:
            busy = conn.execute(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                " AND state IS NOT NULL AND state <> 'idle'"
            ).fetchone()[0]
            if busy == 0:
                return
            time.sleep(0.02)
    raise AssertionError("a PostgreSQL backend stayed busy 30 s after the import was killed")


@pytest.mark.slow
def test_kill_9_in_the_middle_then_rerun_applies_each_reading_once(make_server, tmp_path) -> None:
    server = make_server()
    code_a, a_el, a_gas = household(tmp_path, server.database)
    code_b, b_el, b_gas = household(tmp_path, server.database)
    eans = [a_el, a_gas, b_el, b_gas]
    rows = readings_for(eans, 5000, datetime.now(timezone.utc) - timedelta(days=60))
    random.Random(9).shuffle(rows)  # out of order: stale readings along the way
    path = write_csv(tmp_path / "20k.csv", READING_FIELDS, rows)

    args = [sys.executable, "-m", "server", "import", "readings", str(path), "--database", server.database, "--batch-size", "500"]
    # Shuffled, most readings are stale and each is named on stderr: nobody reads the pipe, so none.
    proc = subprocess.Popen(args, env=ENV, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        stored = _stored_readings(server.database, eans)[0]
        if stored >= 2000:
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    _until_no_other_backend_is_busy(server.database)
    stored = _stored_readings(server.database, eans)[0]
    assert 0 < stored < 20_000, f"kill -9 came too late or too early: {stored} stored"

    result = run_import("readings", path, server.database)
    assert result.returncode == 0, result.stderr
    applied_stale = summary(result)
    counts = dict(part.split(" ") for part in applied_stale.split(", "))
    assert int(counts["duplicate"]) == stored
    assert int(counts["applied"]) + int(counts["stale"]) == 20_000 - stored
    assert _stored_readings(server.database, eans) == (20_000, 20_000)
    for code, (el, gas), m in ((code_a, (a_el, a_gas), (0, 1)), (code_b, (b_el, b_gas), (2, 3))):
        with login(server, code) as c:
            # The newest reading of each meter: i = 4999, its balance 50,000 - 7 * 4999 - m.
            assert c.get(f"/api/v1/meters/{el}/balance").json()["balance_cents"] == 50_000 - 7 * 4999 - m[0]
            assert c.get(f"/api/v1/meters/{gas}/balance").json()["balance_cents"] == 50_000 - 7 * 4999 - m[1]


def test_issue_9_done_when(server, tmp_path) -> None:
    """A key; a household with two meters through the API and one through a CSV file; their readings
    imported; each logs in with its own Prepaid-code and sees its newest balance, days left from its
    own history and its top-up history."""
    from .operator_helpers import account_body, create_key, operator_client

    key = create_key(server.database)
    api_code, api_el, api_gas = fresh_code(), fresh_ean(), fresh_ean()
    with operator_client(server.url, key) as op:
        body = {**account_body(api_code, (api_el, "electricity"), (api_gas, "gas")), "postal_code": "3000"}
        assert op.put(f"/api/v1/operator/accounts/{fresh_ref()}", json=body).json()["created"] is True
    csv_code, csv_el, csv_gas = household(tmp_path, server.database)

    # Noon of today in Brussels, whose days the history counts: noon in UTC is on the day before in
    # Brussels between 23:00 and midnight UTC, and then yesterday had no reading (cost 232, not 250).
    today = datetime.now(BRUSSELS).replace(hour=12, minute=0, second=0, microsecond=0)
    rows, topups = [], []
    for ean in (api_el, api_gas, csv_el, csv_gas):
        balance = 9000
        for n in range(14, 0, -1):  # two weeks, 250 a day, a top-up of 3000 a week ago
            balance -= 250
            if n == 7:
                balance += 3000
                topups.append({"event_id": f"done-t-{ean}", "ean": ean, "amount_cents": 3000,
                               "loaded_at": (today - timedelta(days=n, hours=2)).isoformat(), "channel": "online"})
            rows.append({"event_id": f"done-{ean}-{n}", "ean": ean, "read_at": (today - timedelta(days=n)).isoformat(),
                         "balance_cents": balance, "emergency_credit_available_cents": 2000,
                         "emergency_credit_in_use": "false", "minimum_supply_active": "false"})
    assert run_import("readings", write_csv(tmp_path / "done.csv", READING_FIELDS, rows), server.database).returncode == 0
    path = tmp_path / "done-topups.jsonl"
    path.write_text("".join(json.dumps(t) + "\n" for t in topups))
    assert summary(run_import("topups", path, server.database)) == "applied 4, duplicate 0, stale 0, rejected 0"

    for code, eans in ((api_code, (api_el, api_gas)), (csv_code, (csv_el, csv_gas))):
        with login(server, code) as c:
            assert {m["ean"] for m in c.get("/api/v1/me").json()["meters"]} == set(eans)
            for ean in eans:
                b = c.get(f"/api/v1/meters/{ean}/balance").json()
                assert b["balance_cents"] == 9000 - 14 * 250 + 3000
                assert b["average_daily_cost_cents"] == 250
                # What can still be used: the balance, the negative credit limit's room (5000 on the CSV
                # household's gas meter) and the emergency credit available (2000).
                room = b["negative_credit_limit_cents"] or 0
                assert b["estimated_days_left"] == (b["balance_cents"] + room + 2000) // 250
                assert c.get(f"/api/v1/meters/{ean}/topups").json()["items"][0]["amount_cents"] == 3000
