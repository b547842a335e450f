"""Winter support end to end (issue 21): the real Flet web client in headless Chromium against a server
with a movable clock (BUDGETMETER_CLOCK_OFFSET_FILE).

A household with a gas meter, whose OCMW holds its mandate, asks for free gas in the app and sees seed
001's documents to bring ("U brengt volgende documenten mee: ... Uw identiteitskaart"); the OCMW's staff
member decides in the app (an amount every 7 days from tomorrow); the clock moves to tomorrow 08:05 and
`budgetmeter-server sweep` prepares the amount (seed 000, Vraag 14: "De bedragen moeten wel degelijk
klaargezet worden"); the operator's back office loads it; the season's ledger shows it loaded; the
household sees the decision and the amount. axe at phone and desktop size on both screens.
Screenshots: artifacts/screenshots/winter-*.png.
"""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import expect

from tests.api.operator_helpers import ENV, ROOT, account_body, create_key, fresh_code, fresh_ean, fresh_ref, operator_client
from tests.api.staff_helpers import new_organisation
from tests.serverproc import ServerProcess, start_server

from .axe import assert_no_axe_violations
from .harness import DESKTOP, PHONE, fill, log_in, navigate, open_app, resize, shoot
from .test_staff import code, scroll_to, staff_log_in, text

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture(scope="module")
def clock(tmp_path_factory):
    path = tmp_path_factory.mktemp("winter-e2e-clock") / "offset"
    path.write_text("0")
    return path


@pytest.fixture(scope="module")
def api(tmp_path_factory, clock):
    """This module's API server: the demo, with the test clock."""
    proc = start_server(tmp_path_factory.mktemp("e2e-winter-api"), trust_forwarded=False,
                        env={"BUDGETMETER_CLOCK_OFFSET_FILE": str(clock)})
    yield proc
    proc.stop()


def axe_at_both_sizes(page, name: str) -> None:
    for size in (PHONE, DESKTOP):
        resize(page, size)
        assert_no_axe_violations(page, f"{name}-{size['width']}")
    resize(page, PHONE)


