"""deploy/try-local.sh on a throwaway PostgreSQL: nginx on 8080 in front of two API processes, two
web processes and the worker under supervisord; then SIGTERM, and nothing of it is left."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.ops.procs import descendants, listening, wait_gone, wait_until
from tests.pgserver import start_postgres

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "try-local-test-token"
NGINX = "http://127.0.0.1:8080"

HAS_TOOLS = Path("/usr/sbin/nginx").exists() and shutil.which("supervisord") is not None
# Under CI (.ci/run installs both from apt) their absence is a failure, never a skip.
pytestmark = pytest.mark.skipif(not HAS_TOOLS and not os.environ.get("CI"), reason="nginx and supervisor (apt)")


def test_try_local_serves_through_nginx_and_stops_cleanly(tmp_path) -> None:
    assert not listening(8080), "port 8080 is taken"
    pg = start_postgres()
    log = tmp_path / "try-local.log"
    env = {**os.environ, "BUDGETMETER_METRICS_TOKEN": TOKEN, "PYTHON": sys.executable}
    env.pop("DISPLAY", None)
    proc = subprocess.Popen([str(ROOT / "deploy" / "try-local.sh"), pg.create_database("trylocal")], env=env,
                            stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    try:
        assert wait_until(lambda: "budgetmeter is at http://127.0.0.1:8080/" in log.read_text(), 120), log.read_text()
        assert httpx.get(NGINX + "/readyz").json()["status"] == "ready"
        # The API, round-robin over both processes (each answers).
        for _ in range(4):
            winter = httpx.get(NGINX + "/api/v1/winter-period")
            assert winter.status_code == 200 and winter.headers["cache-control"] == "no-store"
        # /metrics of an API process, only with the token.
        assert httpx.get(NGINX + "/metrics").status_code == 401
        metrics = httpx.get(NGINX + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert metrics.status_code == 200 and 'route="/api/v1/winter-period"' in metrics.text
        # The web page, with the cookie that keeps a browser on one web process.
        page = httpx.get(NGINX + "/", headers={"Accept-Encoding": "br"})
        assert page.status_code == 200 and page.headers["content-encoding"] == "br"
        assert "bm_route=" in page.headers["set-cookie"]
        assert wait_until(lambda: len(descendants(proc.pid)) >= 7, 30)  # supervisord, nginx, 5 programs, ...
        family = descendants(proc.pid)
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(15)
        left = wait_gone(family, 15 - (time.monotonic() - started))
        assert not left, f"left running: {left}"
        ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
        assert "budgetmeter-try." not in ps
        assert not any(listening(p) for p in (8080, 8001, 8002, 8551, 8552))
    finally:
        if proc.poll() is None:
            proc.kill()
        pg.stop()
