"""The caseload marks a client with new alerts (issue 11), end to end: the real Flet web client in headless
Chromium against a demo server. A household (pushed through the operator API) is added by its
Prepaid-code; an alert fires on its meter; the caseload row shows "1 nieuwe melding" on a phone and in
the desktop table; opening the client's file clears it. Screenshots: artifacts/screenshots/
staff-new-alerts-*.png; axe on the marked caseload.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from playwright.sync_api import expect

from tests.api.alert_helpers import household
from tests.api.operator_helpers import create_key, operator_client
from tests.api.staff_helpers import org_create, unique

from .axe import assert_no_axe_violations
from .harness import DESKTOP, PHONE, fill, open_app, resize, shoot
from .test_staff import code, set_up_admin_by_api, staff_log_in, text


def reload_caseload(page) -> None:
    """To the Team screen and back: the caseload loads afresh each time it is shown."""
    page.get_by_role("button", name="Team", exact=True).first.click()
    expect(text(page, "Medewerker toevoegen")).to_be_visible(timeout=20_000)
    page.get_by_role("button", name="Cliënten", exact=True).first.click()


def test_a_new_alert_marks_the_client_until_the_file_is_opened(new_page, app_server, api):
    admin_user, password = unique("ilse"), "Beheerder-2026!"
    done = org_create(api.database, name=unique("OCMW Melding "), admin_username=admin_user, admin_name="Ilse Verantwoordelijke")
    assert done.returncode == 0, done.stderr
    secret = set_up_admin_by_api(api.url, admin_user, done.stdout.strip().splitlines()[-1], password)
    operator = operator_client(api.url, create_key(api.database))
    an = household(api.url, operator, name="An Melding")
    try:
        page = new_page(PHONE)
        open_app(page, app_server.url, "/login")
        staff_log_in(page, admin_user, password, code(secret, 1))
        expect(text(page, "Nog geen cliënten")).to_be_visible(timeout=30_000)
        page.get_by_role("button", name=re.compile("^Cliënt toevoegen")).click()
        page.get_by_role("radio", name="Prepaid-code").or_(page.get_by_role("button", name="Prepaid-code", exact=True)).first.click()
        fill(page, "Prepaid-code", an.code)
        fill(page, "Postcode", "9000")
        page.get_by_role("button", name="Toevoegen", exact=True).click()
        expect(text(page, "An Melding staat in uw cliëntenlijst.")).to_be_visible()
        expect(text(page, "nieuwe melding")).to_have_count(0)

        start = datetime.now(timezone.utc) - timedelta(minutes=30)
        an.push(1200, at=start)
        an.push(300, at=start + timedelta(minutes=1))  # below the default 5,00: one alert
        reload_caseload(page)
        expect(text(page, "1 nieuwe melding")).to_be_visible(timeout=20_000)
        assert_no_axe_violations(page, "caseload with a new alert (phone)")
        resize(page, DESKTOP)
        expect(text(page, "1 nieuwe melding")).to_be_visible(timeout=20_000)
        assert_no_axe_violations(page, "caseload with a new alert (desktop table)")
        shoot(page, "staff-new-alerts")

        page.get_by_role("cell", name=re.compile("^An Melding")).first.click()  # the table's name cell
        expect(text(page, "klaarzetten")).to_be_visible(timeout=20_000)
        page.get_by_role("button", name="Cliënten", exact=True).first.click()
        expect(text(page, "An Melding")).to_be_visible(timeout=20_000)
        page.wait_for_timeout(1_000)
        expect(text(page, "nieuwe melding")).to_have_count(0)
    finally:
        an.client.close()
        operator.close()
