"""Starts our own API server as a real process on a free loopback port, for tests and benchmarks."""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


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


class ForkedProcess:
    """A server forked by this worker's warm template (tests/server_template.py), handled like the
    subprocess.Popen of `python -m server`: pid, poll, wait, send_signal, terminate, kill, returncode.
    Its exit is seen through a pidfd (it is the template's child, not ours); the template reaps it."""

    def __init__(self, template: _Template, pid: int) -> None:
        self.template, self.pid, self.returncode = template, pid, None
        self._exited = os.pidfd_open(pid)

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self._exited], [], [], 0)[0]:
            self.returncode = self.template.reap(self.pid)
            os.close(self._exited)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None and not select.select([self._exited], [], [], timeout)[0]:
            raise subprocess.TimeoutExpired(f"server {self.pid}", timeout or 0)
        return self.poll()  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        if self.returncode is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class _Template:
    """This worker's warm `python -m server`, started on first use."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.server_template"], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        self.lock = threading.Lock()
        atexit.register(self.close)

    def ask(self, request: dict) -> dict:
        with self.lock:
            assert self.process.stdin is not None and self.process.stdout is not None
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError("the server template exited")
        return json.loads(answer)

    def start(self, argv: list[str], env: dict[str, str], cwd: str, log: Path) -> ForkedProcess:
        pid = self.ask({"start": {"argv": argv, "env": env, "cwd": cwd, "log": str(log)}})["pid"]
        return ForkedProcess(self, pid)

    def reap(self, pid: int) -> int:
        return self.ask({"reap": pid})["returncode"]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()  # type: ignore[union-attr]
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()


_template: _Template | None = None


def _warm_template() -> _Template:
    global _template
    if _template is None or _template.process.poll() is not None:
        _template = _Template()
    return _template


@dataclass
class ServerProcess:
    url: str
    database: str
    process: subprocess.Popen | ForkedProcess
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
    new_interpreter: bool = False,
) -> ServerProcess:
    """`python -m server` on a free loopback port (or `port`), ready when this returns. Forked from
    this worker's warm template (tests/server_template.py says why), or with `new_interpreter`
    started as a user starts it, for the tests about the command's own start and stop."""
    port = port or free_port()
    database = database or str(workdir / "budgetmeter.sqlite3")
    args = ["--host", "127.0.0.1", "--port", str(port), "--database", database]  # of `python -m server`
    if demo:
        args.append("--demo")
    if trust_forwarded:
        # Lets a test play many client addresses from loopback, one per X-Forwarded-For.
        args += ["--forwarded-allow-ips", "127.0.0.1"]
    full_env = {**os.environ, "BUDGETMETER_SECRET_KEY": TEST_SECRET_KEY, **({} if demo else PAYMENT_ENV), **(env or {})}
    full_env = {name: value for name, value in full_env.items() if value is not None}  # None: leave it unset
    log_path = workdir / f"server-{port}.log"
    if new_interpreter:
        with open(log_path, "wb") as log_file:
            process = subprocess.Popen([sys.executable, "-m", "server", *args], stdout=log_file,
                                       stderr=subprocess.STDOUT, env=full_env)
    else:
        process = _warm_template().start(args, full_env, os.getcwd(), log_path)
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
