"""The app when its API misbehaves: slow (past the timeout), garbage, a gateway error. Each time a
clear sentence, the last balances stay on screen with their age, nothing crashes, and when the API
is back the app recovers by itself, without a tap."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import expect

from tests.serverproc import free_port

from .harness import PHONE, AppProcess, log_in, open_app, shoot, start_app

AN = ("1111 2222 33", "9000")


def text(page, value: str):
    return page.get_by_text(value, exact=False).or_(page.locator(f'[aria-label*="{value}"]')).first


@pytest.fixture(scope="module")
def proxy(api, tmp_path_factory) -> Iterator[str]:
    port = free_port()
    log = open(tmp_path_factory.mktemp("proxy") / "proxy.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.faultproxy", "--port", str(port), "--upstream", api.url],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.post(f"{url}/__fault/pass", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("fault proxy did not start")
        time.sleep(0.1)
    yield url
    process.kill()  # a "slow" request may still be sleeping; no graceful shutdown needed
    process.wait(10)


@pytest.fixture(scope="module")
def app_server(proxy: str, tmp_path_factory) -> Iterator[AppProcess]:
    # Short waits so that the test runs in seconds: give up after 2 s, retry every 2 s while offline.
    proc = start_app(
        tmp_path_factory.mktemp("e2e-faults"),
        proxy,
        env_extra={"BUDGETMETER_API_TIMEOUT": "2", "BUDGETMETER_OFFLINE_RETRY_SECONDS": "2"},
    )
    yield proc
    proc.stop()


def fault(proxy: str, mode: str) -> None:
    assert httpx.post(f"{proxy}/__fault/{mode}", timeout=5).status_code == 200


def test_slow_then_garbage_then_back_by_itself(new_page, app_server, proxy) -> None:
    page = new_page(PHONE)
    open_app(page, app_server.url)
    log_in(page, *AN)
    expect(text(page, "42,17")).to_be_visible()

    fault(proxy, "slow")
    page.get_by_role("button", name="Vernieuwen").first.click()
    expect(text(page, "De server antwoordt te traag")).to_be_visible(timeout=30_000)
    expect(text(page, "42,17")).to_be_visible()  # what it knew stays, with its age
    expect(text(page, "Deze saldi zijn van")).to_be_visible()
    shoot(page, "fault-slow", sizes=(PHONE,))

    fault(proxy, "garbage")
    page.get_by_role("button", name="Opnieuw proberen").first.click()
    expect(text(page, "De server gaf een antwoord dat we niet begrijpen")).to_be_visible(timeout=30_000)
    expect(text(page, "42,17")).to_be_visible()

    fault(proxy, "error")
    expect(text(page, "Er ging iets mis op de server")).to_be_visible(timeout=30_000)  # the app retried by itself
    expect(text(page, "12,50")).to_be_visible()
    shoot(page, "fault-error", sizes=(PHONE,))

    fault(proxy, "pass")
    # No tap: the app retries on its own while offline and the banner goes.
    expect(text(page, "Deze saldi zijn van")).to_be_hidden(timeout=30_000)
    expect(text(page, "42,17")).to_be_visible()
    expect(text(page, "Bijgewerkt zonet")).to_be_visible()
    assert "Traceback" not in app_server.log()