def test_household_asks_staff_decide_the_sweep_prepares_the_operator_loads(new_page, app_server, api: ServerProcess, clock):
    # A household with a gas meter, loaded by the operator; its OCMW holds its mandate (a share code).
    prepaid, gas = fresh_code(), fresh_ean()
    operator = operator_client(api.url, create_key(api.database))
    body = account_body(prepaid, (fresh_ean(), "electricity"), (gas, "gas"))
    body.update(display_name="Nora Winterveld")
    assert operator.put(f"/api/v1/operator/accounts/{fresh_ref()}", json=body).status_code == 200
    org = new_organisation(api, "OCMW Winterdorp")
    with httpx.Client(base_url=api.url, timeout=20) as household:
        token = household.post("/api/v1/auth/prepaid", json={"prepaid_code": prepaid, "postal_code": "9000"}).json()["access_token"]
        share = household.post("/api/v1/mandates/share-codes", json={"permissions": ["view"]},
                               headers={"Authorization": f"Bearer {token}"}).json()["share_code"]
    assert org.admin.client.post("/api/v1/caseload", json={"share_code": share}).status_code == 201

    # The household asks in the app: Settings, Winter support, how many people, ask.
    nora = new_page(PHONE)
    open_app(nora, app_server.url, "/login")
    log_in(nora, f"{prepaid[:4]} {prepaid[4:8]} {prepaid[8:]}", "9000")  # as the app shows a code being typed
    navigate(nora, "Instellingen")
    to_winter = nora.get_by_role("button", name="Wintersteun", exact=True)
    scroll_to(nora, to_winter)
    to_winter.click()
    expect(nora.get_by_role("heading", name="Wintersteun")).to_be_visible(timeout=30_000)
    expect(text(nora, "OCMW Winterdorp")).to_be_visible()
    fill(nora, "Personen in uw gezin", "3")
    fill(nora, "Bericht voor uw maatschappelijk werker", "Mijn gele kaart is leeg")
    nora.get_by_role("button", name="Wintersteun aanvragen").click()
    checklist = text(nora, "Uw identiteitskaart")
    scroll_to(nora, checklist)
    expect(text(nora, "Uw budgetmeterkaart aardgas (gele kaart)")).to_be_visible()
    axe_at_both_sizes(nora, "winter-household-asked")
    shoot(nora, "winter-household-asked")

    # The staff member decides in the app: € 25,00 every 7 days from tomorrow. Her log-in takes the
    # authenticator's next code: the set-up's own log-in used the code of the step after its own
    # (staff_helpers.set_up), so wait, if that step has not begun yet, until it has; the code after it
    # is then new to the server and within its window.
    time.sleep(max(0.0, (org.admin.last_code_at // 30) * 30 + 0.5 - time.time()))
    today = datetime.now(BRUSSELS).date()
    tomorrow = today + timedelta(days=1)
    ilse = new_page(DESKTOP)
    open_app(ilse, app_server.url, "/login")
    staff_log_in(ilse, org.admin.username, org.admin.password, code(org.admin.secret, 1))
    expect(text(ilse, "OCMW Winterdorp")).to_be_visible(timeout=30_000)
    ilse.get_by_role("button", name="Wintersteun", exact=True).first.click()
    decide = ilse.get_by_role("button", name="Beslissen voor Nora Winterveld")
    expect(decide).to_be_visible(timeout=30_000)
    expect(text(ilse, "Mijn gele kaart is leeg")).to_be_visible()
    decide.click()
    fill(ilse, "Bedrag in euro", "25")
    fill(ilse, "Om de hoeveel dagen (7 tot 31)", "7")
    fill(ilse, "Eerste datum (dd/mm/jjjj)", tomorrow.strftime("%d/%m/%Y"))
    fill(ilse, "Laatste datum (dd/mm/jjjj)", (tomorrow + timedelta(days=20)).strftime("%d/%m/%Y"))
    fill(ilse, "Reden (het gezin leest ze)", "Recht op gratis aardgas na onderzoek")
    axe_at_both_sizes(ilse, "winter-staff-decision-form")
    shoot(ilse, "winter-staff-decision-form")
    approve = ilse.get_by_role("button", name="Toekennen")
    scroll_to(ilse, approve)
    approve.click()
    expect(text(ilse, "Beslissing bewaard voor Nora Winterveld")).to_be_visible()
    ilse.get_by_role("button", name="Toegekend").first.click()
    expect(ilse.get_by_role("button", name="Toekenning voor Nora Winterveld stoppen")).to_be_visible()
    axe_at_both_sizes(ilse, "winter-staff-granted")
    shoot(ilse, "winter-staff-granted")

    # Tomorrow 08:05: one sweep prepares the amount, a second prepares nothing more.
    at = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 8, 5, tzinfo=BRUSSELS)
    clock.write_text(str(at.timestamp() - time.time()))
    env = {**ENV, "BUDGETMETER_CLOCK_OFFSET_FILE": str(clock)}
    made = []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-m", "server", "sweep", "--database", api.database], capture_output=True,
                              text=True, env=env, cwd=ROOT, timeout=120)
        assert done.returncode == 0, done.stderr
        made.append(int(done.stdout.split("winter_preparations ")[1].split()[0]))
    items = [i for i in operator.get("/api/v1/operator/pending-topups", params={"limit": 500}).json()["items"] if i["ean"] == gas]
    assert len(items) == 1 and sum(made) <= 1, (items, made)
    item = items[0]
    assert item["amount_cents"] == 2500 and item["channel"] == "ocmw" and item["funded_by"]["name"] == "OCMW Winterdorp"

    # The back office loads it (v2: a top-up with its pending_topup_id).
    r = operator.post("/api/v1/operator/topups", json={"topups": [{
        "event_id": f"winter-{uuid.uuid4().hex}", "ean": gas, "amount_cents": 2500, "channel": "ocmw",
        "loaded_at": datetime.now(timezone.utc).isoformat(), "pending_topup_id": item["pending_topup_id"]}]})
    assert r.status_code == 200 and r.json()["applied"] == 1, r.text
    clock.write_text("0")

    # The season's ledger shows it loaded.
    season = tomorrow.year if tomorrow.month >= 7 else tomorrow.year - 1
    book = org.admin.client.get("/api/v1/organisation/winter-support/ledger", params={"season": season})
    assert book.status_code == 200, book.text
    rows = [row for row in book.json()["items"] if row["ean"] == gas]
    assert rows[0]["due_date"] == tomorrow.isoformat() and rows[0]["status"] == "loaded" and rows[0]["loaded_at"]
    assert book.json()["totals"]["loaded_cents"] >= 2500

    # The household sees the decision and the amount loaded on its meter.
    navigate(nora, "Instellingen")
    to_winter = nora.get_by_role("button", name="Wintersteun", exact=True)
    scroll_to(nora, to_winter)
    to_winter.click()
    granted = text(nora, "Toegekend")
    scroll_to(nora, granted)
    expect(text(nora, "om de 7 dagen")).to_be_visible()
    loaded = text(nora, "opgeladen op uw meter")
    scroll_to(nora, loaded)
    axe_at_both_sizes(nora, "winter-household-granted")
    shoot(nora, "winter-household-granted")
    operator.close()
