"""A whole visit as load, not one endpoint (issue 23): what a household's app asks on a visit, and what a
social worker's screens ask on a caseload visit, as a rotation over those requests on 32 keep-alive
connections (Debian `wrk`, one thread), beside a bare Starlette endpoint returning the balance JSON on
uvicorn configured like ours (bench/ceiling_app.py), interleaved round by round in the same run; then
every household and staff GET route on its own (8 connections), each beside the bare endpoint again,
round by round; each route's figure is its median round.

    .venv/bin/python -m bench.visit_load            # full: 3 rounds of 5 s per mix, of 1 s per route (about 5 min)
    .venv/bin/python -m bench.visit_load --quick    # smoke: one round of 1 s, the mixes only
    options: --rounds N --duration S --route-duration S --clients N (households in the organisation)

The household visit: /me, both meters' balances, the top-up history, the 30-day history, the
notifications, the alert settings, the top-up points near home (postcode, 20, Dutch): what the app's
household screens load (app/state). The caseload visit: the staff member, the caseload's first page,
two clients' files, the organisation's signals, the winter support requests. The household is the demo's
An (two meters); the organisation holds `--clients` households, each with two meters and a mandate,
written with the store's own functions (bench/caseload.py), its administrator set up through the API.

Targets (issue 23): household visit >= 0.30 of the bare endpoint, no household or staff GET route
under 0.15 (the CSV exports, whole files, are reported apart), p99 under 50 ms at 32 connections.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import httpx

from server.store.db import Database

from ._common import header, ratio_line, table
from .api_load import PREPAID, RAISED_THROTTLE, start_api, start_ceiling
from .caseload import fill, staff_token
from .loadgen import LoadResult, generator_name, run_load

API = "/api/v1"
MIX_CONNECTIONS = 32
ROUTE_CONNECTIONS = 8


def household_visit(e1: str, e2: str) -> list[str]:
    return [
        f"{API}/me",
        f"{API}/meters/{e1}/balance",
        f"{API}/meters/{e2}/balance",
        f"{API}/meters/{e1}/topups?limit=20",
        f"{API}/meters/{e1}/history?days=30",
        f"{API}/notifications",
        f"{API}/alerts/settings",
        f"{API}/topup-points?postal_code=9000&limit=20&lang=nl",
    ]


def household_routes(e1: str, point_id: str) -> list[str]:
    """Every GET a household's app can send, one path each (the visit's and the rest)."""
    return [
        f"{API}/me",
        f"{API}/meters/{e1}/balance",
        f"{API}/meters/{e1}/topups?limit=20",
        f"{API}/meters/{e1}/history?days=30",
        f"{API}/meters/{e1}/payment-instructions",
        f"{API}/access-log",
        f"{API}/tariff",
        f"{API}/alerts/settings",
        f"{API}/notifications",
        f"{API}/mandates",
        f"{API}/mandates/share-codes",
        f"{API}/winter-support",
        f"{API}/topup-points?postal_code=9000&limit=20&lang=nl",
        f"{API}/topup-points/{point_id}",
        f"{API}/places?q=gent",
        f"{API}/winter-period?on=2026-12-07",
    ]


def caseload_visit(client_a: int, client_b: int) -> list[str]:
    return [
        f"{API}/staff/me",
        f"{API}/caseload",
        f"{API}/caseload/{client_a}",
        f"{API}/caseload/{client_b}",
        f"{API}/organisation/signals",
        f"{API}/organisation/winter-support/requests",
    ]


def staff_routes(client: int, ean: str) -> list[str]:
    return [
        f"{API}/staff/me",
        f"{API}/staff/me/alerts",
        f"{API}/organisation/staff",
        f"{API}/caseload",
        f"{API}/caseload/{client}",
        f"{API}/caseload/{client}/meters/{ean}/payment-instructions",
        f"{API}/organisation/signals",
        f"{API}/organisation/winter-support/requests",
        f"{API}/organisation/winter-support/ledger",
    ]


STAFF_EXPORTS = [f"{API}/caseload/export.csv", f"{API}/organisation/winter-support/ledger.csv"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.visit_load")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--rounds", type=int, default=None)
    ap.add_argument("--duration", type=float, default=None, help="seconds per mix run (default 5, quick 1)")
    ap.add_argument("--route-duration", type=float, default=1.0)
    ap.add_argument("--clients", type=int, default=None, help="households in the organisation (default 500, quick 50)")
    args = ap.parse_args(argv)
    rounds = args.rounds or (1 if args.quick else 3)
    duration = args.duration or (1.0 if args.quick else 5.0)
    n_clients = args.clients or (50 if args.quick else 500)
    if generator_name("wrk") != "wrk":
        print("bench.visit_load: needs wrk (apt-get install wrk)", file=sys.stderr)
        return 2

    header("A whole visit (bench/visit_load.py)")
    print(f"   wrk, one thread; mixes at {MIX_CONNECTIONS} connections, {rounds} round(s) of {duration:g} s, ceiling and "
          f"ours interleaved; routes at {ROUTE_CONNECTIONS} connections, {args.route_duration:g} s each beside the ceiling; "
          f"SQLite store, demo data and {n_clients:,} households in one organisation")

    with tempfile.TemporaryDirectory(prefix="bench-visit-") as tmp:
        workdir = Path(tmp)
        server = start_api(workdir, "warning", RAISED_THROTTLE)
        ceiling = None
        try:
            database = str(workdir / "server.sqlite3")
            db = Database(database)
            fill(db, clients=n_clients, seed=1)
            db.close()
            staff = staff_token(server.url, database)
            with httpx.Client(base_url=server.url, timeout=30) as c:
                token = c.post(f"{API}/auth/prepaid", json=PREPAID).raise_for_status().json()["access_token"]
                household = {"Authorization": f"Bearer {token}"}
                meters = c.get(f"{API}/me", headers=household).raise_for_status().json()["meters"]
                e1, e2 = meters[0]["ean"], meters[1]["ean"]
                document = c.get(f"{API}/meters/{e1}/balance", headers=household).raise_for_status().json()
                point_id = c.get(f"{API}/topup-points?postal_code=9000&limit=1").raise_for_status().json()[0]["id"]
                staff_auth = {"Authorization": f"Bearer {staff}"}
                page = c.get(f"{API}/caseload", headers=staff_auth).raise_for_status().json()["clients"]
                client_a, client_b = page[0]["client_id"], page[1]["client_id"]
                client_ean = c.get(f"{API}/caseload/{client_a}", headers=staff_auth).raise_for_status().json()["meters"][0]["ean"]
                # Every path answers 2xx before it is measured (a 4xx answered fast would flatter us).
                for headers, paths in ((household, household_routes(e1, point_id)), (staff_auth, staff_routes(client_a, client_ean) + STAFF_EXPORTS)):
                    for path in paths:
                        c.get(path, headers=headers).raise_for_status()
            ceiling = start_ceiling(workdir, document, "warning")
            base_url = ceiling.url + "/json"

            def ceiling_run(connections: int, seconds: float) -> LoadResult:
                return run_load(base_url, connections, seconds, generator="wrk")

            def ours(paths: list[str], auth: dict[str, str], connections: int, seconds: float) -> LoadResult:
                return run_load(server.url + paths[0], connections, seconds, generator="wrk",
                                headers=[f"Authorization: {auth['Authorization']}"], paths=paths)

            mixes = {"household visit": (household_visit(e1, e2), household),
                     "caseload visit": (caseload_visit(client_a, client_b), staff_auth)}
            # Warm-up: each side once, unmeasured.
            ceiling_run(MIX_CONNECTIONS, 1)
            for paths, auth in mixes.values():
                ours(paths, auth, MIX_CONNECTIONS, 1)
            mix_results: dict[str, list[tuple[LoadResult, LoadResult]]] = {name: [] for name in mixes}
            for _ in range(rounds):
                for name, (paths, auth) in mixes.items():
                    base = ceiling_run(MIX_CONNECTIONS, duration)
                    mix_results[name].append((base, ours(paths, auth, MIX_CONNECTIONS, duration)))

            route_results: list[tuple[str, str, LoadResult, LoadResult]] = []
            if not args.quick:
                routes = [("household", p, household) for p in household_routes(e1, point_id)]
                routes += [("staff", p, staff_auth) for p in staff_routes(client_a, client_ean) + STAFF_EXPORTS]
                pairs: dict[str, list[tuple[LoadResult, LoadResult]]] = {path: [] for _, path, _ in routes}
                for _ in range(rounds):  # round by round over all routes: a noisy moment hits one pair of each
                    for _who, path, auth in routes:
                        base = ceiling_run(ROUTE_CONNECTIONS, args.route_duration)
                        pairs[path].append((base, ours([path], auth, ROUTE_CONNECTIONS, args.route_duration)))
                for who, path, _auth in routes:
                    # The round with the median ratio stands for the route.
                    ordered = sorted(pairs[path], key=lambda pair: pair[1].rps_ok / pair[0].rps_ok)
                    base, result = ordered[len(ordered) // 2]
                    route_results.append((who, path, base, result))
        finally:
            server.stop()
            if ceiling:
                ceiling.stop()

    print()
    rows = []
    verdicts = []
    for name, pairs in mix_results.items():
        ratios = [r.rps_ok / b.rps_ok for b, r in pairs]
        median = statistics.median(ratios)
        p99 = statistics.median([r.p99_ms for _, r in pairs])
        errors = sum(r.errors for _, r in pairs)
        rows.append([name, f"{statistics.median([b.rps_ok for b, _ in pairs]):,.0f}",
                     f"{statistics.median([r.rps_ok for _, r in pairs]):,.0f}", f"{median:.3f}",
                     " ".join(f"{x:.3f}" for x in ratios), f"{p99:.1f}", str(errors)])
        verdicts.append((name, median, p99, errors))
    table(["mix (32 connections)", "ceiling req/s", "ours req/s", "x ceiling (median)", "each round", "p99 ms", "errors"], rows)
    print()
    for name, median, p99, errors in verdicts:
        target = 0.30 if name == "household visit" else None
        ratio_line(f"{name}/ceiling req/s", median, "x", "ceiling", ">= 0.30x" if target else "",
                   median >= target if target else None)
        ratio_line(f"{name} p99 at {MIX_CONNECTIONS} connections", p99, "ms", "", "< 50 ms", p99 < 50)
        if errors:
            print(f"   {name}: {errors} non-2xx answers or socket errors")
    if route_results:
        print()
        table(["who", "GET (8 connections)", "ceiling req/s", "ours req/s", "x ceiling (median round)", "p99 ms", "errors"],
              [[who, path.split("?")[0], f"{b.rps_ok:,.0f}", f"{r.rps_ok:,.0f}", f"{r.rps_ok / b.rps_ok:.3f}",
                f"{r.p99_ms:.1f}", str(r.errors)] for who, path, b, r in route_results])
        measured = [(path, r.rps_ok / b.rps_ok) for _, path, b, r in route_results if path not in STAFF_EXPORTS]
        slowest_path, slowest = min(measured, key=lambda item: item[1])
        print()
        ratio_line(f"slowest GET route ({slowest_path.split('?')[0]})/ceiling req/s", slowest, "x", "ceiling",
                   ">= 0.15x", slowest >= 0.15)
    failed = any(errors for *_, errors in verdicts) or any(r.errors for *_, r in route_results)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
