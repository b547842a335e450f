"""deploy/try-local.sh on a throwaway PostgreSQL: nginx on 8080 in front of two API processes, two
web processes and the worker under supervisord (issue 22). In this module's order, on one running
topology: a web process killed under a browser's page, a rolling restart of the API processes under
load, then SIGTERM, and nothing of it is left. Beside them, the TLS site as deployed passes `nginx -t`.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

from tests.api.operator_helpers import account_body, fresh_code, fresh_ean, fresh_ref, reading
from tests.ops.procs import descendants, listening, wait_gone, wait_until
from tests.pgserver import start_postgres

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "try-local-test-token"
NGINX = "http://127.0.0.1:8080"
NGINX_BIN = "/usr/sbin/nginx"
HAS_TOOLS = Path(NGINX_BIN).exists() and shutil.which("supervisord") is not None

# Under CI (.ci/run installs both from apt) their absence is a failure, never a skip.
pytestmark = pytest.mark.skipif(not HAS_TOOLS and not os.environ.get("CI"), reason="nginx and supervisor (apt)")


class Region:
    """The running try-local.sh: its process, its log, its run folder (configs, logs, supervisor socket)."""

    def __init__(self, proc: subprocess.Popen, log: Path, database: str) -> None:
        self.proc, self.log, self.database = proc, log, database
        self.run = Path(re.search(r"logs in (\S+)\)", log.read_text())[1])

    def env_value(self, name: str) -> str:
        text = (self.run / "budgetmeter.env").read_text()
        return re.search(rf"^{name}='?([^'\n]*)'?$", text, re.M)[1]

    def supervisorctl(self, *args: str) -> str:
        out = subprocess.run(["supervisorctl", "-c", str(self.run / "supervisord.conf"), *args],
                             capture_output=True, text=True, timeout=60)
        return out.stdout + out.stderr

    def pid_of(self, program: str) -> int:
        return int(self.supervisorctl("pid", program).strip())

    def cli(self, *args: str) -> str:
        env = {**os.environ, "BUDGETMETER_SECRET_KEY": self.env_value("BUDGETMETER_SECRET_KEY")}
        out = subprocess.run([sys.executable, "-m", "server", *args, "--database", self.database],
                             capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
        assert out.returncode == 0, out.stdout + out.stderr
        return out.stdout


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory):
    # A process left on one of these ports (another run's) would answer in place of ours, on its own
    # database: a household made through one API process then "does not exist" on the other.
    taken = [port for port in (8080, 8001, 8002, 8551, 8552) if listening(port)]
    assert not taken, f"ports taken: {taken}"
    pg = start_postgres()
    log = tmp_path_factory.mktemp("try-local") / "try-local.log"
    database = pg.create_database("trylocal")
    env = {**os.environ, "BUDGETMETER_METRICS_TOKEN": TOKEN, "PYTHON": sys.executable}
    env.pop("DISPLAY", None)
    proc = subprocess.Popen([str(ROOT / "deploy" / "try-local.sh"), database], env=env,
                            stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    try:
        assert wait_until(lambda: "budgetmeter is at http://127.0.0.1:8080/" in log.read_text(), 120), log.read_text()
        yield Region(proc, log, database)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        pg.stop()


def serving_web_port(region: Region) -> int:
    """The web process serving this browser: nginx keeps a browser on one by its cookie (its first
    request, before it has one, by its address) and names each request's upstream in its access log,
    a WebSocket's only once it closed: the newest page request's is the session's."""
    log = (region.run / "nginx-access.log").read_text()
    ports = re.findall(r"127\.0\.0\.1:(855\d)$", log, re.M)
    assert ports, log[-2000:]
    return int(ports[-1])


@pytest.mark.slow  # a crash or a restart of a region's processes: left out of --quick
def test_a_killed_web_process_its_page_comes_back_signed_in(region: Region) -> None:
    """kill -9 of the web process that holds a browser's session: the browser reconnects through nginx
    to a live process and is signed in again from the device's saved session, without typing."""
    from playwright.sync_api import expect, sync_playwright

    from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS, PHONE, fill, new_test_page, open_app

    def balance(page):
        return page.get_by_text("42,17").or_(page.locator('[aria-label*="42,17"]')).first

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = new_test_page(browser, PHONE)
            open_app(page, NGINX, "/login")
            expect(page.get_by_role("button", name="Inloggen")).to_be_visible(timeout=60_000)
            fill(page, "Prepaid-code", "1111 2222 33")
            fill(page, "Postcode", "9000")
            page.get_by_role("switch", name="Onthoud mij op dit toestel").click()
            expect(page.get_by_role("switch", name="Onthoud mij op dit toestel")).to_have_attribute("aria-checked", "true")
            page.get_by_role("button", name="Inloggen").click()
            expect(balance(page)).to_be_visible(timeout=30_000)

            port = serving_web_port(region)
            program = f"web:web-{port - 8550}"
            os.kill(region.pid_of(program), signal.SIGKILL)
            # No typing from here: the page reconnects (to the other process while supervisord restarts
            # this one) and the app signs in from what the device kept.
            expect(balance(page)).to_be_visible(timeout=90_000)
            expect(page.get_by_role("button", name="Inloggen")).to_have_count(0)
            assert wait_until(lambda: "RUNNING" in region.supervisorctl("status", program), 60)
        finally:
            browser.close()


