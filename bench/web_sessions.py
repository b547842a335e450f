"""Web sessions per process (issue 22): simulated households log in to the web app and press Refresh
every few seconds, through nginx, against one web process and against two, configured as in deploy/.

    .venv/bin/python -m bench.web_sessions            # full: levels of 25 .. 200 sessions a process
    .venv/bin/python -m bench.web_sessions --quick    # smoke: 3 sessions a process, short windows
    options: --levels 25,50,100 --window 15 --think 2,4; BENCH_KEEP=1 keeps the run folder (logs, configs)

Topology, twice (one web process, two web processes), both up for the whole run:
  nginx rendered from deploy/nginx.conf (Debian's nginx: sticky web sessions by the bm_route cookie,
  round-robin /api/), each web process `python -m app.launcher --web --api-url` beside its own API
  process (`python -m server`), as deploy/supervisord.conf pairs them; one SQLite store for all,
  holding bench.caseload's households (two meters each). The web client is precompressed once
  (`python -m app.web.precompress --quick`), as at deploy time. API login throttles raised as in
  bench.api_load: every log-in of the run comes from the web processes' one address.
A simulated user is bench/flet_client.py: the browser's side of the Flet web protocol, recorded from
headless Chromium (no drawing). It loads `/` (nginx's sticky cookie), opens the WebSocket, registers
at phone size, types its Prepaid-code and postcode, presses "Inloggen" and waits until its balances
are drawn; then, after a think time drawn uniformly in --think seconds, presses "Vernieuwen" and
times until the screen has been redrawn with its balances (the Refresh button back, no progress bar):
"refresh pressed to balances drawn", the server's part of it (a browser adds its paint).
Measured:
  - levels: sessions per web process grow by levels (new users log in; those before keep
    refreshing); at each level each topology is measured for --window seconds in turn, the other's
    sessions staying open but idle: p50/p99 of the refresh, refreshes/s. A topology leaves the ladder
    after its first level with p99 >= 1 s.
  - throughput: the first 20 sessions a process refresh without thinking (saturation), 3 rounds
    per topology interleaved; refreshes/s, median of the rounds; the ratio two/one.
  - memory: the web processes' RSS with no session and with the most sessions: MB per session.
The load generator (this process) runs on the same cores: its CPU seconds per window are printed.
Target (issue 22): two processes' throughput >= 1.8x one's; sessions per process at p99 < 1 s and
MB per session go to the README's capacity table.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from server.store.db import Database
from server.store.schema import migrate

from ._common import LOOPBACK, ROOT, Proc, free_port, header, ratio_line, rss_mb, spawn, table, verdict, wait_http
from .api_load import RAISED_THROTTLE
from .caseload import PAYMENT_ENV, SECRET, fill, pct
from .flet_client import ControlTree, FletWebClient, button, labelled

NGINX = "/usr/sbin/nginx"
P99_LIMIT = 1.0
SATURATION_SESSIONS = 20  # a process, for the throughput rounds
REFRESH, BUSY = "Vernieuwen", "Bezig met vernieuwen"
is_refresh = button(REFRESH)


def balances_drawn(tree: ControlTree) -> dict | None:
    """The home screen with its balance cards, not refreshing: the Refresh button, else None."""
    refresh = busy = cards = None
    for c in tree.controls():
        kind = c.get("_c")
        if kind == "ProgressBar" and c.get("semantics_label") == BUSY:
            busy = c
        elif kind == "ResponsiveRow" and any(x.get("_c") == "Card" for x in c.get("controls", ())):
            cards = c
        elif is_refresh(c):
            refresh = c
    return refresh if refresh is not None and cards is not None and busy is None and not refresh.get("disabled") else None


def refreshing(tree: ControlTree) -> bool:
    found = tree.find(is_refresh)
    return bool(found and found.get("disabled"))


# -- the topology ------------------------------------------------------------------------------


def render_nginx(run: Path, port: int, web_ports: list[int], api_ports: list[int]) -> Path:
    """deploy/nginx.conf as try-local.sh renders it (no TLS, loopback), upstreams set to our ports."""
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = "\n".join(line for line in site.splitlines() if not line.rstrip().endswith("# tls"))
    site = site.replace("    server_name _;", f"    listen {LOOPBACK}:{port};\n    server_name _;")
    site = site.replace("/var/log/nginx/budgetmeter.access.log", str(run / "access.log"))

    def upstream(name: str, ports: list[int], site: str) -> str:
        block = re.search(rf"upstream {name} \{{.*?\n\}}", site, re.S)[0]
        servers = "".join(f"    server {LOOPBACK}:{p} max_fails=1 fail_timeout=5s;\n" for p in ports)
        new = re.sub(r"(    server .*\n)+", servers, block, count=1)
        return site.replace(block, new)

    site = upstream("budgetmeter_web", web_ports, site)
    site = upstream("budgetmeter_api", api_ports, site)
    (run / "site.conf").write_text(site)
    conf = run / "nginx.conf"
    temp = "\n".join(f"    {kind}_temp_path {run}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf.write_text(f"daemon off;\npid {run}/nginx.pid;\nerror_log {run}/error.log;\nworker_processes 1;\n"
                    f"events {{ worker_connections 4096; }}\nhttp {{\n{temp}\n    include {run}/site.conf;\n}}\n")  # fmt: skip
    return conf


@dataclass
class Topology:
    name: str
    url: str
    web: list[Proc]
    others: list[Proc]
    sessions: list[User] = field(default_factory=list)

    def web_rss(self) -> float:
        return sum(rss_mb(p.pid) for p in self.web)

    def stop(self) -> None:
        for p in self.web + self.others:
            p.stop()


def start_topology(name: str, processes: int, workdir: Path, database: str, cache: Path) -> Topology:
    run = workdir / name
    run.mkdir()
    api, web = [], []
    api_env = {"BUDGETMETER_SECRET_KEY": SECRET, **PAYMENT_ENV, **RAISED_THROTTLE}
    web_env = {"BUDGETMETER_WEB_CACHE": str(cache), "DISPLAY": "", "WAYLAND_DISPLAY": ""}
    for i in range(processes):
        port = free_port()
        proc = spawn(f"{name}-api-{i}", [sys.executable, "-m", "server", "--host", LOOPBACK, "--port", str(port),
                                         "--database", database, "--log-level", "warning"], run, env=api_env)  # fmt: skip
        proc.url = f"http://{LOOPBACK}:{port}"
        api.append(proc)
    for i, a in enumerate(api):
        wait_http(a, a.url + "/healthz")
        port = free_port()
        proc = spawn(f"{name}-web-{i}", [sys.executable, "-m", "app.launcher", "--web", "--host", LOOPBACK,
                                         "--port", str(port), "--api-url", a.url], run, env=web_env)  # fmt: skip
        proc.url = f"http://{LOOPBACK}:{port}"
        web.append(proc)
    for w in web:
        wait_http(w, w.url + "/")
    port = free_port()
    conf = render_nginx(run, port, [int(w.url.rsplit(":", 1)[1]) for w in web], [int(a.url.rsplit(":", 1)[1]) for a in api])
    nginx = spawn(f"{name}-nginx", [NGINX, "-p", str(run), "-c", str(conf), "-e", str(run / "error.log")], run)
    url = f"http://{LOOPBACK}:{port}"
    wait_http(nginx, url + "/healthz")
    return Topology(name, url, web, api + [nginx])


# -- the simulated users ------------------------------------------------------------------------


class User:
    """One household in one browser tab: logs in once, then refreshes while `active` is set."""

    def __init__(self, url: str, code: str, postcode: str, think: tuple[float, float], rng: random.Random) -> None:
        self.url, self.code, self.postcode, self.think, self.rng = url, code, postcode, think, rng
        self.active = asyncio.Event()
        self.saturate = False
        self.samples: list[tuple[float, float]] = []  # (finished at, seconds)
        self.login_s = 0.0
        self.pressed_again = 0
        self.error: str | None = None
        self.task: asyncio.Task | None = None
        self._ws = None

    async def start(self) -> None:
        import websockets

        async with httpx.AsyncClient(timeout=30) as http:
            page = await http.get(self.url + "/")  # what the browser loads first: nginx's sticky cookie
            page.raise_for_status()
            cookie = "; ".join(f"{k}={v}" for k, v in page.cookies.items())
        ws_url = self.url.replace("http://", "ws://") + "/ws"
        self._ws = await websockets.connect(ws_url, max_size=None, additional_headers={"Cookie": cookie},
                                            user_agent_header="Mozilla/5.0 (bench.web_sessions)", open_timeout=30)  # fmt: skip
        client = FletWebClient(self._ws)
        await client.register()
        reader = asyncio.create_task(client.run())
        try:
            code = await client.until(lambda t: t.find(labelled("TextField", "Prepaid-code")), 60)
            await client.type_into(code, self.code)
            # What a person waits for: the code shown back as typed ("1234 5678 90"), then the postcode.
            spaced = f"{self.code[:4]} {self.code[4:8]} {self.code[8:]}"
            await client.until(lambda t: t.find(lambda c: c.get("_i") == code["_i"] and c.get("value") == spaced), 60)
            await client.type_into(client.tree.find(labelled("TextField", "Postcode")), self.postcode)
            # A pause before the button, which a browser would not let anyone press while it is disabled.
            await asyncio.sleep(self.rng.uniform(0.3, 1.0))
            login = await client.until(lambda t: (b := t.find(button("Inloggen"))) and not b.get("disabled") and b, 60)
            t0 = time.monotonic()
            await client.click(login)
            try:
                refresh = await client.until(balances_drawn, 15)
            except TimeoutError:
                # Still the log-in form, no error, 15 s on: a person presses again, and it is counted. It
                # happened under load (about 1 log-in in 50) until the app's change handlers read what was
                # typed from the event (app/ui/hooks.py sent_value): a redraw had emptied the postcode.
                self.pressed_again += 1
                await client.click(await client.until(lambda t: t.find(button("Inloggen")), 30))
                refresh = await client.until(balances_drawn, 60)
            self.login_s = time.monotonic() - t0
        except BaseException as exc:
            reader.cancel()
            await self._ws.close()
            shown = [c.get("value") or c.get("error") or c.get("error_text") for c in client.tree.controls()
                     if (c.get("_c") == "Text" and c.get("value")) or c.get("error") or c.get("error_text")]
            raise RuntimeError(f"log in of {self.code[-4:]}: {type(exc).__name__}: {exc}; routes pushed {client.routes}; "
                               f"the screen says {shown}") from None  # fmt: skip
        self.task = asyncio.create_task(self._refresh_loop(client, refresh, reader))

    async def _refresh_loop(self, client: FletWebClient, refresh: dict, reader: asyncio.Task) -> None:
        try:
            while True:
                await self.active.wait()
                if not self.saturate:
                    await asyncio.sleep(self.rng.uniform(*self.think))
                    if not self.active.is_set():
                        continue
                t0 = time.monotonic()
                await client.click(refresh)
                await client.until(refreshing, 30)
                refresh = await client.until(balances_drawn, 30)
                end = time.monotonic()
                self.samples.append((end, end - t0))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - counted and shown, the run goes on
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            reader.cancel()

    async def close(self) -> None:
        if self.task:
            self.task.cancel()
        if self._ws is not None:
            await self._ws.close()


@dataclass
class Window:
    topology: str
    sessions: int
    per_process: int
    latencies: list[float]
    seconds: float
    cpu_s: float
    errors: int
    web_cpu_s: float = 0.0
    other_cpu_s: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def pct(self, q: float) -> float:
        return pct(self.latencies, q) if self.latencies else float("nan")


def process_cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def measure(topology: Topology, users: list[User], seconds: float, *, saturate: bool, processes: int) -> Window:
    for u in users:
        u.saturate = saturate
        u.active.set()
    await asyncio.sleep(1.0 if saturate else min(2.0, seconds / 4))  # settle: every user is in its loop
    def served() -> tuple[float, float]:
        return (sum(process_cpu_seconds(p.pid) for p in topology.web),
                sum(process_cpu_seconds(p.pid) for p in topology.others))  # fmt: skip

    t0, cpu0, (web0, other0) = time.monotonic(), cpu_seconds(), served()
    await asyncio.sleep(seconds)
    t1, cpu1, (web1, other1) = time.monotonic(), cpu_seconds(), served()
    for u in users:
        u.active.clear()
    await asyncio.sleep(0.5)
    latencies = [s for u in users for (end, s) in u.samples if t0 <= end <= t1]
    for u in users:
        u.samples.clear()
    return Window(topology.name, len(users), -(-len(users) // processes), latencies, t1 - t0, cpu1 - cpu0,
                  sum(1 for u in users if u.error), web1 - web0, other1 - other0)  # fmt: skip


async def grow(topology: Topology, to: int, households: list[tuple[str, str]], think, rng) -> tuple[list[float], list[str]]:
    """Log in users until the topology holds `to`, ten at a time, as people arrive; their log-in
    times and the log-ins that failed (a user who could not log in is not kept)."""
    logins, failed = [], []
    while len(topology.sessions) < to and len(failed) < 10:
        batch = []
        for _ in range(min(10, to - len(topology.sessions))):
            code, postcode = households.pop()
            batch.append(User(topology.url, code, postcode, think, random.Random(rng.random())))
        results = await asyncio.gather(*(u.start() for u in batch), return_exceptions=True)
        for user, result in zip(batch, results):
            if isinstance(result, BaseException):
                failed.append(str(result))
            else:
                topology.sessions.append(user)
                logins.append(user.login_s)
    return logins, failed


async def run(args, topologies: list[tuple[Topology, int]], households: list[tuple[str, str]]) -> int:
    rng = random.Random(7)
    think = args.think
    rows, windows = [], {t.name: [] for t, _ in topologies}
    idle_rss = {t.name: t.web_rss() for t, _ in topologies}
    logins: dict[str, list[float]] = {t.name: [] for t, _ in topologies}
    ladder = {t.name: True for t, _ in topologies}
    login_failures: list[str] = []
    most = {t.name: 0 for t, _ in topologies}
    rss_most = dict(idle_rss)
    first: dict[str, tuple[int, float]] = {}  # after the first level: sessions, RSS (imports and caches warm)
    try:
        for level in args.levels:
            for topology, processes in topologies:
                if not ladder[topology.name]:
                    continue
                done, failed = await grow(topology, level * processes, households, think, rng)
                logins[topology.name] += done
                login_failures.extend(failed)
                w = await measure(topology, topology.sessions, args.window, saturate=False, processes=processes)
                w.errors += len(failed)
                windows[topology.name].append(w)
                most[topology.name] = len(topology.sessions)
                rss_most[topology.name] = topology.web_rss()
                first.setdefault(topology.name, (most[topology.name], rss_most[topology.name]))
                ok = w.pct(0.99) < P99_LIMIT and not w.errors
                ladder[topology.name] = ok
                rows.append([topology.name, str(level), str(w.sessions), f"{w.rate:.1f}", f"{w.pct(0.5) * 1e3:.0f}",
                             f"{w.pct(0.99) * 1e3:.0f}", str(len(w.latencies)), str(w.errors), f"{w.cpu_s / w.seconds:.2f}",
                             "yes" if ok else "no"])  # fmt: skip
                print(f"   {topology.name}: {level}/process, {w.sessions} sessions: {w.rate:.1f} refreshes/s, "
                      f"p99 {w.pct(0.99) * 1e3:.0f} ms", flush=True)
        print()
        table(["topology", "sessions/process", "sessions", "refreshes/s", "p50 ms", "p99 ms", "samples", "errors",
               "load gen CPU", "p99 < 1 s"], rows)  # fmt: skip

        # Throughput at saturation: the first 20 sessions a process, no think time, rounds interleaved.
        rates = {t.name: [] for t, _ in topologies}
        cores = {t.name: [] for t, _ in topologies}
        for _ in range(args.rounds):
            for topology, processes in topologies:
                users = topology.sessions[: SATURATION_SESSIONS * processes]
                w = await measure(topology, users, args.sat_window, saturate=True, processes=processes)
                rates[topology.name].append(w.rate)
                cores[topology.name].append((w.web_cpu_s / w.seconds, w.other_cpu_s / w.seconds, w.cpu_s / w.seconds))
    finally:
        for topology, _ in topologies:
            await asyncio.gather(*(u.close() for u in topology.sessions), return_exceptions=True)

    print()
    names = [t.name for t, _ in topologies]
    def cores_used(n: str, i: int) -> str:
        return f"{statistics.median(c[i] for c in cores[n]):.2f}"

    sat_rows = [[n, f"{statistics.median(rates[n]):.1f}", " ".join(f"{r:.1f}" for r in rates[n]),
                 cores_used(n, 0), cores_used(n, 1), cores_used(n, 2)] for n in names]  # fmt: skip
    table(["saturation (20 sessions a process, no think time)", "refreshes/s (median)", "rounds", "cores: web",
           "API + nginx", "load generator"], sat_rows)  # fmt: skip

    print()
    mem_rows, per_session = [], {}
    for topology, processes in topologies:
        n = most[topology.name]
        n0, rss0 = first.get(topology.name, (0, idle_rss[topology.name]))
        # Per session: between the first level and the most sessions (the first log-ins also load the
        # screens' modules and caches, once a process); from idle when there was one level only.
        if n > n0:
            mb = (rss_most[topology.name] - rss0) / (n - n0)
        else:
            mb = (rss_most[topology.name] - idle_rss[topology.name]) / n if n else float("nan")
        per_session[topology.name] = mb
        mem_rows.append([topology.name, f"{idle_rss[topology.name] / processes:.1f}", f"{rss0 / processes:.1f}", str(n),
                         f"{rss_most[topology.name] / processes:.1f}", f"{mb:.2f}"])  # fmt: skip
    table(["web process memory", "idle RSS MB/process", "after first level", "sessions", "RSS MB/process then",
           "MB per session"], mem_rows)  # fmt: skip
    all_logins = [s for n in names for s in logins[n]]
    if all_logins:
        again = sum(u.pressed_again for t, _ in topologies for u in t.sessions)
        print(f"\n   log in -> balances drawn (protocol, no paint): median {statistics.median(all_logins) * 1e3:.0f} ms "
              f"over {len(all_logins)} log-ins; Log in pressed a second time after 15 s without an answer: {again}")  # fmt: skip

    one, two = names[0], names[-1]
    capacity = {}
    for topology, processes in topologies:
        passed = [w.per_process for w in windows[topology.name] if w.pct(0.99) < P99_LIMIT and not w.errors]
        capacity[topology.name] = max(passed) if passed else 0
        print(f"   {topology.name}: sessions per process at p99 < 1 s: {capacity[topology.name]}"
              + ("" if ladder[topology.name] else " (the next level did not hold)")
              + (" (the ladder's top: more may hold; --levels)" if ladder[topology.name] else ""))
    print()
    ratio = statistics.median(rates[two]) / statistics.median(rates[one]) if len(names) > 1 else float("nan")
    ratio_line("two web processes/one, refreshes/s at saturation", ratio, "x", "one web process", ">= 1.80x", ratio >= 1.8)
    per_core = {n: statistics.median(r / c[0] for r, c in zip(rates[n], cores[n]) if c[0]) for n in names}
    ratio_line("two web processes/one, refreshes per web-process CPU second", per_core[two] / per_core[one], "x",
               "one web process", "", None)
    print(f"   refreshes per web-process CPU second: {per_core[one]:.1f} (one), {per_core[two]:.1f} (two); cores busy at "
          f"saturation with two: {sum(float(cores_used(two, i)) for i in range(3)):.2f} of {os.cpu_count()}")
    print(f"   sessions per process at p99 < 1 s (one process): {capacity[one]}; MB per session: {per_session[one]:.2f}")
    print(f"\n   target: two processes >= 1.8x one: {verdict(ratio >= 1.8)}")
    failed = [u.error for t, _ in topologies for u in t.sessions if u.error] + login_failures
    if failed:
        print(f"   {len(failed)} session(s) ended with an error, e.g. {failed[0][:2000]}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.web_sessions")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--levels", default=None, help="sessions per web process, comma-separated")
    ap.add_argument("--window", type=float, default=None, help="seconds measured per level and topology")
    ap.add_argument("--think", default="2,4", help="think time between refreshes, seconds: low,high")
    args = ap.parse_args(argv)
    args.levels = [int(x) for x in (args.levels or ("3" if args.quick else "25,50,75,100,150,200")).split(",")]
    # Quick: 5 s, so that each user, thinking 4 s at most, finishes a refresh inside the window.
    args.window = args.window or (5.0 if args.quick else 15.0)
    args.think = tuple(float(x) for x in args.think.split(","))
    args.rounds = 1 if args.quick else 3
    args.sat_window = 3.0 if args.quick else 8.0

    header("Web sessions per process (bench/web_sessions.py)")
    if not Path(NGINX).exists():
        print(f"SKIP: nginx not found at {NGINX} (apt-get install nginx-light)")
        return 0
    need = max(args.levels) * 3 + 100  # both topologies at the top level, and spares for log-ins that fail
    workdir = Path(tempfile.mkdtemp(prefix="bench-web-sessions-"))
    topologies: list[tuple[Topology, int]] = []
    try:
        database = str(workdir / "store.sqlite3")
        db = Database(database)
        migrate(db)
        fill(db, clients=need, seed=1)
        with db.transaction() as tx:
            postcodes = [r["postal_code"] for r in tx.all("SELECT postal_code FROM accounts ORDER BY id")]
        db.close()
        households = [(f"{9_000_000_000 + i:010d}", pc) for i, pc in enumerate(postcodes)]
        random.Random(3).shuffle(households)
        cache = workdir / "web-client"
        subprocess.run([sys.executable, "-m", "app.web.precompress", "--quick"], cwd=ROOT, check=True,
                       env={**os.environ, "BUDGETMETER_WEB_CACHE": str(cache)}, stdout=subprocess.DEVNULL)  # fmt: skip
        for name, n in (("one web process", 1), ("two web processes", 2)):
            topologies.append((start_topology(name.replace(" ", "-"), n, workdir, database, cache), n))
        print(f"   {len(households):,} households in one SQLite store; levels {args.levels} sessions a process; "
              f"think {args.think[0]:g}-{args.think[1]:g} s; window {args.window:g} s; nginx {NGINX}; "
              f"load generator: this process, asyncio, on the same cores")  # fmt: skip
        return asyncio.run(run(args, topologies, households))
    finally:
        for topology, _ in topologies:
            topology.stop()
        if os.environ.get("BENCH_KEEP"):
            print(f"   kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
