"""Issue 11 in the app: a reading pushed through the operator API makes the bell show 1 within the
app's refresh interval (BUDGETMETER_REFRESH_SECONDS); the notifications screen shows the alert; the
alert settings verify an address with the code from a real mail (aiosmtpd on loopback)."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest
from playwright.sync_api import expect

from tests.api.operator_helpers import account_body, create_key, fresh_code, fresh_ean, fresh_ref, operator_client, reading
from tests.mailsink import MailSink
from tests.serverproc import ServerProcess, start_server

from .harness import PHONE, AppProcess, fill, log_in, open_app, resize, shoot, start_app

REFRESH_SECONDS = 4
TALL = {"width": 1280, "height": 2000}


@pytest.fixture(scope="module")
def sink() -> Iterator[MailSink]:
    mails = MailSink().start()
    yield mails
    mails.stop()


@pytest.fixture(scope="module")
def api(tmp_path_factory, sink) -> Iterator[ServerProcess]:
    proc = start_server(tmp_path_factory.mktemp("e2e-alerts-api"), trust_forwarded=False,
                        env={"BUDGETMETER_SMTP_URL": sink.url, "BUDGETMETER_MAIL_POLL_SECONDS": "0.2"})
    yield proc
    proc.stop()


@pytest.fixture(scope="module")
def app_server(api: ServerProcess, tmp_path_factory) -> Iterator[AppProcess]:
    proc = start_app(tmp_path_factory.mktemp("e2e-alerts-app"), api.url,
                     env_extra={"BUDGETMETER_REFRESH_SECONDS": str(REFRESH_SECONDS)})
    yield proc
    proc.stop()


def text(page, value: str):
    """A text on screen, also when Flutter merged it into its card's label."""
    return page.get_by_text(value, exact=False).or_(page.locator(f'[aria-label*="{value}"]')).first


def bell(page, unread: int):
    name = re.compile(r"^Meldingen(?!:)") if unread == 0 else re.compile(rf"^Meldingen: {unread} ongelezen")
    return page.get_by_role("button", name=name).first


def test_a_pushed_reading_rings_the_bell_and_an_address_is_verified(new_page, app_server, api, sink):
    code, ean = fresh_code(), fresh_ean()
    with operator_client(api.url, create_key(api.database)) as op:
        body = {**account_body(code, (ean, "electricity")), "display_name": "Nora Willems"}
        assert op.put(f"/api/v1/operator/accounts/{fresh_ref()}", json=body).status_code == 200
        op.post("/api/v1/operator/meter-readings", json={"readings": [
            reading(f"e2e-a-{uuid.uuid4().hex}", ean, datetime.now(timezone.utc).isoformat(), 2500)]})

        page = new_page(PHONE)
        open_app(page, app_server.url)
        log_in(page, f"{code[:4]} {code[4:8]} {code[8:]}", "9000")
        expect(bell(page, 0)).to_be_visible(timeout=30_000)

        # The balance drops below the default threshold of 5,00.
        pushed = time.monotonic()
        answer = op.post("/api/v1/operator/meter-readings", json={"readings": [
            reading(f"e2e-a-{uuid.uuid4().hex}", ean, datetime.now(timezone.utc).isoformat(), 320)]}).json()
        assert answer["applied"] == 1
        expect(bell(page, 1)).to_be_visible(timeout=(REFRESH_SECONDS + 10) * 1000)
        waited = time.monotonic() - pushed
        # Within the refresh interval, plus the round trips of a loaded 2-core machine.
        assert waited <= REFRESH_SECONDS + 5, waited
        shoot(page, "alerts-bell")

    bell(page, 1).click()
    expect(text(page, "Uw saldo voor elektriciteit is laag")).to_be_visible()
    expect(text(page, "3,20")).to_be_visible()
    shoot(page, "alerts-notifications")

    # A window tall enough for the whole settings screen: the list builds what is on screen only.
    resize(page, TALL)
    page.get_by_role("button", name="Meldingen instellen").click()
    expect(page.get_by_label("Waarschuw mij als het saldo lager is dan")).to_be_visible()
    address = f"nora-{uuid.uuid4().hex[:8]}@example.test"
    fill(page, "E-mailadres voor meldingen", address)
    page.get_by_role("button", name="Meldingen bewaren").click()
    mail = sink.wait_for(address, timeout=30)[0]
    code6 = re.findall(r"\b[0-9]{6}\b", mail.text)[0]
    fill(page, "Code uit de mail", code6)
    page.get_by_role("button", name="Bevestigen").click()
    expect(text(page, "Uw adres is bevestigd")).to_be_visible()
    shoot(page, "alerts-settings", sizes=(PHONE, TALL))
