"""Runs every benchmark one after the other, each in its own process, and prints their tables.

    .venv/bin/python -m bench.run_all            # full (about 25 minutes on 2 cores)
    .venv/bin/python -m bench.run_all --quick    # smoke (under a minute)
    .venv/bin/python -m bench.run_all --only api_load,topup_search
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from ._common import ROOT, load_average

BENCHMARKS = ("topup_search", "api_load", "visit_load", "app_start", "ingest", "web_load", "caseload", "chart_data", "alerts", "signals",
              "web_sessions", "profiles")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.run_all")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", default=",".join(BENCHMARKS))
    args = ap.parse_args(argv)
    failed = []
    print(f"load average at start: {load_average()}", flush=True)
    for name in [n for n in args.only.split(",") if n]:
        if name not in BENCHMARKS:
            raise SystemExit(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")
        command = [sys.executable, "-m", f"bench.{name}"] + (["--quick"] if args.quick else [])
        print(f"\n$ {' '.join(['.venv/bin/python'] + command[1:])}", flush=True)
        t = time.monotonic()
        code = subprocess.run(command, cwd=ROOT, timeout=1800).returncode
        print(f"({name}: {time.monotonic() - t:.0f} s, exit {code})", flush=True)
        if code:
            failed.append(name)
    print(f"\nload average at end: {load_average()}")
    if failed:
        print(f"FAILED: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
