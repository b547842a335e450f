"""Bytes on the wire and time until the log-in screen is drawn, in headless Chromium on a slow 4G
network (issue 12), first visit and repeat visit, beside a Flet hello world served the default way
(bench/hello_world.py: ft.run(..., view=WEB_BROWSER, no_cdn=True)) in the same run.

    .venv/bin/python -m bench.web_load            # full: throttled, our app, the hello world, and our
                                                  # app served the default way (before issue 12)
    .venv/bin/python -m bench.web_load --quick    # smoke: no throttling, our app and the hello world
    options: --runs N, --chromium /usr/bin/chromium

Throttling: CDP Network.emulateNetworkConditions, 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip
(Lighthouse's "slow 4G"). Bytes: what Chromium received for every request of the page (CDP
Network.loadingFinished encodedDataLength: compressed body and headers; 0 for a file from the cache)
plus the websocket frames both ways, until the screen is drawn. Time: from navigation until the
log-in screen's "Inloggen" button (the hello world's text) is in Flutter's semantics tree, i.e. drawn.
First visit: a fresh browser context (empty cache). Repeat visit: a new tab in the same context.
The app is served by `budgetmeter --web --api-url <nothing listening>` (the log-in screen needs no
API); its web client is compressed once beforehand (python -m app.web.precompress, what .ci/run does
at install), as on a machine where it ran before.
Targets (issue 12): first visit <= 5 MB and <= 40 % of the hello world's bytes; repeat visit < 200 kB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ._common import ROOT, Proc, free_port, header, ratio_line, switch_on_semantics, table, verdict, wait_http

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 412, "height": 915}
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
TIMEOUT_MS = 300_000
MB = 1_000_000

#: Our app served the way it was before issue 12: ft.run's web mode (no compression, no cache lifetimes).
DEFAULT_WAY = """
import sys
from pathlib import Path
import flet as ft
from app.main import make_main
ft.run(make_main(sys.argv[2]), view=ft.AppView.WEB_BROWSER, host="127.0.0.1", port=int(sys.argv[1]), no_cdn=True,
       assets_dir=str(Path("{root}") / "assets"))