class RetryingClient:
    """What a careful client does: a request that met a closed connection or a proxy's 502/503 is sent
    again (readings carry their own ids, so a resent batch counts as a duplicate, never twice)."""

    def __init__(self, headers: dict[str, str] | None = None) -> None:
        self.http = httpx.Client(base_url=NGINX, timeout=10, headers=headers or {})
        self.retries = 0

    def request(self, method: str, path: str, **kwargs) -> httpx.Response:
        for attempt in range(20):
            try:
                r = self.http.request(method, path, **kwargs)
                if r.status_code not in (502, 503, 504):
                    return r
            except httpx.TransportError:
                pass
            self.retries += 1
            time.sleep(0.25)
        raise AssertionError(f"{method} {path}: no answer after 20 tries")


@pytest.mark.slow  # a crash or a restart of a region's processes: left out of --quick
def test_a_rolling_restart_of_the_api_loses_no_request_and_no_reading(region: Region) -> None:
    """Each API process restarted in turn (supervisorctl: SIGTERM, then a fresh start) while a household
    asks what its app asks and the operator pushes readings: a retrying client sees no failure, and every
    acknowledged reading is in the store."""
    key = region.cli("operator-key", "create", "--name", f"rolling-{uuid.uuid4().hex[:8]}").strip().splitlines()[-1]
    operator = RetryingClient({"Authorization": f"Bearer {key}"})
    code, ean = fresh_code(), fresh_ean()
    made = operator.request("PUT", f"/api/v1/operator/accounts/{fresh_ref()}", json=account_body(code, (ean, "electricity")))
    assert made.status_code == 200, made.text
    household = RetryingClient()
    login = household.request("POST", "/api/v1/auth/prepaid", json={"prepaid_code": code, "postal_code": "9000"})
    assert login.status_code == 200, login.text
    household.http.headers["Authorization"] = f"Bearer {login.json()['access_token']}"

    failures: list[str] = []
    sent: list[dict] = []
    stop = threading.Event()

    def households() -> None:
        while not stop.is_set():
            for path in ("/api/v1/me", f"/api/v1/meters/{ean}/balance", "/api/v1/notifications"):
                r = household.request("GET", path)
                if r.status_code != 200:
                    failures.append(f"GET {path} {r.status_code} {r.text[:200]}")

    def readings() -> None:
        at = datetime.now(timezone.utc) - timedelta(hours=1)
        while not stop.is_set():
            at += timedelta(seconds=1)
            item = reading(f"rolling-{uuid.uuid4().hex}", ean, at.isoformat(), 4000 - len(sent))
            r = operator.request("POST", "/api/v1/operator/meter-readings", json={"readings": [item]})
            status = r.json()["results"][0]["status"] if r.status_code == 200 else None
            if status in ("applied", "duplicate"):  # a resend of a batch whose answer was lost: once
                sent.append(item)
            else:
                failures.append(f"POST readings {r.status_code} {r.text[:200]}")
            time.sleep(0.05)

    workers = [threading.Thread(target=households), threading.Thread(target=readings)]
    for w in workers:
        w.start()
    try:
        time.sleep(2)
        for n in (1, 2):  # one at a time: the other answers meanwhile
            assert "started" in region.supervisorctl("restart", f"api:api-{n}")
            assert wait_until(lambda: _ready(f"http://127.0.0.1:800{n}"), 60)
        time.sleep(2)
    finally:
        stop.set()
        for w in workers:
            w.join(60)
    assert not failures, failures[:10]
    assert len(sent) > 20, len(sent)
    # Every acknowledged reading is in the store: sent again, each is a duplicate (same id, same content).
    for start in range(0, len(sent), 500):
        again = operator.request("POST", "/api/v1/operator/meter-readings", json={"readings": sent[start : start + 500]})
        statuses = {item["status"] for item in again.json()["results"]}
        assert statuses == {"duplicate"}, again.text[:500]


def _ready(url: str) -> bool:
    try:
        return httpx.get(url + "/readyz", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def test_try_local_serves_through_nginx_and_stops_cleanly(region: Region) -> None:
    """Last in this module: SIGTERM to try-local.sh, and within 15 s nothing of it is left."""
    proc = region.proc
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
    assert wait_until(lambda: len(descendants(proc.pid)) >= 7, 90), region.supervisorctl("status")  # supervisord, nginx, 5 programs, ...
    family = descendants(proc.pid)
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    proc.wait(15)
    left = wait_gone(family, 15 - (time.monotonic() - started))
    assert not left, f"left running: {left}"
    ps = subprocess.run(["ps", "-eo", "pid,ppid,etimes,args"], capture_output=True, text=True).stdout
    ours = [line for line in ps.splitlines() if "budgetmeter-try." in line]
    assert not ours, f"ours was {region.run} (pid {proc.pid}, family {sorted(family)}):\n" + "\n".join(ours)
    assert not any(listening(p) for p in (8080, 8001, 8002, 8551, 8552))


def test_the_tls_site_as_deployed_passes_nginx_t(tmp_path: Path) -> None:
    """deploy/nginx.conf with its TLS lines (the ones try-local.sh drops), a certificate made here in the
    operator's place: Debian's nginx accepts the whole configuration."""
    cert, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=budgetmeter.test",
                           "-keyout", str(key), "-out", str(cert)], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    assert site.count("# tls") >= 8, "the TLS lines are marked for try-local.sh"
    site = site.replace("/etc/ssl/budgetmeter/fullchain.pem", str(cert)).replace("/etc/ssl/budgetmeter/privkey.pem", str(key))
    site = site.replace("/var/log/nginx/budgetmeter.access.log", str(tmp_path / "access.log"))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(f"""pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 64; }}
http {{
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    include {tmp_path}/site.conf;
}}
""")
    checked = subprocess.run([NGINX_BIN, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr
