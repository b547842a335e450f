"""The balance chart's data on its way to the screen: a meter's history fetched by the app's API client,
turned into the chart's series and summary (app/state/balance_history.py), the chart built
(app/widgets/balance_chart.py) and sent as Flet sends it to the browser (the page's patch, packed with
Flet's own MessagePack encoder onto a recording connection instead of a WebSocket).

    .venv/bin/python -m bench.chart_data            # full: 366 days, 4 readings a day, 200 rounds per case
    .venv/bin/python -m bench.chart_data --quick    # smoke: 20 rounds
    options: --rounds N --readings-per-day N

Target (issue 13): the chart's data for 366 days reaches the screen in < 300 ms after opening the
meter. Measured: API call over loopback (a real server with an imported year of readings and top-ups)
+ series + summary sentence + widget build + Flet diff and encoding. Not measured: the WebSocket hop
and Flutter's layout and paint in the browser (tests/e2e/test_charts_map.py shows the chart drawn;
bench/app_start.py times a comparable browser round trip for the balances).

Baseline in the same run: the meter screen's balance card the same way (GET balance, build the card,
diff and encode), the step the app already meets its "balances drawn" target with.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import flet as ft
import msgpack
from flet.controls.base_control import BaseControl
from flet.controls.context import _context_page
from flet.messaging.connection import Connection
from flet.messaging.protocol import configure_encode_object_for_msgpack
from flet.messaging.session import Session as FletSession
from flet.pubsub.pubsub_hub import PubSubHub

from app.api.client import BudgetmeterClient
from app.i18n import Translator
from app.state.balance_history import chart_series, emergency_credit_floor, history_summary
from app.widgets.balance_card import balance_card
from app.widgets.balance_chart import balance_chart
from app.words.history import summary_sentence
from server.rules.ean import make_ean

from ._common import ROOT, free_port, header, ratio_line, spawn, table, wait_http

# Outside --demo the server wants the account households pay into; an example IBAN, never paid into.
ENV = {**os.environ, "BUDGETMETER_SECRET_KEY": "bench-secret-key-of-at-least-32-characters", "PYTHONPATH": str(ROOT),
       "BUDGETMETER_PAYMENT_IBAN": "BE62 5100 0754 7061", "BUDGETMETER_PAYMENT_BENEFICIARY": "Bench Netbeheerder"}
EAN = make_ean("713000000001")
PREPAID, POSTCODE = "5100000001", "9000"
DAYS = 370  # a few more than the chart's 366, so every asked day has data


def write_data(workdir: Path, per_day: int) -> dict[str, Path]:
    """A household with one electricity meter and a year of readings and top-ups (the operator's CSVs)."""
    files = {k: workdir / f"{k}.csv" for k in ("accounts", "readings", "topups")}
    with files["accounts"].open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["account_ref", "display_name", "postal_code", "language", "prepaid_code", "ean", "energy",
                    "emergency_credit_limit_cents"])
        w.writerow(["bench-chart", "Huishouden grafiek", POSTCODE, "nl", PREPAID, EAN, "electricity", 2000])
    end = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(minutes=30)
    step = timedelta(days=1) / per_day
    balance, n = 4000, DAYS * per_day
    with files["readings"].open("w", newline="") as fr, files["topups"].open("w", newline="") as ft_:
        readings, topups = csv.writer(fr), csv.writer(ft_)
        readings.writerow(["event_id", "ean", "read_at", "balance_cents", "emergency_credit_available_cents",
                           "emergency_credit_in_use", "minimum_supply_active"])
        topups.writerow(["event_id", "ean", "amount_cents", "loaded_at", "channel"])
        for i in range(n):
            at = end - step * (n - 1 - i)
            balance -= 30 + (i * 37) % 40  # about 2 euro a day at 4 readings a day
            if balance < -1500:  # tops up once into the negative credit, as many households do
                balance += 5000
                topups.writerow([f"t{i}", EAN, 5000, at.isoformat(), "terminal"])
            readings.writerow([f"r{i}", EAN, at.isoformat(), balance, 2000, "false", "false"])
    return files


def import_all(files: dict[str, Path], database: str) -> None:
    for kind in ("accounts", "readings", "topups"):
        proc = subprocess.run([sys.executable, "-m", "server", "import", kind, str(files[kind]), "--database", database],
                              env=ENV, cwd=ROOT, capture_output=True, text=True)
        if proc.returncode:
            raise SystemExit(f"import {kind} failed: {proc.stdout[-1500:]} {proc.stderr[-1500:]}")


class EncodingConnection(Connection):
    """What Flet's web server does with a message, short of the socket: pack it with Flet's encoder."""

    def __init__(self) -> None:
        super().__init__()
        self.sent_bytes = 0
        self._encode = configure_encode_object_for_msgpack(BaseControl)

    def send_message(self, message) -> None:
        self.sent_bytes += len(msgpack.packb([message.action, message.body], default=self._encode))