"""

KINDS = {
    "hello": "Flet hello world, served the default way",
    "app": "budgetmeter --web (compressed, cacheable)",
    "app-default": "budgetmeter app served the default way (before)",
}


def launch(kind: str, workdir: Path) -> Proc:
    port = free_port()
    dead_api = f"http://127.0.0.1:{free_port()}"
    if kind == "hello":
        args = [sys.executable, "-m", "bench.hello_world", "--port", str(port)]
    elif kind == "app":
        args = [sys.executable, "-m", "app.launcher", "--web", "--port", str(port), "--api-url", dead_api]
    else:
        args = [sys.executable, "-c", DEFAULT_WAY.format(root=ROOT), str(port), dead_api]
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["FLET_WEB_NO_CDN"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    log_path = workdir / f"{kind}.log"
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen(args, stdout=log_file, stderr=subprocess.STDOUT, env=env, cwd=workdir)
    proc = Proc(kind, process, log_path, f"http://127.0.0.1:{port}")
    wait_http(proc, proc.url, timeout=90)
    return proc


class Wire:
    """Counts what the page received and sent over the network, from the DevTools protocol."""

    def __init__(self, cdp) -> None:
        self.bytes = 0
        self.requests = 0
        self.from_cache = 0
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.requestServedFromCache", self._cached)
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.on("Network.webSocketFrameSent", self._frame)

    def _finished(self, event) -> None:
        self.bytes += int(event.get("encodedDataLength", 0))
        self.requests += 1

    def _cached(self, _event) -> None:
        self.from_cache += 1

    def _frame(self, event) -> None:
        response = event.get("response", {})
        data = response.get("payloadData", "")
        # Binary frames (opcode 2, Flet's msgpack) come base64-encoded; 2 bytes of frame header.
        self.bytes += (len(data) * 3 // 4 if response.get("opcode") == 2 else len(data.encode())) + 2


def visit(context, url: str, kind: str, throttle: bool) -> dict:
    from playwright.sync_api import expect

    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if throttle:
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    wire = Wire(cdp)
    t0 = time.monotonic()
    page.goto(url, timeout=TIMEOUT_MS)
    switch_on_semantics(page, TIMEOUT_MS)
    if kind == "hello":
        expect(page.get_by_text("Hello, world")).to_be_visible(timeout=TIMEOUT_MS)
    else:
        expect(page.get_by_role("button", name="Inloggen")).to_be_visible(timeout=TIMEOUT_MS)
    drawn = time.monotonic() - t0
    page.wait_for_timeout(300)  # the last responses' loadingFinished events
    out = {"bytes": wire.bytes, "requests": wire.requests, "cached": wire.from_cache, "drawn": drawn}
    page.close()
    return out


def measure(browser, kind: str, workdir: Path, throttle: bool) -> dict:
    proc = launch(kind, workdir)
    context = browser.new_context(viewport=PHONE, locale="nl-BE")
    try:
        first = visit(context, proc.url, kind, throttle)
        repeat = visit(context, proc.url, kind, throttle)
        return {"first": first, "repeat": repeat}
    except Exception as exc:
        raise RuntimeError(f"{kind}: {str(exc).strip()[:800]}\n--- its log:\n{proc.log()[-1500:]}") from None
    finally:
        context.close()
        proc.stop()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.web_load")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--chromium", default=os.environ.get("BUDGETMETER_CHROMIUM", "/usr/bin/chromium"))
    args = ap.parse_args(argv)
    throttle = not args.quick
    kinds = ["hello", "app"] + ([] if args.quick else ["app-default"])

    header("Web client load (bench/web_load.py)")
    if not Path(args.chromium).exists():
        print(f"SKIP: Chromium not found at {args.chromium} (apt-get install chromium)")
        return 0
    from playwright.sync_api import sync_playwright

    network = "slow 4G: 1.6 Mbit/s down, 750 kbit/s up, 150 ms RTT" if throttle else "loopback, not throttled (quick)"
    print(f"   network: {network}; {args.runs} run(s) of each; Chromium {args.chromium}, phone viewport")
    # Compressed once, as at install (app/web/precompress.py); a no-op when it was done before.
    subprocess.run([sys.executable, "-m", "app.web.precompress"], cwd=ROOT, check=True, capture_output=True)

    results: dict[str, list[dict]] = {k: [] for k in kinds}
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        try:
            for n in range(args.runs):
                for kind in kinds[n % len(kinds):] + kinds[: n % len(kinds)]:
                    results[kind].append(measure(browser, kind, Path(tmp), throttle))
        finally:
            browser.close()

    def med(kind: str, visit_name: str, key: str) -> float:
        return statistics.median(r[visit_name][key] for r in results[kind])

    hello_bytes = med("hello", "first", "bytes")
    rows = []
    for kind in kinds:
        for visit_name in ("first", "repeat"):
            b = med(kind, visit_name, "bytes")
            rows.append([
                f"{KINDS[kind]}: {visit_name} visit",
                f"{b / MB:.2f}",
                f"{med(kind, visit_name, 'requests'):.0f}",
                f"{med(kind, visit_name, 'drawn'):.1f}",
                f"{b / hello_bytes * 100:.0f} %",
            ])
    print()
    table(["until the first screen is drawn", "MB on the wire", "requests", "seconds", "of hello world's first"], rows)

    app_first, app_repeat = med("app", "first", "bytes"), med("app", "repeat", "bytes")
    share = app_first / hello_bytes
    print()
    ratio_line("app first visit bytes/hello world first visit bytes", share * 100, " %", "hello world", "<= 40 %",
               share <= 0.40)
    ratio_line("app first visit MB/5 MB", app_first / (5 * MB), "x", "the 5 MB target", "<= 1", app_first <= 5 * MB)
    ratio_line("app repeat visit kB/200 kB", app_repeat / 200_000, "x", "the 200 kB target", "< 1", app_repeat < 200_000)
    ratio_line("app time to log-in screen/hello world time to text", med("app", "first", "drawn") / med("hello", "first", "drawn"),
               "x", "hello world", "", None)
    if "app-default" in results and results["app-default"]:
        ratio_line("app first visit bytes/same app served the default way", app_first / med("app-default", "first", "bytes") * 100,
                   " %", "the app before issue 12", "", None)
    print(f"\n   targets: first visit <= 5 MB: {verdict(app_first <= 5 * MB)}; <= 40 % of hello world: "
          f"{verdict(share <= 0.40)}; repeat visit < 200 kB: {verdict(app_repeat < 200_000)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
