"""Where the time goes (issue 23): the server's own work for a household's visit, a social worker's
caseload visit and an import of readings, under cProfile, with each function's own time added up by
where its code lives: the web framework (FastAPI, Starlette, pydantic), SQLite, and our packages.

The requests are ASGI calls straight into the application (`server.main.create_app`), one after the
other, no sockets: what is left is what the server process spends on a request besides uvicorn's HTTP
parsing, which the bare endpoint of bench/visit_load.py pays too. Per path it also prints the CPU time
a request takes without the profiler. The import runs `budgetmeter-server import readings` in this
process.

    .venv/bin/python -m bench.profiles              # visit x300, caseload of 500 households x50, 100,000 readings
    .venv/bin/python -m bench.profiles --quick      # smoke: a few requests, 2,000 readings
    options: --only visit,caseload,ingest,imports --rounds N --clients N --readings N

It also adds up what the app's web process imports before it answers (`python -X importtime`), beside
what a Flet hello world imports: the first part of `budgetmeter --web`'s start (bench/app_start.py
prints the rest of its timeline).

Profiles are shares, not speeds: cProfile slows Python calls more than C ones (SQLite, pydantic-core),
so the framework's share is somewhat overstated; the per-path CPU times are measured without it.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyotp

from ._common import ROOT, header, table
from .api_load import PREPAID
from .caseload import SECRET, fill
from .ingest import eans, write_accounts, write_readings
from .visit_load import caseload_visit, household_visit

API = "/api/v1"
FRAMEWORK = ("fastapi", "starlette", "pydantic", "pydantic_core", "anyio", "typing_extensions")


class InProcess:
    """Requests as ASGI calls into the app: status and body, nothing else."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def request(self, method: str, path: str, *, token: str | None = None, body: Any = None) -> tuple[int, bytes]:
        raw_path, _, query = path.partition("?")
        data = json.dumps(body).encode() if body is not None else b""
        headers = [(b"host", b"127.0.0.1")]
        if token:
            headers.append((b"authorization", f"Bearer {token}".encode()))
        if body is not None:
            headers += [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
                 "path": raw_path, "raw_path": raw_path.encode(), "query_string": query.encode(), "root_path": "",
                 "headers": headers, "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 80), "state": {}}
        sent = False

        async def receive() -> dict:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": data, "more_body": False}
            await asyncio.Event().wait()  # the client never goes away
            return {}

        answer = {"status": 0, "body": b""}

        async def send(message: dict) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
            elif message["type"] == "http.response.body":
                answer["body"] += message.get("body", b"")

        await self.app(scope, receive, send)
        return answer["status"], answer["body"]

    async def ok(self, method: str, path: str, **kwargs: Any) -> Any:
        status, body = await self.request(method, path, **kwargs)
        if not 200 <= status < 300:
            raise SystemExit(f"{method} {path}: {status} {body[:300]!r}")
        return json.loads(body) if body else None


def group_of(file: str, function: str) -> str:
    path = file.replace(os.sep, "/")
    if "/site-packages/" in path:
        package = path.split("/site-packages/")[1].split("/")[0]
        return f"framework ({package})" if package in FRAMEWORK else package
    if "/server/" in path:
        parts = path.split("/server/", 1)[1].split("/")
        return "ours: server/" + "/".join(parts[:2] if parts[0] == "services" and len(parts) > 2 else parts[:1])
    if "sqlite3" in function:
        return "SQLite"
    if "pydantic_core" in function:
        return "framework (pydantic_core)"
    return "Python itself (builtins, standard library)"


def shares(stats: pstats.Stats) -> list[tuple[str, float]]:
    by_group: dict[str, float] = {}
    for (file, _line, function), (_cc, _nc, own, _cum, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        key = group_of(file, function)
        by_group[key] = by_group.get(key, 0.0) + own
    total = sum(by_group.values()) or 1.0
    return sorted(((k, v / total) for k, v in by_group.items()), key=lambda kv: -kv[1])


def print_shares(title: str, stats: pstats.Stats, top: int = 12) -> None:
    rows = shares(stats)
    framework = sum(share for name, share in rows if name.startswith("framework"))
    ours = sum(share for name, share in rows if name.startswith("ours"))
    sqlite = sum(share for name, share in rows if name == "SQLite")
    print(f"\n   {title}: framework {framework:.0%}, our code {ours:.0%}, SQLite {sqlite:.0%}, the rest {1 - framework - ours - sqlite:.0%}")
    table(["where", "share of the time"], [[name, f"{share:.1%}"] for name, share in rows[:top]])


async def timed_paths(client: InProcess, paths: list[str], token: str, rounds: int) -> list[list[str]]:
    rows = []
    for path in paths:
        start = time.process_time()
        for _ in range(rounds):
            await client.ok("GET", path, token=token)
        rows.append([path, f"{(time.process_time() - start) / rounds * 1000:.3f}"])
    return rows


async def profiled(client: InProcess, paths: list[str], token: str, rounds: int) -> pstats.Stats:
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(rounds):
        for path in paths:
            await client.request("GET", path, token=token)
    profile.disable()
    return pstats.Stats(profile)


@contextmanager
def app_in(workdir: Path) -> Iterator[tuple[Any, str]]:
    """The demo's API on a store in `workdir`, and its store's path; its top-up point poller stopped after."""
    os.environ.setdefault("BUDGETMETER_SECRET_KEY", SECRET)
    from server.core.settings import Settings
    from server.main import create_app

    database = str(workdir / "server.sqlite3")
    app = create_app(Settings(database=database, demo=True))
    try:
        yield app, database
    finally:
        app.state.topup_refresh.set()


async def household(rounds: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp, app_in(Path(tmp)) as (app, _):
        client = InProcess(app)
        token = (await client.ok("POST", f"{API}/auth/prepaid", body=PREPAID))["access_token"]
        meters = (await client.ok("GET", f"{API}/me", token=token))["meters"]
        paths = household_visit(meters[0]["ean"], meters[1]["ean"])
        await timed_paths(client, paths, token, 3)  # warm: caches, kept open states, compiled statements
        print("\n   A household's visit, CPU time a request without the profiler (ms):")
        table(["path", "ms"], await timed_paths(client, paths, token, rounds))
        print_shares(f"A household's visit under cProfile ({rounds} visits)", await profiled(client, paths, token, rounds))


async def staff_token(client: InProcess, database: str) -> str:
    """bench.caseload's administrator, set up and logged in through the API, in process."""
    from server.core import security
    from server.store.db import Database

    db = Database(database)
    with db.transaction(write=True) as tx:
        tx.execute("UPDATE staff SET password_hash = ? WHERE username = ?", (security.hash_password("Bench-Initial-1"), "bench.admin"))
    db.close()
    setup = (await client.ok("POST", f"{API}/auth/staff", body={"username": "bench.admin", "password": "Bench-Initial-1"}))["access_token"]
    uri = (await client.ok("POST", f"{API}/staff/setup", token=setup, body={"new_password": "Bench-Password-2026"}))["totp_uri"]
    totp = pyotp.TOTP(uri.split("secret=")[1].split("&")[0])
    await client.ok("POST", f"{API}/staff/setup/confirm", token=setup, body={"totp": totp.now()})
    login = {"username": "bench.admin", "password": "Bench-Password-2026", "totp": totp.at(time.time() + 30)}
    return (await client.ok("POST", f"{API}/auth/staff", body=login))["access_token"]


async def caseload(rounds: int, clients: int) -> None:
    from server.store.db import Database

    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp, app_in(Path(tmp)) as (app, database):
        db = Database(database)
        fill(db, clients=clients, seed=1)
        db.close()
        client = InProcess(app)
        token = await staff_token(client, database)
        page = (await client.ok("GET", f"{API}/caseload", token=token))["clients"]
        paths = caseload_visit(page[0]["client_id"], page[1]["client_id"])
        await timed_paths(client, paths, token, 2)
        print(f"\n   A caseload visit, {clients:,} households, CPU time a request without the profiler (ms):")
        table(["path", "ms"], await timed_paths(client, paths, token, rounds))
        print_shares(f"A caseload visit under cProfile ({rounds} visits)", await profiled(client, paths, token, rounds))


def ingest(readings: int) -> None:
    from server.cli.main import main as server_cli

    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        workdir = Path(tmp)
        meter_eans = eans(max(2, readings // 100))
        write_accounts(workdir / "accounts.csv", meter_eans)
        write_readings(workdir / "readings.csv", meter_eans, readings)
        os.environ.setdefault("BUDGETMETER_SECRET_KEY", SECRET)
        os.environ.setdefault("BUDGETMETER_PAYMENT_IBAN", "BE62 5100 0754 7061")
        os.environ.setdefault("BUDGETMETER_PAYMENT_BENEFICIARY", "Bench Netbeheerder")
        database = str(workdir / "import.sqlite3")

        def run(kind: str) -> Callable[[], int]:
            return lambda: server_cli(["import", kind, str(workdir / f"{kind}.csv"), "--database", database])

        run("accounts")()
        profile = cProfile.Profile()
        start = time.perf_counter()
        profile.runcall(run("readings"))
        seconds = time.perf_counter() - start
        print(f"\n   {readings:,} readings of {len(meter_eans):,} meters imported in {seconds:.1f} s under the profiler (SQLite)")
        print_shares("An import of readings under cProfile", pstats.Stats(profile))


IMPORTS = {
    "hello world": "import flet, flet_web.fastapi",
    "budgetmeter --web": "import flet, flet_web.fastapi, app.main, app.web.serve",
}


def import_times(statement: str) -> dict[str, float]:
    """Seconds each module's own import took (`python -X importtime`), in a fresh process."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", statement], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    own: dict[str, float] = {}
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "cumulative" not in line:
            self_us, _cumulative, name = (part.strip() for part in line[len("import time:"):].split("|"))
            own[name] = own.get(name, 0.0) + int(self_us) / 1e6
    return own


def app_imports() -> None:
    """What the web process imports before it can answer: the app's modules and their libraries,
    beside the hello world's."""
    print("\n   Imports before the web process answers (python -X importtime, own time added up by top package, s):")
    rows = []
    for who, statement in IMPORTS.items():
        by_package: dict[str, float] = {}
        for name, seconds in import_times(statement).items():
            top = name.split(".")[0]
            key = "app." + name.split(".")[1] if top == "app" and "." in name else top
            by_package[key] = by_package.get(key, 0.0) + seconds
        total = sum(by_package.values())
        biggest = sorted(by_package.items(), key=lambda kv: -kv[1])[:6]
        rows.append([who, f"{total:.2f}", ", ".join(f"{name} {seconds:.2f}" for name, seconds in biggest)])
    table(["who", "all", "most (package: seconds)"], rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.profiles")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", default="visit,caseload,ingest,imports")
    ap.add_argument("--rounds", type=int, default=None)
    ap.add_argument("--clients", type=int, default=None)
    ap.add_argument("--readings", type=int, default=None)
    args = ap.parse_args(argv)
    rounds = args.rounds or (5 if args.quick else 300)
    header("Where the time goes (bench/profiles.py)")
    only = set(args.only.split(","))
    if "visit" in only:
        asyncio.run(household(rounds))
    if "caseload" in only:
        asyncio.run(caseload(max(1, rounds // 6), args.clients or (20 if args.quick else 500)))
    if "ingest" in only:
        ingest(args.readings or (2_000 if args.quick else 100_000))
    if "imports" in only:
        app_imports()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
