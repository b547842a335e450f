"""API load: requests per second and p50/p99 latency of balance and log in at 1, 10 and 50
concurrent keep-alive clients on loopback, beside a bare Starlette endpoint returning the same JSON
(bench/ceiling_app.py: the framework's ceiling) measured in the same run; and the memory (RSS) of
the server process under that load, beside the ceiling process.

    .venv/bin/python -m bench.api_load            # full: 5 s per cell (about 1.5 min)
    .venv/bin/python -m bench.api_load --quick    # smoke: about 15 s
    options: --generator wrk|python, --duration S, --concurrency 1,10,50, --log-level warning|info

Like for like: both servers run on uvicorn with the same settings (one worker, same proxy-header
settings, no server header) and the same log level: by default `warning`, so neither writes an
access-log line per request (`--log-level info` puts the access log on both sides). The load
generator is pinned to Debian's `wrk` (`apt-get install wrk`): a Python client on the same 2 cores
caps the ceiling and flatters the ratio, so it is only used when asked for (`--generator python`).

Target (issue): balance at 50 % of the ceiling or better. Password login (argon2id) is deliberately
slow and is reported on its own line, not against a target. The bench server runs with demo data in
a temporary SQLite file and with the login throttle limits raised (BUDGETMETER_THROTTLE_*), because
the throttle counts a failure before checking the credentials, so parallel correct logins of one
demo account could meet it; a short probe at the default limits reports how many are refused.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import httpx

from ._common import (
    LOOPBACK,
    Proc,
    RssSampler,
    free_port,
    header,
    ratio_line,
    rss_mb,
    spawn,
    table,
    verdict,
    wait_http,
)
from .loadgen import LoadResult, generator_name, run_load

PREPAID = {"prepaid_code": "1111 2222 33", "postal_code": "9000"}
PASSWORD = {"username": "an.peeters", "password": "Demo-2026!"}
CEILING_ROW = "ceiling: bare Starlette, same JSON"
PASSWORD_ROW = "POST log in, password (argon2id, slow on purpose)"
RAISED_THROTTLE = {
    "BUDGETMETER_THROTTLE_MAX_FAILURES": "1000000",
    "BUDGETMETER_THROTTLE_MAX_FAILURES_PER_ADDRESS": "1000000",
    "BUDGETMETER_THROTTLE_MAX_FAILURES_PER_ADDRESS_PER_DAY": "1000000",
}


def start_api(workdir: Path, log_level: str, env: dict[str, str], name: str = "server") -> Proc:
    port = free_port()
    proc = spawn(
        name,
        [sys.executable, "-m", "server", "--host", LOOPBACK, "--port", str(port), "--database",
         str(workdir / f"{name}.sqlite3"), "--demo", "--forwarded-allow-ips", LOOPBACK, "--log-level", log_level],
        workdir,
        env={"BUDGETMETER_SECRET_KEY": "bench-secret-key-of-at-least-32-characters", **env},
    )
    proc.url = f"http://{LOOPBACK}:{port}"
    wait_http(proc, proc.url + "/healthz")
    return proc


def start_ceiling(workdir: Path, document: dict, log_level: str) -> Proc:
    json_file = workdir / "balance.json"
    json_file.write_text(json.dumps(document))
    port = free_port()
    proc = spawn(
        "ceiling",
        [sys.executable, "-m", "bench.ceiling_app", "--host", LOOPBACK, "--port", str(port), "--json-file",
         str(json_file), "--forwarded-allow-ips", LOOPBACK, "--log-level", log_level],
        workdir,
    )
    proc.url = f"http://{LOOPBACK}:{port}"
    wait_http(proc, proc.url + "/healthz")
    return proc


def fmt(r: LoadResult) -> list[str]:
    return [f"{r.rps_ok:,.0f}", f"{r.p50_ms:.2f}", f"{r.p99_ms:.2f}", f"{r.errors}"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.api_load")
    ap.add_argument("--quick", action="store_true", help="smoke: short runs")
    ap.add_argument("--duration", type=float, default=None, help="seconds per cell (default 5, quick 0.5)")
    ap.add_argument("--concurrency", default="1,10,50")
    ap.add_argument("--generator", default="wrk", choices=["wrk", "python"],
                    help="load generator (default wrk, pinned so runs compare; python only when asked)")
    ap.add_argument("--log-level", default="warning",
                    help="uvicorn log level of both servers (warning = no access log on either side; info = on both)")
    args = ap.parse_args(argv)
    duration = args.duration or (0.5 if args.quick else 5.0)
    warmup = 0.0 if args.quick else 1.0
    levels = [int(c) for c in args.concurrency.split(",")]
    gen = generator_name(args.generator)
    if args.generator == "wrk" and gen != "wrk":
        print("bench.api_load: wrk is not installed (apt-get install wrk); --generator python runs without it, "
              "but its figures do not compare with wrk's.", file=sys.stderr)
        return 2

    header("API load (bench/api_load.py)")
    print(f"   generator {gen}{' (pure-Python client: it may cap the ceiling; compare only within one run)' if gen == 'python' else ''}; "
          f"{duration:g} s per cell after {warmup:g} s warm-up; keep-alive; loopback; uvicorn log level {args.log_level}")

    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        workdir = Path(tmp)
        server = start_api(workdir, args.log_level, RAISED_THROTTLE)
        ceiling = None
        try:
            with httpx.Client(base_url=server.url, timeout=10) as c:
                token = c.post("/api/v1/auth/prepaid", json=PREPAID).raise_for_status().json()["access_token"]
                auth = {"Authorization": f"Bearer {token}"}
                ean = c.get("/api/v1/me", headers=auth).raise_for_status().json()["meters"][0]["ean"]
                document = c.get(f"/api/v1/meters/{ean}/balance", headers=auth).raise_for_status().json()
            ceiling = start_ceiling(workdir, document, args.log_level)
            targets = {
                CEILING_ROW: dict(url=ceiling.url + "/json"),
                "GET balance": dict(url=f"{server.url}/api/v1/meters/{ean}/balance", headers=[f"Authorization: Bearer {token}"]),
                "POST log in, prepaid (HMAC)": dict(url=server.url + "/api/v1/auth/prepaid", method="POST", body=json.dumps(PREPAID)),
                PASSWORD_ROW: dict(
                    url=server.url + "/api/v1/auth/login", method="POST", body=json.dumps(PASSWORD)),
            }
            pid_of = {name: (ceiling.pid if name.startswith("ceiling") else server.pid) for name in targets}
            idle = {"server": rss_mb(server.pid), "ceiling": rss_mb(ceiling.pid)}
            peak_of: dict[str, float] = {}
            results: dict[tuple[str, int], LoadResult] = {}
            deadline = time.monotonic() + (120 if args.quick else 900)  # whole-run safety bound
            # Interleaved per concurrency level, so drifting machine load hits the ceiling and the
            # endpoints alike; password logins last (argon2id's memory stays in the process after).
            plan = [(name, conns) for conns in levels for name in targets if name != PASSWORD_ROW]
            plan += [(PASSWORD_ROW, conns) for conns in (levels[:1] if args.quick else levels)]
            for name, conns in plan:
                if time.monotonic() > deadline:
                    raise RuntimeError("run took too long; stopped")
                spec = targets[name]
                seconds = max(duration, 10.0) if name == PASSWORD_ROW and not args.quick else duration
                if warmup:
                    run_load(**spec, connections=conns, duration=warmup, generator=gen)
                with RssSampler(pid_of[name]) as sampler:
                    results[name, conns] = run_load(**spec, connections=conns, duration=seconds, generator=gen)
                peak_of[name] = max(peak_of.get(name, 0.0), sampler.peak)
            peaks = {"ceiling": peak_of[CEILING_ROW],
                     "server": max(v for k, v in peak_of.items() if k not in (CEILING_ROW, PASSWORD_ROW)),
                     "server, password logins": peak_of[PASSWORD_ROW]}
            after = {"server": rss_mb(server.pid), "ceiling": rss_mb(ceiling.pid)}

            # Default throttle limits: many parallel correct logins of one account.
            probe = None
            if not args.quick:
                probe_server = start_api(workdir, "warning", {}, name="server-default-throttle")
                try:
                    probe = run_load(probe_server.url + "/api/v1/auth/prepaid", 50, 3.0, method="POST",
                                     body=json.dumps(PREPAID), generator=gen)
                finally:
                    probe_server.stop()
        finally:
            server.stop()
            if ceiling:
                ceiling.stop()

    rows = []
    for conns in levels:
        base = results[CEILING_ROW, conns]
        for name in targets:
            r = results.get((name, conns))
            if r is not None:
                rows.append([name, str(conns), *fmt(r), f"{r.rps_ok / base.rps_ok:.3f}" if base.rps_ok else "-"])
    print()
    table(["endpoint", "clients", "req/s (2xx)", "p50 ms", "p99 ms", "errors", "x ceiling"], rows)
    print()
    for conns in levels:
        base = results[CEILING_ROW, conns].rps_ok
        bal = results["GET balance", conns].rps_ok
        ratio_line(f"balance/ceiling req/s at {conns} clients", bal / base if base else 0.0, "x", "ceiling",
                   ">= 0.50x", bal >= 0.5 * base)
        pre = results["POST log in, prepaid (HMAC)", conns].rps_ok
        ratio_line(f"prepaid log in/ceiling req/s at {conns} clients", pre / base if base else 0.0, "x", "ceiling", "", None)
        pw = results.get((PASSWORD_ROW, conns))
        if pw is not None:
            ratio_line(f"password log in (argon2id)/ceiling req/s at {conns} clients", pw.rps_ok / base if base else 0.0,
                       "x", "ceiling", "", None)
    print()
    table(
        ["process (RSS MB)", "idle", "peak under load", "peak x ceiling's"],
        [[k, f"{idle.get(k.split(',')[0], 0.0):.1f}" if "," not in k else "-", f"{v:.1f}",
          f"{v / peaks['ceiling']:.2f}" if peaks["ceiling"] else "-"] for k, v in peaks.items()],
    )
    print(f"   after all load: server {after['server']:.1f} MB, ceiling {after['ceiling']:.1f} MB")
    if peaks["ceiling"]:
        ratio_line("server/ceiling peak RSS under balance + prepaid load", peaks["server"] / peaks["ceiling"], "x",
                   "ceiling process", "", None)
        ratio_line("server/ceiling peak RSS under password-login load", peaks["server, password logins"] / peaks["ceiling"],
                   "x", "ceiling process", "", None)
    if probe is not None:
        print(f"\n   default throttle limits, 50 parallel correct prepaid logins of one account for 3 s: "
              f"{probe.ok} accepted, {probe.errors} refused (the throttle counts a failure before checking)")
    met = all(results["GET balance", c].rps_ok >= 0.5 * results[CEILING_ROW, c].rps_ok for c in levels)
    print(f"\n   target balance >= 50 % of ceiling at every level: {verdict(met)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
