"""App start and log in, in headless Chromium, beside a Flet hello world served the same way
(bench/hello_world.py, ft.run(..., view=WEB_BROWSER, no_cdn=True)); and the memory (RSS) of the app
process and its embedded API server after the sessions, beside the hello world's.

    .venv/bin/python -m bench.app_start            # full: 5 starts of each, alternating
    .venv/bin/python -m bench.app_start --quick    # smoke: 1 start of each
    options: --runs N, --chromium /usr/bin/chromium

Measured, from the moment the process is launched (the browser is started once beforehand, and
each page gets a fresh context, so nothing is cached between starts):
  - start: `budgetmeter --web --port N --database <tmp>` (the README's command, embedded API server
    with demo data included) until the login screen's "Inloggen" button is drawn; the hello world
    until its text is drawn. Also the time until the first HTTP 200.
  - log in: from pressing "Inloggen" (Prepaid-code 1111 2222 33, postcode 9000) until An's
    electricity balance "42,17" is drawn.
Targets (issue): start within 1.3x of the hello world; log in to balances under 300 ms on loopback.
Skips (exit 0, message starting with SKIP) when Chromium or Playwright is missing or the app cannot start.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ._common import ROOT, Proc, children_pids, free_port, header, ratio_line, rss_mb, switch_on_semantics, table, verdict, wait_http

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 412, "height": 915}
CODE, POSTCODE, BALANCE = "1111 2222 33", "9000", "42,17"
TIMEOUT_MS = 60_000


def app_command() -> list[str]:
    script = Path(sys.executable).with_name("budgetmeter")
    if script.exists():
        return [str(script)]
    found = shutil.which("budgetmeter")
    return [found] if found else [sys.executable, "-m", "app.launcher"]


def browser_env() -> dict[str, str]:
    # No DISPLAY: flet serves web without trying to open a browser (checked with Flet 1.0.5).
    return {"DISPLAY": "", "WAYLAND_DISPLAY": "", "FLET_WEB_NO_CDN": "1"}


API_URL: str | None = None  # set in main: a running API for the "app-api" variant


def launch(kind: str, workdir: Path, n: int) -> tuple[Proc, str, float]:
    port = free_port()
    if kind == "hello":
        args = [sys.executable, "-m", "bench.hello_world", "--port", str(port)]
        cwd = ROOT
    elif kind == "app-api":
        args = app_command() + ["--web", "--port", str(port), "--api-url", str(API_URL)]
        cwd = workdir
    else:
        args = app_command() + ["--web", "--port", str(port), "--database", str(workdir / f"app-{n}.sqlite3")]
        cwd = workdir  # never the repository: the app must find its files relative to its code
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["FLET_WEB_NO_CDN"] = "1"
    t0 = time.monotonic()
    log_path = workdir / f"{kind}-{n}.log"
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen(args, stdout=log_file, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    proc = Proc(f"{kind}-{n}", process, log_path, f"http://127.0.0.1:{port}")
    return proc, proc.url, t0


def draw_wait(page, kind: str):
    from playwright.sync_api import expect

    if kind == "hello":
        expect(page.get_by_text("Hello, world")).to_be_visible(timeout=TIMEOUT_MS)
    else:
        expect(page.get_by_role("button", name="Inloggen")).to_be_visible(timeout=TIMEOUT_MS)


def balance_locator(page):
    return page.get_by_text(BALANCE, exact=False).or_(page.locator(f'[aria-label*="{BALANCE}"]')).first


def one_start(browser, kind: str, workdir: Path, n: int, login: bool) -> dict:
    from playwright.sync_api import expect

    proc, url, t0 = launch(kind, workdir, n)
    context = browser.new_context(viewport=PHONE, locale="nl-BE")
    try:
        t_http = wait_http(proc, url, timeout=60, interval=0.01) - t0
        page = context.new_page()
        # The start's timeline: Flet's WebSocket frames from the server (the app's session answering,
        # then its screen as patches), beside the page's own load and the drawn screen.
        frames: list[float] = []
        page.on("websocket", lambda ws: ws.on("framereceived", lambda _data: frames.append(time.monotonic())))
        page.goto(url)
        t_loaded = time.monotonic() - t0
        switch_on_semantics(page, TIMEOUT_MS)
        draw_wait(page, kind)
        t_drawn = time.monotonic() - t0
        before = [f - t0 for f in frames if f - t0 <= t_drawn]
        out = {"http": t_http, "loaded": t_loaded, "first_frame": before[0] if before else t_drawn,
               "last_frame": before[-1] if before else t_drawn, "drawn": t_drawn}
        if login:
            for label, value in (("Prepaid-code", CODE), ("Postcode", POSTCODE)):
                field = page.get_by_label(label).first
                field.click()
                field.fill(value)
            page.wait_for_timeout(300)  # let the last keystrokes reach the server (checked with Flet 1.0.5)
            button = page.get_by_role("button", name="Inloggen")
            t1 = time.monotonic()
            button.click()
            expect(balance_locator(page)).to_be_visible(timeout=TIMEOUT_MS)
            out["login"] = time.monotonic() - t1
        page.wait_for_timeout(300)
        pids = [proc.pid] + children_pids(proc.pid)
        out["rss"] = {pid: rss_mb(pid) for pid in pids}
        return out
    except Exception as exc:
        raise RuntimeError(f"{kind} (run {n}): {str(exc).strip()[:800]}\n--- its log:\n{proc.log()[-1200:]}") from None
    finally:
        context.close()
        proc.stop()  # the launcher stops its embedded server on exit


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.app_start")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--runs", type=int, default=None)
    ap.add_argument("--chromium", default=os.environ.get("BUDGETMETER_CHROMIUM", "/usr/bin/chromium"))
    args = ap.parse_args(argv)
    runs = args.runs or (1 if args.quick else 5)

    header("App start (bench/app_start.py)")
    if not Path(args.chromium).exists():
        print(f"SKIP: Chromium not found at {args.chromium} (apt-get install chromium)")
        return 0
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("SKIP: playwright is not installed (pip install -e '.[test]')")
        return 0
    print(f"   app command: {' '.join(Path(a).name if i == 0 else a for i, a in enumerate(app_command()))} --web --port N "
          f"--database <tmp>; baseline: python -m bench.hello_world; {runs} start(s) each, alternating; "
          f"Chromium {args.chromium}, started once before")

    kinds = ["hello", "app"] + ([] if args.quick else ["app-api"])
    times: dict[str, list[dict]] = {k: [] for k in kinds}
    global API_URL
    with tempfile.TemporaryDirectory(prefix="bench-app-") as tmp, sync_playwright() as p:
        workdir = Path(tmp)
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        api = None
        try:
            # The app first: skip cleanly when it cannot start. In full mode this start and one of
            # the hello world are unmeasured warm-ups (page cache, Chromium); in quick mode it counts.
            try:
                first = one_start(browser, "app", workdir, 0, login=True)
            except Exception as exc:  # noqa: BLE001 - reported, then skipped
                print(f"SKIP: the app could not start or draw its login screen: {str(exc).strip()[:1500]}")
                return 0
            if args.quick:
                times["app"].append(first)
            else:
                one_start(browser, "hello", workdir, 0, login=False)
                from .api_load import start_api

                api = start_api(workdir, "info", {}, name="api-for-app")
                API_URL = api.url
            for n in range(1, runs + 1):
                order = kinds[n % len(kinds):] + kinds[: n % len(kinds)]  # rotate: no kind always first
                for kind in order:
                    if args.quick and kind == "app":
                        continue
                    times[kind].append(one_start(browser, kind, workdir, n, login=kind != "hello"))
        finally:
            browser.close()
            if api is not None:
                api.stop()

    med = lambda kind, key: statistics.median(r[key] for r in times[kind])  # noqa: E731
    hello_start, app_start = med("hello", "drawn"), med("app", "drawn")
    login = med("app", "login")
    rows = [
        ["hello world: launch -> text drawn", f"{med('hello', 'http'):.2f}", f"{hello_start:.2f}",
         f"{min(r['drawn'] for r in times['hello']):.2f}", f"{max(r['drawn'] for r in times['hello']):.2f}", "1.00"],
        ["budgetmeter --web: launch -> login drawn", f"{med('app', 'http'):.2f}", f"{app_start:.2f}",
         f"{min(r['drawn'] for r in times['app']):.2f}", f"{max(r['drawn'] for r in times['app']):.2f}",
         f"{app_start / hello_start:.2f}"],
    ]
    if times.get("app-api"):
        rows.append(["  same, --api-url to a running API", f"{med('app-api', 'http'):.2f}", f"{med('app-api', 'drawn'):.2f}",
                     f"{min(r['drawn'] for r in times['app-api']):.2f}", f"{max(r['drawn'] for r in times['app-api']):.2f}",
                     f"{med('app-api', 'drawn') / hello_start:.2f}"])
    print()
    table(["start (s, median of runs)", "HTTP 200", "drawn", "min", "max", "x hello"], rows)
    print("\n   Where a start's time goes (median s from the launch; a frame: a WebSocket message from the web process):")
    steps = [("http", "HTTP 200"), ("loaded", "page loaded"), ("first_frame", "first frame"), ("last_frame", "last frame"),
             ("drawn", "drawn")]
    timeline = []
    for kind in kinds:
        if times.get(kind):
            marks = [med(kind, key) for key, _ in steps]
            timeline.append([kind] + [f"{m:.2f}" for m in marks]
                            + [" / ".join(f"{b - a:.2f}" for a, b in zip([0.0] + marks, marks))])
    table(["who"] + [name for _, name in steps] + ["each step's own time"], timeline)
    print(f"\n   log in -> balances drawn: median {login * 1e3:.0f} ms "
          f"(min {min(r['login'] for r in times['app']) * 1e3:.0f}, max {max(r['login'] for r in times['app']) * 1e3:.0f}) "
          f"over {runs} run(s)" + (f"; with --api-url: median {med('app-api', 'login') * 1e3:.0f} ms"
                                    if times.get("app-api") else ""))

    # Memory after the session of the last run: the launcher (Flet web server) and its embedded API server.
    last_app, last_hello = times["app"][-1]["rss"], times["hello"][-1]["rss"]
    app_pids = list(last_app)
    hello_rss = sum(last_hello.values())
    mem_rows = [["hello world process(es)", f"{hello_rss:.1f}", "1.00"]]
    if app_pids:
        mem_rows.append(["budgetmeter app process (Flet web)", f"{last_app[app_pids[0]]:.1f}",
                         f"{last_app[app_pids[0]] / hello_rss:.2f}" if hello_rss else "-"])
        rest = sum(last_app[pid] for pid in app_pids[1:])
        mem_rows.append(["its embedded API server", f"{rest:.1f}", "-"])
    print()
    table(["process after one session (RSS MB)", "RSS", "x hello"], mem_rows)
    print()
    ratio_line("app start/hello world start (launch to first screen drawn)", app_start / hello_start, "x",
               "hello world", "<= 1.30x", app_start <= 1.3 * hello_start)
    ratio_line("log in to balances drawn, ms/300 ms", login / 0.300, "x", "the 300 ms target", "< 300 ms", login < 0.300)
    if app_pids and hello_rss:
        ratio_line("app process/hello world RSS after one session", last_app[app_pids[0]] / hello_rss, "x",
                   "hello world", "", None)
    print(f"\n   targets: start within 1.3x of hello world: {verdict(app_start <= 1.3 * hello_start)}; "
          f"log in to balances < 300 ms: {verdict(login < 0.300)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
