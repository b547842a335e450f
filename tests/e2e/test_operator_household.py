"""Issue 9, done when: a household loaded by an operator (key, API, CSV import) logs in with its own
Prepaid-code in the app and sees its newest balance, days left from its own history, and its top-up
history, including a helper's preparation that the back office loaded."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
from playwright.sync_api import expect

from tests.api.operator_helpers import account_body, cli, create_key, fresh_code, fresh_ean, fresh_ref, operator_client
from tests.api.test_import import READING_FIELDS, write_csv

from .harness import PHONE, log_in, open_app, shoot


def text(page, value: str):
    return page.get_by_text(value, exact=False).or_(page.locator(f'[aria-label*="{value}"]')).first


def test_a_household_loaded_by_the_operator_sees_its_own_data(new_page, app_server, api, tmp_path):
    key = create_key(api.database)
    code, electricity, gas = fresh_code(), fresh_ean(), fresh_ean()
    with operator_client(api.url, key) as op:
        body = {**account_body(code, (electricity, "electricity"), (gas, "gas")), "display_name": "Lies Janssens"}
        assert op.put(f"/api/v1/operator/accounts/{fresh_ref()}", json=body).status_code == 200

    # Two weeks of readings from a CSV file: 2,50 a day, a top-up of 30,00 a week ago.
    # 07:00 of today in Brussels, whose days the history counts (in UTC it is another day from 23:00).
    today = datetime.now(ZoneInfo("Europe/Brussels")).replace(hour=7, minute=0, second=0, microsecond=0)
    rows = []
    for ean in (electricity, gas):
        balance = 9000
        for n in range(14, 0, -1):
            balance -= 250
            if n == 7:
                balance += 3000
            rows.append({"event_id": f"e2e-{ean}-{n}", "ean": ean, "read_at": (today - timedelta(days=n)).isoformat(),
                         "balance_cents": balance, "emergency_credit_available_cents": 2000,
                         "emergency_credit_in_use": "false", "minimum_supply_active": "false"})
    imported = cli("import", "readings", str(write_csv(tmp_path / "readings.csv", READING_FIELDS, rows)),
                   "--database", api.database)
    assert imported.stdout.strip().splitlines()[-1] == "applied 28, duplicate 0, stale 0, rejected 0"

    # A helper prepares 30,00 ("klaarzetten"); the back office loads it with the week-old top-up.
    with httpx.Client(base_url=api.url, timeout=30) as c:
        token = c.post("/api/v1/auth/prepaid", json={"prepaid_code": code, "postal_code": "9000",
                                                     "helper": {"name": "Lotte", "organisation": "OCMW Gent"}}).json()
        pending = c.post(f"/api/v1/meters/{electricity}/pending-topups", json={"amount_cents": 3000},
                         headers={"Authorization": f"Bearer {token['access_token']}", "Idempotency-Key": "e2e-op-1"})
        assert pending.status_code in (200, 201), pending.text
    with operator_client(api.url, key) as op:
        answer = op.post("/api/v1/operator/topups", json={"topups": [
            {"event_id": f"e2e-t-{ean}", "ean": ean, "amount_cents": 3000, "channel": "transfer",
             "loaded_at": (today - timedelta(days=7, hours=2)).isoformat(),
             **({"pending_topup_id": pending.json()["id"]} if ean == electricity else {})}
            for ean in (electricity, gas)]}).json()
        assert answer["applied"] == 2, json.dumps(answer)

    page = new_page(PHONE)
    open_app(page, app_server.url)
    log_in(page, code[:4] + " " + code[4:8] + " " + code[8:], "9000")
    expect(text(page, "Hallo Lies")).to_be_visible()
    expect(text(page, "85,00")).to_be_visible()  # the newest reading: 90,00 - 14 x 2,50 + 30,00
    # Days from its own history (issue 20): its own money first (the balance and the negative-credit
    # room), then the 20,00 emergency credit's, in the words of the server's two figures (v1 said one
    # number for both together).
    with httpx.Client(base_url=api.url, timeout=30) as c:
        login = c.post("/api/v1/auth/prepaid", json={"prepaid_code": code, "postal_code": "9000"}).json()
        figures = c.get(f"/api/v1/meters/{electricity}/balance",
                        headers={"Authorization": f"Bearer {login['access_token']}"}).json()
    own = figures["days_until_emergency_credit"]
    after = figures["estimated_days_left"] - own
    assert figures["average_daily_cost_cents"] == 250 and own >= 34 and after >= 8, figures
    expect(text(page, f"nog {own} dagen, daarna ongeveer {after} dagen noodkrediet")).to_be_visible()
    shoot(page, "home-operator-household")
    page.get_by_role("button", name="Details").first.click()
    # The history lies below the balance chart: Flutter puts only what is near the screen in its
    # semantics tree, so scroll down to it.
    loaded = text(page, "klaargezet in de app")
    for _ in range(12):
        if loaded.is_visible():
            break
        page.mouse.move(200, 500)
        page.mouse.wheel(0, 500)
        page.wait_for_timeout(400)
    expect(loaded).to_be_visible()
    shoot(page, "meter-operator-household")
