"""HTTP/1.1 keep-alive load on loopback: Debian `wrk` when installed, else a pure-Python asyncio
client in a separate process (always available, slower: it can be the bottleneck near the ceiling,
so compare only figures measured with the same generator).

    python -m bench.loadgen --url http://127.0.0.1:N/path --connections 10 --duration 3
        [--method POST --body '{...}'] [--header 'Authorization: Bearer x']   # prints one JSON line

Every run stops by itself after `duration` seconds; only 127.0.0.1 / localhost URLs are accepted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit


@dataclass
class LoadResult:
    generator: str
    connections: int
    duration_s: float
    requests: int
    ok: int  # 2xx answers
    errors: int  # non-2xx answers and socket errors
    rps_ok: float
    p50_ms: float
    p99_ms: float


def _check_loopback(url: str) -> tuple[str, int, str]:
    parts = urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost") or parts.scheme != "http":
        raise SystemExit(f"loadgen: only http://127.0.0.1 is allowed, not {url}")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return "127.0.0.1", parts.port or 80, path


# --- wrk --------------------------------------------------------------------------------------

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not m:
        raise ValueError(text)
    return float(m.group(1)) * _UNITS[m.group(2)]


def run_wrk(url: str, connections: int, duration: float, method: str, body: str | None, headers: list[str],
            paths: list[str] | None = None) -> LoadResult:
    """``paths``: GET these in turn (a rotation over what an app asks on a visit) instead of ``url``'s
    path; one wrk thread, so the rotation is one sequence over all connections."""
    _check_loopback(url)
    with tempfile.TemporaryDirectory() as tmp:
        args = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(duration))}s", "--latency", "--timeout", "10s"]
        for h in headers:
            args += ["-H", h]
        if method != "GET" or body or paths:
            script = os.path.join(tmp, "req.lua")
            with open(script, "w") as f:
                f.write(f"wrk.method = {json.dumps(method)}\n")
                if body is not None:
                    f.write(f"wrk.body = {json.dumps(body)}\n")
                    f.write('wrk.headers["Content-Type"] = "application/json"\n')
                if paths:
                    f.write("local paths = {" + ", ".join(json.dumps(p) for p in paths) + "}\n")
                    f.write("local i = 0\n")
                    f.write("request = function()\n  i = i % #paths + 1\n  return wrk.format(nil, paths[i])\nend\n")
            args += ["-s", script]
        out = subprocess.run(args + [url], capture_output=True, text=True, timeout=duration + 60).stdout
    total = int(re.search(r"(\d+) requests in ([\d.]+)(\w+)", out).group(1))
    m = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m),", out)
    elapsed = _ms(m.group(2) + m.group(3)) / 1e3
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = int(bad.group(1)) if bad else 0
    sock_errors = sum(int(x) for x in sock.groups()) if sock else 0
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    ok = total - non2xx
    return LoadResult("wrk", connections, elapsed, total, ok, non2xx + sock_errors, ok / elapsed, p50, p99)


# --- pure Python ------------------------------------------------------------------------------


class _Conn(asyncio.Protocol):
    """One keep-alive connection sending the same request again as soon as the answer is complete."""

    def __init__(self, request: bytes, stats: dict, deadline: float, done: asyncio.Future):
        self.request = request
        self.stats = stats
        self.deadline = deadline
        self.done = done
        self.buf = bytearray()
        self.need = -1  # bytes of the full answer once the head is read
        self.status = 0

    def connection_made(self, transport) -> None:
        self.transport = transport
        self._send()

    def _send(self) -> None:
        self.t0 = time.perf_counter()
        self.transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        self.buf += data
        while True:
            if self.need < 0:
                end = self.buf.find(b"\r\n\r\n")
                if end < 0:
                    return
                head = bytes(self.buf[:end]).lower()
                self.status = int(head[9:12])
                m = re.search(rb"\r\ncontent-length:\s*(\d+)", head)
                if m is None:  # chunked or close-delimited: not supported here
                    self.stats["errors"] += 1
                    self.transport.close()
                    return
                self.need = end + 4 + int(m.group(1))
            if len(self.buf) < self.need:
                return
            del self.buf[: self.need]
            self.need = -1
            now = time.perf_counter()
            self.stats["lat"].append(now - self.t0)
            if 200 <= self.status < 300:
                self.stats["ok"] += 1
            else:
                self.stats["errors"] += 1
            if now >= self.deadline:
                self.transport.close()
                return
            self._send()

    def connection_lost(self, exc) -> None:
        if not self.done.done():
            self.done.set_result(None)


async def _python_load(host: str, port: int, request: bytes, connections: int, duration: float) -> dict:
    loop = asyncio.get_running_loop()
    stats = {"ok": 0, "errors": 0, "lat": []}
    start = time.perf_counter()
    deadline = start + duration
    futures = []
    for _ in range(connections):
        done = loop.create_future()
        futures.append(done)
        await loop.create_connection(lambda d=done: _Conn(request, stats, deadline, d), host, port)
    # Every connection closes itself at the deadline; the timeout is only a safety net.
    await asyncio.wait(futures, timeout=duration + 30)
    stats["elapsed"] = time.perf_counter() - start
    return stats


def _percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def python_load(url: str, connections: int, duration: float, method: str, body: str | None, headers: list[str]) -> LoadResult:
    host, port, path = _check_loopback(url)
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", "User-Agent: budgetmeter-bench"]
    lines += headers
    payload = (body or "").encode()
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode() + payload
    try:
        import uvloop  # comes with uvicorn's extras when installed; plain asyncio otherwise

        runner = uvloop.run
    except ImportError:
        runner = asyncio.run
    stats = runner(_python_load(host, port, request, connections, duration))
    lat = sorted(stats["lat"])
    return LoadResult(
        "python",
        connections,
        stats["elapsed"],
        len(lat),
        stats["ok"],
        stats["errors"],
        stats["ok"] / stats["elapsed"],
        _percentile(lat, 0.50) * 1e3,
        _percentile(lat, 0.99) * 1e3,
    )


# --- choice -----------------------------------------------------------------------------------


def generator_name(prefer: str = "auto") -> str:
    if prefer == "python":
        return "python"
    if prefer == "wrk" or shutil.which("wrk"):
        return "wrk" if shutil.which("wrk") else "python"
    return "python"


def run_load(
    url: str,
    connections: int,
    duration: float,
    *,
    method: str = "GET",
    body: str | None = None,
    headers: list[str] | None = None,
    generator: str = "auto",
    paths: list[str] | None = None,
) -> LoadResult:
    """One bounded load run from a separate process (wrk, or this module run as a script)."""
    headers = headers or []
    if paths:
        if generator_name(generator) != "wrk":
            raise RuntimeError("a rotation over paths needs wrk (apt-get install wrk)")
        return run_wrk(url, connections, duration, method, body, headers, paths)
    if generator_name(generator) == "wrk":
        return run_wrk(url, connections, duration, method, body, headers)
    args = [sys.executable, "-m", "bench.loadgen", "--url", url, "--connections", str(connections),
            "--duration", str(duration), "--method", method]
    if body is not None:
        args += ["--body", body]
    for h in headers:
        args += ["--header", h]
    out = subprocess.run(args, capture_output=True, text=True, timeout=duration + 60,
                         cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if out.returncode != 0:
        raise RuntimeError(f"loadgen failed: {out.stderr[-2000:]}")
    return LoadResult(**json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--connections", type=int, default=10)
    ap.add_argument("--duration", type=float, default=3.0)
    ap.add_argument("--method", default="GET")
    ap.add_argument("--body", default=None)
    ap.add_argument("--header", action="append", default=[])
    args = ap.parse_args()
    result = python_load(args.url, args.connections, min(args.duration, 300.0), args.method, args.body, args.header)
    print(json.dumps(asdict(result)))


if __name__ == "__main__":
    main()
