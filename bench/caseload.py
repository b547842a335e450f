"""A staff member's caseload at OCMW size: an organisation with 2,000 households and 4,000 meters
(issue 10). Times, over HTTP against real server processes on one SQLite store:

* the caseload's first page (GET /api/v1/caseload, 50 clients, most urgent first over all 2,000),
  steady state (no change between requests),
* the first page right after a reading: before each request one meter gets a new reading through the
  operator's own ingest (server.services.ingest.readings.apply, alerts judged), so its figures must be
  recomputed; the requests alternate between two server processes on the same store (as several
  workers would serve them: nothing kept in one process may hide the cost),
* the first page of a server process just started (nothing of its own warmed up),
* the whole caseload as CSV (GET /api/v1/caseload/export.csv),
* the baseline in the same run: GET /api/v1/staff/me, the smallest answer behind the same staff token
  check (what any staff request costs before its own work).

    .venv/bin/python -m bench.caseload            # full: 2,000 clients, 300 first pages, 10 exports
    .venv/bin/python -m bench.caseload --quick    # smoke: 200 clients, 40 first pages, 3 exports
    options: --clients N --pages N --exports N --seed 1

Targets (issue): first page p99 < 50 ms (steady and right after a reading), export < 2 s. The
households are written straight into the store with the server's own store functions (the same rows the
API and the import write); the organisation, its member, the log-in and the set-up go through the API.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pyotp

from server.core import security
from server.core.clock import now_s
from server.services.ingest import readings as ingest_readings
from server.services.organisations import create_organisation
from server.rules import share_code as share_rules
from server.store import accounts, mandates, meters
from server.store.db import Database
from server.store.schema import migrate

from ._common import LOOPBACK, free_port, header, load_average, ratio_line, spawn, table, verdict, wait_http

SECRET = "bench-secret-key-of-at-least-32-characters"
PAYMENT_ENV = {
    "BUDGETMETER_PAYMENT_IBAN": "BE62 5100 0754 7061",
    "BUDGETMETER_PAYMENT_BENEFICIARY": "Bench Netbeheerder Prepaid",
    "BUDGETMETER_PAYMENT_BIC": "GEBABEBB",
}
FIRST_NAMES = ("An", "Youssef", "Marie", "Sophie", "Jan", "Fatima", "Lucas", "Emma", "Mohamed", "Lotte", "Noah", "Nina")
LAST_NAMES = ("Peeters", "El Amrani", "Claes", "Dubois", "Janssens", "Maes", "Jacobs", "Willems", "Mertens", "Wouters")


def ean18(n: int) -> str:
    """A GSRN-18 of the 54144 range with a valid mod-10 check digit."""
    body = f"54144{n:012d}"
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


def fill(db: Database, *, clients: int, seed: int) -> int:
    """`clients` households with an electricity and a gas meter each, a mix of states, all with a live
    mandate of one organisation; returns the organisation id."""
    rng = random.Random(seed)
    key = SECRET.encode()
    now = now_s()
    organisation_id, _ = create_organisation(db, name="OCMW Bench", admin_username="bench.admin", admin_name="Bench Admin", now=now)
    with db.transaction() as tx:
        admin_id = int(tx.one("SELECT id FROM staff WHERE username = ?", ("bench.admin",))["id"])
    # A transaction per 2,000 households: PostgreSQL runs out of lock slots on 50,000 in one.
    for first in range(0, clients, 2000):
        with db.transaction(write=True) as tx:
            for i in range(first, min(first + 2000, clients)):
                code = f"{9_000_000_000 + i:010d}"
                account_id = accounts.create(
                    tx,
                    display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {i}",
                    language="nl",
                    postal_code=str(rng.choice((1000, 2000, 3000, 9000, 1640, 8000))),
                    prepaid_code_hash=security.prepaid_code_hash(key, code),
                    prepaid_code_last_digits=code[-2:],
                    username=None,
                    password_hash=None,
                    protected_customer=False,
                    tariff_checked_at=None,
                    created_at=now,
                )
                for j, energy in enumerate(("electricity", "gas")):
                    state = rng.random()
                    balance = rng.randint(-2500, 9000) if state > 0.1 else -rng.randint(2500, 6000)
                    meters.create(
                        tx,
                        ean=ean18(2 * i + j),
                        account_id=account_id,
                        energy=energy,
                        balance_cents=balance,
                        emergency_credit_limit_cents=2000,
                        negative_credit_limit_cents=None,
                        minimum_supply_active=int(state < 0.05),
                        average_daily_cost_cents=rng.randint(150, 600),
                        updated_at=now - rng.randint(0, 86_400),
                    )
                mandates.grant(
                    tx, organisation_id=organisation_id, account_id=account_id,
                    permissions=share_rules.permissions_text(["prepare_topups"]), granted_via="prepaid_code",
                    granted_by_staff_id=admin_id, now=now,
                )  # fmt: skip
    return organisation_id


def staff_token(url: str, database: str) -> str:
    """The administrator's set-up and log-in through the API. The initial password is reset here in
    the store (it was printed once by create_organisation's caller, which this bench is)."""
    db = Database(database)
    password = "Bench-Initial-1"
    with db.transaction(write=True) as tx:
        tx.execute("UPDATE staff SET password_hash = ? WHERE username = ?", (security.hash_password(password), "bench.admin"))
    with httpx.Client(base_url=url, timeout=30) as c:
        setup = c.post("/api/v1/auth/staff", json={"username": "bench.admin", "password": password}).json()["access_token"]
        auth = {"Authorization": f"Bearer {setup}"}
        uri = c.post("/api/v1/staff/setup", json={"new_password": "Bench-Password-2026"}, headers=auth).json()["totp_uri"]
        totp = pyotp.TOTP(parse_qs(urlparse(uri).query)["secret"][0])
        assert c.post("/api/v1/staff/setup/confirm", json={"totp": totp.now()}, headers=auth).status_code == 204
        r = c.post("/api/v1/auth/staff", json={"username": "bench.admin", "password": "Bench-Password-2026", "totp": totp.at(time.time() + 30)})
        r.raise_for_status()
        return r.json()["access_token"]


def timed(client: httpx.Client, path: str, n: int, *, check=None) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        r = client.get(path)
        out.append(time.perf_counter() - t)
        if r.status_code != 200:
            raise SystemExit(f"{path}: HTTP {r.status_code} {r.text[:200]}")
        if check is not None:
            check(r)
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.caseload")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--clients", type=int, default=None)
    ap.add_argument("--pages", type=int, default=None)
    ap.add_argument("--exports", type=int, default=None)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    n_clients = args.clients or (200 if args.quick else 2000)
    n_pages = args.pages or (40 if args.quick else 300)
    n_exports = args.exports or (3 if args.quick else 10)

    header("Caseload (bench/caseload.py)")
    workdir = Path(tempfile.mkdtemp(prefix="bench-caseload-"))
    database = str(workdir / "caseload.sqlite3")
    db = Database(database)
    migrate(db)
    t = time.perf_counter()
    fill(db, clients=n_clients, seed=args.seed)
    db.close()
    print(f"   {n_clients:,} households, {2 * n_clients:,} meters, one organisation with a mandate for each "
          f"(seed {args.seed}), written in {time.perf_counter() - t:.1f} s; SQLite store")

    def start_server(name: str):
        port = free_port()
        proc = spawn(
            name,
            [sys.executable, "-m", "server", "--host", LOOPBACK, "--port", str(port), "--database", database,
             "--log-level", "warning"],
            workdir,
            env={"BUDGETMETER_SECRET_KEY": SECRET, **PAYMENT_ENV},
        )  # fmt: skip
        url = f"http://{LOOPBACK}:{port}"
        wait_http(proc, url + "/healthz")
        return proc, url

    def first_page_ok(r: httpx.Response) -> None:
        body = r.json()
        if len(body["clients"]) != min(50, n_clients):
            raise SystemExit(f"first page has {len(body['clients'])} clients")

    def export_ok(r: httpx.Response) -> None:
        rows = r.text.count("\n") - 1
        if rows != 2 * n_clients:
            raise SystemExit(f"export has {rows} rows, not {2 * n_clients}")

    rng = random.Random(args.seed + 1)
    writer = Database(database)
    read_at = now_s() - 3_600

    def apply_a_reading(i: int) -> None:
        """A new reading of one meter, as the operator's ingest applies it (alerts judged too)."""
        nonlocal read_at
        read_at += 1
        item = {
            "event_id": f"bench-{i}-{read_at}", "ean": ean18(rng.randrange(2 * n_clients)),
            "read_at": datetime.fromtimestamp(read_at, timezone.utc).isoformat(),
            "balance_cents": rng.randint(-3000, 9000), "emergency_credit_available_cents": 2000,
            "emergency_credit_in_use": False, "minimum_supply_active": False,
        }  # fmt: skip
        with writer.transaction(write=True) as tx:
            result = ingest_readings.apply(tx, [item], now=now_s(), operator=None)
        if result[0].status != "applied":
            raise SystemExit(f"reading not applied: {result[0]}")

    servers = []
    try:
        first, url = start_server("server")
        servers.append(first)
        token = staff_token(url, database)
        auth = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=url, timeout=30, headers=auth) as c:
            # Warm-up, untimed: connections, the first use of each code path.
            timed(c, "/api/v1/staff/me", 20)
            timed(c, "/api/v1/caseload?limit=50", 5, check=first_page_ok)
            baseline = timed(c, "/api/v1/staff/me", n_pages)
            pages = timed(c, "/api/v1/caseload?limit=50", n_pages, check=first_page_ok)
            searched = timed(c, "/api/v1/caseload?limit=50&q=peeters", max(10, n_pages // 5))
            exports = timed(c, "/api/v1/caseload/export.csv", n_exports, check=export_ok)
            second, url2 = start_server("server-2")
            servers.append(second)
            with httpx.Client(base_url=url2, timeout=30, headers=auth) as c2:
                # A process just started: its first caseload page, nothing of its own warmed up.
                fresh = timed(c2, "/api/v1/caseload?limit=50", 1, check=first_page_ok)
                timed(c2, "/api/v1/staff/me", 20)
                # Right after a reading, alternating between the two processes.
                after_reading = []
                for i in range(n_pages):
                    apply_a_reading(i)
                    after_reading += timed(c if i % 2 == 0 else c2, "/api/v1/caseload?limit=50", 1, check=first_page_ok)
        writer.close()
    finally:
        for proc in servers:
            proc.stop()

    rows = []
    for name, values in (
        ("baseline: GET /staff/me", baseline),
        ("caseload first page (50 of all), steady", pages),
        ("caseload search q=peeters", searched),
        ("first page right after a reading (2 procs)", after_reading),
        ("first page of a process just started", fresh),
        ("export.csv (all meters)", exports),
    ):
        rows.append([name, str(len(values)), f"{statistics.fmean(values) * 1e3:.1f}", f"{pct(values, 0.5) * 1e3:.1f}",
                     f"{pct(values, 0.99) * 1e3:.1f}", f"{max(values) * 1e3:.1f}"])  # fmt: skip
    print()
    table(["request", "n", "mean ms", "p50 ms", "p99 ms", "max ms"], rows)
    print()
    page_p99, after_p99, export_max = pct(pages, 0.99), pct(after_reading, 0.99), max(exports)
    ratio_line("caseload first page p99", page_p99 / pct(baseline, 0.99), "x", "the baseline's p99",
               f"< 50 ms (p99 {page_p99 * 1e3:.1f} ms)", page_p99 < 0.050)  # fmt: skip
    ratio_line("first page right after a reading p99", after_p99 / pct(baseline, 0.99), "x", "the baseline's p99",
               f"< 50 ms (p99 {after_p99 * 1e3:.1f} ms)", after_p99 < 0.050)  # fmt: skip
    ratio_line("caseload export, slowest", export_max / pct(baseline, 0.5), "x", "the baseline's p50",
               f"< 2 s (slowest {export_max:.2f} s)", export_max < 2.0)  # fmt: skip
    ok = page_p99 < 0.050 and after_p99 < 0.050
    print(f"\n   targets at {n_clients:,} households: first page p99 < 50 ms (steady and after a reading): "
          f"{verdict(ok)}; export < 2 s: {verdict(export_max < 2.0)}; load average {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
