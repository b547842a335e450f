"""Starts our own API server as a real process on a free loopback port, for tests and benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx


# A server outside --demo refuses to start without the account households pay into: tests that start
# one give this (valid) account, unless their env says otherwise.
PAYMENT_ENV = {
    "BUDGETMETER_PAYMENT_IBAN": "BE62 5100 0754 7061",
    "BUDGETMETER_PAYMENT_BENEFICIARY": "Test Netbeheerder Prepaid",
    "BUDGETMETER_PAYMENT_BIC": "GEBABEBB",
}


# The servers' key: at least 32 characters, as the server demands (server.core.settings).
TEST_SECRET_KEY = "test-secret-key-of-at-least-32-characters"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class ServerProcess:
    url: str
    database: str
    process: subprocess.Popen
    log_path: Path

    def stop(self, kill: bool = False) -> None:
        if self.process.poll() is None:
            self.process.kill() if kill else self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def start_server(
    workdir: Path,
    *,
    database: str | None = None,
    demo: bool = True,
    env: dict[str, str | None] | None = None,
    trust_forwarded: bool = True,
    port: int | None = None,
) -> ServerProcess:
    port = port or free_port()
    database = database or str(workdir / "budgetmeter.sqlite3")
    args = [sys.executable, "-m", "server", "--host", "127.0.0.1", "--port", str(port), "--database", database]
    if demo:
        args.append("--demo")
    if trust_forwarded:
        # Lets a test play many client addresses from loopback, one per X-Forwarded-For.
        args += ["--forwarded-allow-ips", "127.0.0.1"]
    full_env = {**os.environ, "BUDGETMETER_SECRET_KEY": TEST_SECRET_KEY, **({} if demo else PAYMENT_ENV), **(env or {})}
    full_env = {name: value for name, value in full_env.items() if value is not None}  # None: leave it unset
    log_path = workdir / f"server-{port}.log"
    log_file = open(log_path, "wb")
    process = subprocess.Popen(args, stdout=log_file, stderr=subprocess.STDOUT, env=full_env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log_path.read_text(errors='replace')}")
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return ServerProcess(url, database, process, log_path)
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"server did not start: {log_path.read_text(errors='replace')}")
