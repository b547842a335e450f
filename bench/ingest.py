"""Operator ingest: readings imported from a CSV file (`budgetmeter-server import readings`, the same
code as POST /api/v1/operator/meter-readings) into SQLite and PostgreSQL, as readings per second
against the store's own ceiling measured in the same run: a bare `executemany` of the same rows
(already parsed, in the same batch size) into a table with the same columns and unique index. Also the
import's peak memory at the full file and at a tenth of it (streaming: it should not grow), and
GET /api/v1/meters/{ean}/history?days=366 latency over keep-alive calls against the imported store.

    .venv/bin/python -m bench.ingest            # full: 1,000,000 readings of 10,000 meters
    .venv/bin/python -m bench.ingest --quick    # smoke: 20,000 readings of 200 meters
    options: --readings N --meters N --history-calls N --batch-size N --no-postgres

Targets (issue 9): import >= 0.5x the executemany ceiling; history p99 < 20 ms over 1,000 calls.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx

from server.rules.ean import make_ean

from ._common import ROOT, RssSampler, free_port, header, ratio_line, spawn, table, wait_http

READING_FIELDS = [
    "event_id", "ean", "read_at", "balance_cents", "emergency_credit_available_cents",
    "emergency_credit_in_use", "minimum_supply_active",
]
ACCOUNT_FIELDS = ["account_ref", "display_name", "postal_code", "language", "prepaid_code", "ean", "energy",
                  "emergency_credit_limit_cents"]
ENV = {**os.environ, "BUDGETMETER_SECRET_KEY": "bench-secret-key-of-at-least-32-characters", "PYTHONPATH": str(ROOT),
       # Outside --demo the server asks for the account households pay into (server/core/settings.py).
       "BUDGETMETER_PAYMENT_IBAN": "BE62 5100 0754 7061", "BUDGETMETER_PAYMENT_BENEFICIARY": "Bench Netbeheerder"}
BASELINE_SQL = """CREATE TABLE readings (
    event_id TEXT NOT NULL UNIQUE, ean TEXT NOT NULL, read_at BIGINT NOT NULL, balance_cents BIGINT NOT NULL,
    emergency_credit_available_cents BIGINT NOT NULL, emergency_credit_in_use INTEGER NOT NULL,
    minimum_supply_active INTEGER NOT NULL)"""


def eans(meters: int) -> list[str]:
    return [make_ean(f"7{i:011d}") for i in range(meters)]


def code(household: int) -> str:
    return f"{5_000_000_000 + household:010d}"


def write_accounts(path: Path, meter_eans: list[str]) -> None:
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(ACCOUNT_FIELDS)
        for i, ean in enumerate(meter_eans):
            h = i // 2
            w.writerow([f"bench-{h}", f"Huishouden {h}", "9000", "nl", code(h), ean,
                        "electricity" if i % 2 == 0 else "gas", 2000])


def write_readings(path: Path, meter_eans: list[str], total: int) -> None:
    """Time-major (every meter's reading of one moment, then the next), spread over the last 365 days,
    as a metering system would push them."""
    per_meter = max(1, total // len(meter_eans))
    end = datetime.now(timezone.utc) - timedelta(hours=1)
    step = timedelta(days=365) / per_meter
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(READING_FIELDS)
        for i in range(per_meter):
            at = (end - step * (per_meter - 1 - i)).replace(microsecond=0).isoformat()
            for m, ean in enumerate(meter_eans):
                balance = 60_000 - (i * 137 + m) % 70_000
                w.writerow([f"{ean}-{i}", ean, at, balance, 2000, "false", "false"])


def run_import(kind: str, path: Path, database: str, batch_size: int) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, summary line) of one `budgetmeter-server import` process."""
    args = [sys.executable, "-m", "server", "import", kind, str(path), "--database", database, "--batch-size", str(batch_size)]
    t = time.perf_counter()
    proc = subprocess.Popen(args, env=ENV, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with RssSampler(proc.pid, interval=0.05) as rss:
        out, err = proc.communicate()
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"import {kind} failed ({proc.returncode}): {out[-2000:]} {err[-2000:]}")
    return seconds, rss.peak, out.strip().splitlines()[-1]


def parsed_rows(path: Path) -> list[tuple]:
    rows = []
    with path.open(newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for event, ean, at, balance, ec, in_use, minimum in reader:
            rows.append((event, ean, int(datetime.fromisoformat(at).timestamp()), int(balance), int(ec),
                         int(in_use == "true"), int(minimum == "true")))
    return rows


def sqlite_ceiling(rows: list[tuple], workdir: Path, batch_size: int) -> float:
    """Rows per second of a bare executemany, same pragmas as the store (server.store.db)."""
    path = workdir / "ceiling.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(BASELINE_SQL)
    sql = f"INSERT INTO readings VALUES ({', '.join('?' for _ in READING_FIELDS)})"
    t = time.perf_counter()
    for start in range(0, len(rows), batch_size):
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(sql, rows[start : start + batch_size])
        conn.execute("COMMIT")
    seconds = time.perf_counter() - t
    conn.close()
    return len(rows) / seconds


def postgres_ceiling(rows: list[tuple], url: str, batch_size: int) -> float:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(BASELINE_SQL.replace("readings", "ceiling_readings", 1))
        sql = f"INSERT INTO ceiling_readings VALUES ({', '.join('%s' for _ in READING_FIELDS)})"
        t = time.perf_counter()
        for start in range(0, len(rows), batch_size):
            with conn.transaction(), conn.cursor() as cur:
                cur.executemany(sql, rows[start : start + batch_size])
        return len(rows) / (time.perf_counter() - t)


def history_latency(database: str, workdir: Path, households: int, calls: int) -> tuple[list[float], list[float]]:
    """Milliseconds per GET history?days=366 and per GET balance (the hottest read, for scale)."""
    port = free_port()
    server = spawn("server", [sys.executable, "-m", "server", "--port", str(port), "--database", database,
                              "--log-level", "warning"], workdir, env=ENV)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(server, url + "/healthz")
        clients = []
        for h in range(min(10, households)):
            c = httpx.Client(base_url=url, timeout=10)
            token = c.post("/api/v1/auth/prepaid", json={"prepaid_code": code(h), "postal_code": "9000"}).json()["access_token"]
            c.headers["Authorization"] = f"Bearer {token}"
            clients.append((c, [m["ean"] for m in c.get("/api/v1/me").json()["meters"]]))
        timings: dict[str, list[float]] = {"history": [], "balance": []}
        for kind, path in (("history", "history?days=366"), ("balance", "balance")):
            for i in range(calls + 20):
                c, meter_eans = clients[i % len(clients)]
                t = time.perf_counter()
                r = c.get(f"/api/v1/meters/{meter_eans[i % 2]}/{path}")
                elapsed = (time.perf_counter() - t) * 1000
                assert r.status_code == 200, r.text
                if i >= 20:  # warm-up
                    timings[kind].append(elapsed)
        days = len(clients[0][0].get(f"/api/v1/meters/{clients[0][1][0]}/history?days=366").json()["days"])
        print(f"   history answers hold {days} days")
        for c, _ in clients:
            c.close()
        return timings["history"], timings["balance"]
    finally:
        server.stop()


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) >= 2 else (values[0] if values else 0.0)


def bench_store(name: str, database: str, files: dict[str, Path], args, rows: list[tuple], ceiling) -> dict[str, float]:
    t_acc, _, acc_summary = run_import("accounts", files["accounts"], database, args.batch_size)
    # The process start (Python, imports, opening the store) measured on a file with a header only,
    # and left out of the rate: it does not grow with the file.
    start, _, _ = run_import("readings", files["empty"], database, args.batch_size)
    t, peak, summary = run_import("readings", files["readings"], database, args.batch_size)
    rate = args.readings / max(1e-6, t - start)
    print(f"   {name}: accounts {acc_summary} in {t_acc:.1f} s; readings {summary} in {t:.1f} s "
          f"(of which {start:.1f} s process start)")
    base = ceiling(rows)
    return {"rate": rate, "ceiling": base, "peak": peak, "seconds": t}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.ingest")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--readings", type=int, default=None)
    ap.add_argument("--meters", type=int, default=None)
    ap.add_argument("--history-calls", type=int, default=None)
    ap.add_argument("--batch-size", type=int, default=5000)
    ap.add_argument("--no-postgres", action="store_true")
    args = ap.parse_args(argv)
    args.readings = args.readings or (20_000 if args.quick else 1_000_000)
    meters = args.meters or (200 if args.quick else 10_000)
    calls = args.history_calls or (100 if args.quick else 1000)

    header("Operator ingest (bench/ingest.py)")
    workdir = Path(tempfile.mkdtemp(prefix="bm-ingest-"))
    try:
        meter_eans = eans(meters)
        files = {"accounts": workdir / "accounts.csv", "readings": workdir / "readings.csv", "empty": workdir / "empty.csv"}
        files["empty"].write_text(",".join(READING_FIELDS) + "\n")
        small = {"accounts": workdir / "accounts-small.csv", "readings": workdir / "readings-small.csv"}
        write_accounts(files["accounts"], meter_eans)
        write_readings(files["readings"], meter_eans, args.readings)
        small_eans = meter_eans[: max(2, meters // 10)]
        write_accounts(small["accounts"], small_eans)
        write_readings(small["readings"], small_eans, args.readings // 10)
        size_mb = files["readings"].stat().st_size / 1e6
        print(f"   {args.readings:,} readings of {meters:,} meters ({size_mb:.0f} MB CSV), batches of {args.batch_size}")
        rows = parsed_rows(files["readings"])

        results: dict[str, dict[str, float]] = {}
        db = str(workdir / "bench.sqlite3")
        results["SQLite"] = bench_store("SQLite", db, files, args, rows,
                                        lambda r: sqlite_ceiling(r, workdir, args.batch_size))
        _, small_peak, _ = run_import("accounts", small["accounts"], str(workdir / "small.sqlite3"), args.batch_size)
        _, small_peak, _ = run_import("readings", small["readings"], str(workdir / "small.sqlite3"), args.batch_size)
        history, balance = history_latency(db, workdir, meters // 2, calls)

        pg = None
        if not args.no_postgres:
            from tests.pgserver import find_bindir, start_postgres

            if find_bindir() is None:
                print("   PostgreSQL: not installed here, skipped")
            else:
                pg = start_postgres()
                url = pg.create_database("bench_ingest")
                results["PostgreSQL"] = bench_store("PostgreSQL", url, files, args, rows,
                                                    lambda r: postgres_ceiling(r, url, args.batch_size))
        del rows

        table(
            ["store", "import readings/s", "executemany readings/s", "ratio", "import peak RSS"],
            [[name, f"{r['rate']:,.0f}", f"{r['ceiling']:,.0f}", f"{r['rate'] / r['ceiling']:.2f}", f"{r['peak']:.0f} MB"]
             for name, r in results.items()],
        )
        table(
            ["GET over keep-alive", "calls", "p50 ms", "p99 ms"],
            [["history?days=366", str(len(history)), f"{p(history, 50):.2f}", f"{p(history, 99):.2f}"],
             ["balance", str(len(balance)), f"{p(balance, 50):.2f}", f"{p(balance, 99):.2f}"]],
        )
        for name, r in results.items():
            ratio_line(f"{name} import/executemany readings/s", r["rate"] / r["ceiling"], "x", "executemany",
                       ">= 0.5x", r["rate"] / r["ceiling"] >= 0.5)
        ratio_line("import peak RSS, full file/tenth of it", results["SQLite"]["peak"] / small_peak, "x",
                   "a tenth of the file", "<= 1.5x (flat)", results["SQLite"]["peak"] / small_peak <= 1.5)
        p99 = p(history, 99)
        ratio_line("history?days=366 p99/balance p99", p99 / p(balance, 99), "x", "balance",
                   f"history p99 < 20 ms (was {p99:.1f} ms)", p99 < 20)
        if pg is not None:
            pg.stop()
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
