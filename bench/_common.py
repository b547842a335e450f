"""Shared helpers of the benchmarks: processes on loopback, RSS from /proc, tables, the load average."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def load_average() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min) on {os.cpu_count()} cores"


def header(title: str) -> None:
    print(f"== {title}")
    print(f"   python {sys.version.split()[0]}, load average {load_average()}")


@dataclass
class Proc:
    """A process we started, with its log file; stopped by its own pid only."""

    name: str
    process: subprocess.Popen
    log_path: Path
    url: str = ""

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""


def spawn(name: str, args: list[str], workdir: Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> Proc:
    log_path = workdir / f"{name}.log"
    log_file = open(log_path, "wb")
    full_env = {**os.environ, **(env or {})}
    process = subprocess.Popen(args, stdout=log_file, stderr=subprocess.STDOUT, env=full_env, cwd=cwd or ROOT)
    log_file.close()
    return Proc(name, process, log_path)


def wait_http(proc: Proc, url: str, timeout: float = 60.0, interval: float = 0.02) -> float:
    """Poll url until it answers 200; returns the monotonic time it first did."""
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=1.0) as client:
        while time.monotonic() < deadline:
            if proc.process.poll() is not None:
                raise RuntimeError(f"{proc.name} exited (code {proc.process.returncode}):\n{proc.log()}")
            try:
                if client.get(url).status_code == 200:
                    return time.monotonic()
            except httpx.TransportError:
                pass
            time.sleep(interval)
    proc.stop()
    raise RuntimeError(f"{proc.name} did not answer at {url} within {timeout:.0f} s:\n{proc.log()}")


# --- memory -----------------------------------------------------------------------------------


def switch_on_semantics(page, timeout_ms: int) -> None:
    """Switch on Flutter's semantics tree (what screen readers, and these benchmarks, read) by clicking
    its placeholder, which Flutter removes once the tree is on. A click that comes while the engine is
    still starting can go unheard (a CI run waited 60 s for a login button the tree never showed), so
    it is clicked again until the placeholder is gone."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    placeholder = page.locator("flt-semantics-placeholder")
    placeholder.wait_for(state="attached", timeout=timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    while placeholder.count():
        try:
            placeholder.dispatch_event("click", timeout=2_000)
            placeholder.wait_for(state="detached", timeout=2_000)
        except PlaywrightTimeout:
            if time.monotonic() > deadline:
                raise


def proc_status_kb(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process in kB (empty when it is gone or /proc is missing)."""
    out: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    key, value = line.split(":", 1)
                    out[key] = int(value.split()[0])
    except OSError:
        pass
    return out


def children_pids(pid: int) -> list[int]:
    """All descendants of pid (from /proc/<pid>/task/*/children)."""
    found: list[int] = []
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for t in tasks:
            try:
                with open(f"/proc/{p}/task/{t}/children") as f:
                    kids = [int(x) for x in f.read().split()]
            except OSError:
                continue
            found.extend(kids)
            stack.extend(kids)
    return found


def rss_mb(pid: int) -> float:
    return proc_status_kb(pid).get("VmRSS", 0) / 1024.0


def hwm_mb(pid: int) -> float:
    return proc_status_kb(pid).get("VmHWM", 0) / 1024.0


@dataclass
class RssSampler:
    """Samples VmRSS of one pid every `interval` seconds in a thread; max and last in MB."""

    pid: int
    interval: float = 0.05
    samples: list[float] = field(default_factory=list)

    def __enter__(self) -> RssSampler:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            value = rss_mb(self.pid)
            if value:
                self.samples.append(value)
            self._stop.wait(self.interval)

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak(self) -> float:
        return max(self.samples, default=0.0)


# --- output -----------------------------------------------------------------------------------


def table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    print("   " + "  ".join(h.ljust(w) for h, w in zip(headers, widths)))
    for r in rows:
        print("   " + "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))))


def verdict(met: bool) -> str:
    return "MET" if met else "NOT MET"


def ratio_line(what: str, value: float, unit: str, baseline_name: str, target: str, met: bool | None) -> None:
    """The one line per ratio that tests/test_bench_smoke.py looks for: `RATIO <what>: ...`."""
    target_part = "" if met is None else f"; target {target}: {verdict(met)}"
    print(f"RATIO {what}: {value:.2f}{unit} of {baseline_name}{target_part}")