def flet_page() -> tuple[ft.Page, FletSession, EncodingConnection]:
    conn = EncodingConnection()
    conn.loop = asyncio.get_running_loop()
    conn.pubsubhub = PubSubHub(loop=conn.loop)
    session = FletSession(conn)
    _context_page.set(session.page)
    # What the server answers a connecting client, packed as it does: packing records the snapshots
    # that later patches are computed against.
    conn.sent_bytes += len(msgpack.packb(session.get_page_patch(), default=conn._encode))
    return session.page, session, conn


async def measure(url: str, rounds: int) -> dict[str, tuple[list[float], int, int]]:
    t = Translator("nl")
    async with BudgetmeterClient(url) as anon:
        token = await anon.login_prepaid(PREPAID, POSTCODE)
        api = anon.with_token(token.access_token)
        page, _session, conn = flet_page()

        phases: dict[str, list[float]] = {}

        def lap(name: str, since: float) -> float:
            now = time.perf_counter()
            phases.setdefault(name, []).append((now - since) * 1000)
            return now

        async def show(build) -> tuple[float, int]:
            page.controls = []
            page.update()
            before = conn.sent_bytes
            start = time.perf_counter()
            page.controls = [await build()]
            built = time.perf_counter()
            page.update()
            lap("diff + encode", built)
            return (time.perf_counter() - start) * 1000, conn.sent_bytes - before

        async def card():
            b = await api.balance(EAN)
            now = datetime.now(timezone.utc)
            return balance_card(t, b, fetched_at=now, now=now)

        floor = None

        def chart(days: int):
            async def build():
                t0 = time.perf_counter()
                history = await api.meter_history(EAN, days)
                t1 = lap("fetch", t0)
                series = chart_series(history, days, floor)
                sentence = summary_sentence(t, history_summary(series))
                t2 = lap("series + sentence", t1)
                control = ft.Column([ft.Text(sentence), balance_chart(t, series)])
                lap("widget", t2)
                return control

            return build

        b = await api.balance(EAN)
        floor = emergency_credit_floor(emergency_credit_limit_cents=b.emergency_credit.limit_cents,
                                       negative_credit_limit_cents=b.negative_credit_limit_cents)
        cases = {"balance card (baseline)": card, "chart 30 days": chart(30), "chart 90 days": chart(90),
                 "chart 366 days": chart(366)}
        history = await api.meter_history(EAN, 366)
        series = chart_series(history, 366, floor)
        print(f"   the 366-day answer holds {len(history.days)} days, {len(series.topups)} with a top-up; "
              f"{sentence_of(t, series)}")
        out = {}
        for name, build in cases.items():
            for _ in range(5):  # warm-up: imports, Babel's tables, the connection pool
                await show(build)
            times, size = [], 0
            phases.clear()
            for _ in range(rounds):
                ms, size = await show(build)
                times.append(ms)
            out[name] = (sorted(times), size, len(history.days))
            if name == "chart 366 days":
                out["_phases"] = {k: sorted(v) for k, v in phases.items()}
        return out


def sentence_of(t: Translator, series) -> str:
    return f'"{summary_sentence(t, history_summary(series))}"'


def pct(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q / 100 * len(values)))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.chart_data")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--rounds", type=int, default=None)
    ap.add_argument("--readings-per-day", type=int, default=4)
    args = ap.parse_args(argv)
    rounds = args.rounds or (20 if args.quick else 200)

    header("Balance chart data to the screen (bench/chart_data.py)")
    with tempfile.TemporaryDirectory(prefix="bench-chart-") as tmp:
        workdir = Path(tmp)
        database = str(workdir / "chart.sqlite3")
        t0 = time.perf_counter()
        import_all(write_data(workdir, args.readings_per_day), database)
        print(f"   {DAYS} days x {args.readings_per_day} readings imported in {time.perf_counter() - t0:.1f} s; "
              f"{rounds} rounds per case after 5 warm-up rounds")
        port = free_port()
        server = spawn("server", [sys.executable, "-m", "server", "--port", str(port), "--database", database,
                                  "--log-level", "warning"], workdir, env=ENV)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_http(server, url + "/healthz")
            results = asyncio.run(measure(url, rounds))
        finally:
            server.stop()

    phases = results.pop("_phases")
    rows = [[name, f"{statistics.fmean(v):.1f}", f"{pct(v, 50):.1f}", f"{pct(v, 99):.1f}", f"{size / 1024:.0f}"]
            for name, (v, size, _days) in results.items()]
    print()
    table(["what reaches the wire", "mean ms", "p50 ms", "p99 ms", "patch kB"], rows)
    print()
    table(["chart 366 days, by step", "mean ms", "p50 ms", "p99 ms"],
          [[k, f"{statistics.fmean(v):.1f}", f"{pct(v, 50):.1f}", f"{pct(v, 99):.1f}"] for k, v in phases.items()])
    print()
    base = pct(results["balance card (baseline)"][0], 50)
    for name in ("chart 30 days", "chart 366 days"):
        p99 = pct(results[name][0], 99)
        met = p99 < 300 if name == "chart 366 days" else None
        ratio_line(f"{name} p50/balance card p50", pct(results[name][0], 50) / base, "x", "the balance card",
                   f"p99 < 300 ms (was {p99:.1f} ms)", met)
    print("   (not included: the WebSocket hop and Flutter's layout and paint in the browser)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
