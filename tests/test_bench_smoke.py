"""Smoke of the benchmarks in bench/: each runs in --quick mode and prints its ratio lines.

Only that they ran is checked, never how fast: speed is measured by the benchmarks themselves, as
ratios against a baseline in the same run (bench/README.md), not by timed assertions in tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("BUDGETMETER_CHROMIUM", "/usr/bin/chromium")


def run_quick(name: str, *extra: str, timeout: float = 120) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", f"bench.{name}", "--quick", *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert proc.returncode == 0, f"bench.{name} exited {proc.returncode}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


def ratio_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("RATIO ")]


def test_topup_search_quick():
    out = run_quick("topup_search")
    lines = ratio_lines(out)
    assert any("of brute force" in line for line in lines), out
    assert "MISMATCH" not in out


def test_api_load_quick():
    # wrk, the pinned load generator (.ci/run installs it).
    out = run_quick("api_load")
    assert "generator wrk" in out, out
    lines = ratio_lines(out)
    for conns in (1, 10, 50):
        assert any(line.startswith(f"RATIO balance/ceiling req/s at {conns} clients") for line in lines), out
        assert any(line.startswith(f"RATIO prepaid log in/ceiling req/s at {conns} clients") for line in lines), out
    assert any("password log in" in line for line in lines), out
    assert any("peak RSS" in line for line in lines), out


def test_profiles_quick():
    out = run_quick("profiles")
    for section in ("A household's visit under cProfile", "A caseload visit under cProfile", "An import of readings under cProfile"):
        line = next((line for line in out.splitlines() if section in line), None)
        assert line is not None, out
        shares = [int(part.split()[-1].rstrip("%")) for part in line.split(": ", 1)[1].split(", ")]
        assert sum(shares) in range(98, 103), line  # the groups share the whole time out, rounded
    assert "/api/v1/caseload" in out and "/api/v1/topup-points" in out, out
    # Which packages lead depends on the machine and its caches (a fresh venv's first imports compile): only the row.
    assert any(line.split()[:2] == ["budgetmeter", "--web"] and line.split()[2].replace(".", "").isdigit()
               for line in out.splitlines()), out


def test_app_start_quick():
    # No skip: without Chromium or a starting app this fails, so CI can never pass without measuring.
    assert Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    out = run_quick("app_start")
    assert "SKIP:" not in out, out
    lines = ratio_lines(out)
    assert any("of hello world" in line and "start" in line for line in lines), out
    assert any(line.startswith("RATIO log in to balances drawn") for line in lines), out


def test_web_load_quick():
    assert Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    out = run_quick("web_load", timeout=300)
    assert "SKIP:" not in out, out
    lines = ratio_lines(out)
    assert any(line.startswith("RATIO app first visit bytes/hello world first visit bytes") for line in lines), out
    assert any(line.startswith("RATIO app repeat visit kB/200 kB") for line in lines), out


def test_ingest_quick():
    out = run_quick("ingest", "--no-postgres")
    lines = ratio_lines(out)
    assert any(line.startswith("RATIO SQLite import/executemany readings/s") for line in lines), out
    assert any(line.startswith("RATIO import peak RSS") for line in lines), out
    assert any(line.startswith("RATIO history?days=366 p99") for line in lines), out


def test_alerts_quick():
    out = run_quick("alerts")
    lines = ratio_lines(out)
    assert any(line.startswith("RATIO alerts on/off readings/s (1 alert in 20 readings)") for line in lines), out
    assert any(line.startswith("RATIO reading to mail p99") for line in lines), out
    assert "delay run: mails found/expected" in out, out


def test_caseload_quick():
    out = run_quick("caseload")
    lines = ratio_lines(out)
    assert any(line.startswith("RATIO caseload first page p99") and "of the baseline" in line for line in lines), out
    assert any(line.startswith("RATIO caseload export") for line in lines), out
    # The figure no cache can hide: the first page right after a reading, on two server processes.
    assert any(line.startswith("RATIO first page right after a reading p99") for line in lines), out


def test_chart_data_quick():
    out = run_quick("chart_data")
    lines = ratio_lines(out)
    assert any(line.startswith("RATIO chart 366 days p50/balance card p50") and "target p99 < 300 ms" in line for line in lines), out
    assert "the 366-day answer holds 366 days" in out, out


def test_visit_load_quick():
    # Every path of both visits answered 2xx before it was measured (the bench raises otherwise).
    out = run_quick("visit_load")
    lines = ratio_lines(out)
    assert any(line.startswith("RATIO household visit/ceiling req/s") for line in lines), out
    assert any(line.startswith("RATIO caseload visit/ceiling req/s") for line in lines), out
    assert any(line.startswith("RATIO household visit p99") for line in lines), out


def test_signals_quick():
    # Every batch's readings were applied in both stores (the bench asserts it), on SQLite and PostgreSQL.
    out = run_quick("signals")
    lines = ratio_lines(out)
    assert any(line.startswith("RATIO reading batch with signals on/off (SQLite)") for line in lines), out
    assert any(line.startswith("RATIO reading batch with signals on/off (PostgreSQL)") for line in lines), out
    assert any(line.startswith("RATIO sweep over 4,000 meters on PostgreSQL, first pass") for line in lines), out
    # The sweep found what was marked: a first pass that writes no signal would measure nothing.
    first = next(line for line in out.splitlines() if line.strip().startswith("first sweep"))
    assert int(first.split()[-1].replace(",", "")) > 0, out


def test_web_sessions_quick():
    # nginx is installed by .ci/run (apt): without it this fails, never skips. Every simulated user
    # logged in and saw its balances redrawn after Refresh (a session that failed is counted as an error).
    assert Path("/usr/sbin/nginx").exists(), "nginx not found (apt-get install nginx-light)"
    out = run_quick("web_sessions", timeout=240)
    assert "SKIP:" not in out, out
    lines = ratio_lines(out)
    assert any(line.startswith("RATIO two web processes/one, refreshes/s at saturation") for line in lines), out
    assert "ended with an error" not in out, out
    rows = [line.split() for line in out.splitlines() if line.strip().startswith(("one-web-process ", "two-web-processes "))]
    window_rows = [r for r in rows if len(r) == 10]  # topology, level, sessions, rate, p50, p99, samples, errors, ...
    assert len(window_rows) == 2, out
    assert all(int(r[6]) > 0 and r[7] == "0" for r in window_rows), out  # refreshes measured, no session failed
