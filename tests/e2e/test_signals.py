"""Issue 21, "done when": a household that goes off supply is on its social worker's Signals screen,
the worker acknowledges it with a note, and the household sees who followed up. The real Flet web
client in headless Chromium against a server whose clock the test moves (BUDGETMETER_CLOCK_OFFSET_FILE):
the operator reports the meter interrupted (seed 002: "Als ook dit laatste krediet uitgeput is, wordt
uw meter afgesloten en krijgt u geen energie meer geleverd."), 7 hours pass, `budgetmeter-server sweep`
starts the signal. axe on the Signals screen at phone and desktop size.
Screenshots: artifacts/screenshots/signals-*.png at phone and desktop size.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import httpx
import pyotp
import pytest
from playwright.sync_api import expect

from tests.api.operator_helpers import ROOT, account_body, create_key, fresh_code, fresh_ean, fresh_ref, reading
from tests.api.staff_helpers import org_create, unique
from tests.serverproc import TEST_SECRET_KEY, ServerProcess, start_server

from .axe import assert_no_axe_violations
from .harness import DESKTOP, PHONE, AppProcess, fill, log_in, navigate, open_app, resize, shoot, start_app
from .test_staff import scroll_to, set_up_admin_by_api, staff_log_in, text

HOURS_PASSING = 7 * 3600  # past the 6 hours off supply that start the signal (server.rules.signals)
NOTE = "Gebeld: ik kom morgen langs met een oplaadkaart"


@pytest.fixture(scope="module")
def clock(tmp_path_factory) -> Iterator:
    offset = tmp_path_factory.mktemp("e2e-signals-clock") / "offset"
    offset.write_text("0")
    yield offset


@pytest.fixture(scope="module")
def api(tmp_path_factory, clock) -> Iterator[ServerProcess]:
    proc = start_server(tmp_path_factory.mktemp("e2e-signals-api"), trust_forwarded=False,
                        env={"BUDGETMETER_CLOCK_OFFSET_FILE": str(clock)})
    yield proc
    proc.stop()


@pytest.fixture(scope="module")
def app_server(api: ServerProcess, tmp_path_factory) -> Iterator[AppProcess]:
    proc = start_app(tmp_path_factory.mktemp("e2e-signals-app"), api.url)
    yield proc
    proc.stop()


def server_code(secret: str, clock, steps_ahead: int = 0) -> str:
    """The authenticator's code at the server's time (its clock runs ahead by the offset)."""
    return pyotp.TOTP(secret).at(time.time() + float(clock.read_text()) + 30 * steps_ahead)


def sweep(api: ServerProcess, clock) -> str:
    done = subprocess.run([sys.executable, "-m", "server", "sweep", "--database", api.database], cwd=ROOT, timeout=120,
                          env={**os.environ, "BUDGETMETER_SECRET_KEY": TEST_SECRET_KEY, "BUDGETMETER_CLOCK_OFFSET_FILE": str(clock)},
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    # "signals N" (the winter support's line follows it: the same sweep prepares what is due)
    return done.stdout.strip().splitlines()[0]


def household_with_mandate(api: ServerProcess, staff_token: str) -> tuple[str, str]:
    """Karim's account, made by the operator, and a mandate for the organisation through a share code
    (the ways of issue 10; not what this test is about). Returns his Prepaid-code and EAN."""
    code, ean = fresh_code(), fresh_ean()
    body = account_body(code, (ean, "electricity"))
    body["display_name"] = "Karim Zonder Stroom"
    key = create_key(api.database)
    with httpx.Client(base_url=api.url, timeout=20) as c:
        assert c.put(f"/api/v1/operator/accounts/{fresh_ref()}", json=body, headers={"Authorization": f"Bearer {key}"}).status_code == 200
        token = c.post("/api/v1/auth/prepaid", json={"prepaid_code": code, "postal_code": "9000"}).json()["access_token"]
        share = c.post("/api/v1/mandates/share-codes", json={"permissions": ["view"]}, headers={"Authorization": f"Bearer {token}"})
        assert share.status_code == 201, share.text
        added = c.post("/api/v1/caseload", json={"share_code": share.json()["share_code"]},
                       headers={"Authorization": f"Bearer {staff_token}"})
        assert added.status_code == 201, added.text
        # The meter is off: its emergency credit used up too (seed 002).
        off = reading(f"off-{ean}", ean, datetime.now(timezone.utc).isoformat(), -2100,
                      emergency_credit_in_use=True, emergency_credit_available_cents=0)
        pushed = c.post("/api/v1/operator/meter-readings", json={"readings": [off]}, headers={"Authorization": f"Bearer {key}"})
        assert pushed.json()["applied"] == 1, pushed.text
    return code, ean


def test_off_supply_reaches_the_social_worker_who_follows_up(new_page, app_server, api, clock):
    username, password = unique("sara"), "Beheerder-2026!"
    done = org_create(api.database, name="OCMW Gent", admin_username=username, admin_name="Sara Peeters")
    assert done.returncode == 0, done.stderr
    secret = set_up_admin_by_api(api.url, username, done.stdout.strip().splitlines()[-1], password)
    with httpx.Client(base_url=api.url, timeout=20) as c:
        token = c.post("/api/v1/auth/staff", json={"username": username, "password": password,
                                                   "totp": server_code(secret, clock, 1)}).json()["access_token"]
    karim_code, _ = household_with_mandate(api, token)

    try:
        assert sweep(api, clock) == "signals 0"  # off a moment ago: not yet a signal
        clock.write_text(str(HOURS_PASSING))
        assert sweep(api, clock) == "signals 1"
        assert sweep(api, clock) == "signals 0"  # one per episode

        # Sara's caseload: Karim's row says there is a signal; the Signals screen has it.
        sara = new_page(DESKTOP)
        open_app(sara, app_server.url, "/login")
        staff_log_in(sara, username, password, server_code(secret, clock, 1))
        expect(text(sara, "Sara Peeters · OCMW Gent")).to_be_visible(timeout=30_000)
        expect(text(sara, "Signaal: Geen levering")).to_be_visible()
        shoot(sara, "signals-caseload")
        sara.get_by_role("button", name="Signalen", exact=True).first.click()
        expect(sara.get_by_role("heading", name="Karim Zonder Stroom")).to_be_visible()
        expect(text(sara, "De meter is al uren afgesloten")).to_be_visible()
        expect(text(sara, "Elektriciteit · sinds")).to_be_visible()
        assert_no_axe_violations(sara, "signals-desktop")
        resize(sara, PHONE)
        expect(sara.get_by_role("heading", name="Karim Zonder Stroom")).to_be_visible()
        assert_no_axe_violations(sara, "signals-phone")
        shoot(sara, "signals-open")

        # She acknowledges it with a note; the card says by whom.
        note = sara.get_by_label(re.compile("^Notitie")).first
        scroll_to(sara, note)
        fill(sara, "Notitie", NOTE)
        acknowledge = sara.get_by_role("button", name="Opnemen")
        scroll_to(sara, acknowledge)
        acknowledge.click()
        expect(text(sara, "Signaal van Karim Zonder Stroom opgenomen.")).to_be_visible()
        expect(text(sara, f"Opgenomen door Sara Peeters: “{NOTE}”")).to_be_visible()
        expect(sara.get_by_role("button", name="Opnemen")).to_have_count(0)
        assert_no_axe_violations(sara, "signals-acknowledged")
        shoot(sara, "signals-acknowledged")

        # Karim sees who followed up, and her note, in "Who can see my account".
        karim = new_page(PHONE)
        open_app(karim, app_server.url, "/login")
        log_in(karim, f"{karim_code[:4]} {karim_code[4:8]} {karim_code[8:]}", "9000")  # as the app shows a code being typed
        navigate(karim, "Instellingen")
        karim.get_by_role("button", name="Wie kan mijn account zien").click()
        followed = text(karim, "Sara Peeters (OCMW Gent) zag de melding over uw meter en volgt ze op")
        scroll_to(karim, followed)
        expect(followed).to_be_visible()
        expect(text(karim, f"(notitie: “{NOTE}”)")).to_be_visible()
        assert_no_axe_violations(karim, "signals-household-access")
        shoot(karim, "signals-household-access")
    finally:
        clock.write_text("0")
