"""Helpers with their own accounts, end to end (issue 10): the real Flet web client in headless Chromium
against a demo server.

An organisation's administrator (made with `budgetmeter-server org create`) adds a staff member on the
Team screen; the member sets up the authenticator (the test computes the code from the key the set-up
screen shows, as an authenticator app would from the QR code); An makes a share code; the member
redeems it and adds Youssef by his Prepaid-code, sees both with Youssef first, prepares a top-up for An;
An sees the member in "Who can see my account" and stops the access; An leaves the caseload.
Screenshots: artifacts/screenshots/staff-*.png at phone and desktop size.
"""

from __future__ import annotations

import re
import time

import httpx
import pyotp
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.api.staff_helpers import org_create, secret_of, unique

from .axe import assert_no_axe_violations
from .harness import (
    DESKTOP,
    PHONE,
    broken_words,
    cut_off,
    fill,
    labels_over_borders,
    log_in,
    navigate,
    open_app,
    resize,
    shoot,
    text_at,
)

#: The app writes amounts as Belgian Dutch does, "€ 20,00" with a no-break space (never split over two
#: lines); Flutter puts that text in aria-labels, which Playwright compares as written.
EUR_20 = "€\xa020,00"
SHARE = re.compile(r"([ACDEFGHJKMNPQRTWXY3469]{4})-?([ACDEFGHJKMNPQRTWXY3469]{4})")


def text(page, value: str):
    return page.get_by_text(value, exact=False).or_(page.locator(f'[aria-label*="{value}"]')).first


def semantic_texts(page) -> list[str]:
    return page.locator("flt-semantics").evaluate_all(
        "els => els.flatMap(e => (e.getAttribute('aria-label') || e.innerText || '').split('\\n'))"
    )


def text_of(page, identifier: str) -> str:
    node = page.locator(f"[flt-semantics-identifier='{identifier}']").first
    node.wait_for(state="attached", timeout=20_000)
    return node.evaluate(
        "e => [e, ...e.querySelectorAll('*')].map(x => (x.getAttribute('aria-label') || '') + ' ' + (x.innerText || '')).join(' ')"
    )


def scroll_to(page, target, *, up: bool = False, timeout_s: float = 30) -> None:
    """Scroll the screen until ``target`` lies inside the window. Flutter builds (and exposes) only
    what is near the visible part of a list, and a node just outside the window is in the DOM with a
    box: Playwright's own scroll-into-view then moves the DOM, Flutter answers by rebuilding, and the
    click waits on a detached node. So scroll as a person would, with the wheel, towards the node
    (``up`` while it is not built yet), until it is in view or the time is up."""
    height = page.viewport_size["height"]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            box = target.bounding_box(timeout=2_000) if target.count() else None
        except PlaywrightTimeout:  # detached while Flutter rebuilt the list: look again
            box = None
        if box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height:
            return
        down = box["y"] > 0 if box is not None else not up
        page.mouse.move(200, height * 0.6)
        page.mouse.wheel(0, 300 if down else -300)
        page.wait_for_timeout(300)
    expect(target).to_be_in_viewport(timeout=1_000)


def code(secret: str, steps_ahead: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def staff_log_in(page, username: str, password: str, totp: str = "") -> None:
    expect(page.get_by_role("button", name="Inloggen")).to_be_visible(timeout=30_000)
    page.get_by_role("radio", name="Hulpverlener").or_(page.get_by_role("button", name="Hulpverlener", exact=True)).first.click()
    fill(page, "Gebruikersnaam", username)
    fill(page, "Wachtwoord", password)
    if totp:
        fill(page, "Code uit de authenticator-app", totp)
    page.get_by_role("button", name="Inloggen").click()


def set_up_admin_by_api(url: str, username: str, initial: str, password: str) -> str:
    """The administrator's own set-up, through the API (the member's goes through the screens)."""
    with httpx.Client(base_url=url, timeout=20) as c:
        token = c.post("/api/v1/auth/staff", json={"username": username, "password": initial}).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        secret = secret_of(c.post("/api/v1/staff/setup", json={"new_password": password}, headers=auth).json()["totp_uri"])
        assert c.post("/api/v1/staff/setup/confirm", json={"totp": code(secret)}, headers=auth).status_code == 204
    return secret


def test_staff_caseload_from_team_to_stopped_mandate(new_page, app_server, api):
    admin_user, admin_password = unique("ilse"), "Beheerder-2026!"
    done = org_create(api.database, name="OCMW Gent", admin_username=admin_user, admin_name="Ilse Verantwoordelijke")
    assert done.returncode == 0, done.stderr
    admin_secret = set_up_admin_by_api(api.url, admin_user, done.stdout.strip().splitlines()[-1], admin_password)

    # The administrator adds Sam on the Team screen; the initial password is shown once.
    admin = new_page(DESKTOP)
    open_app(admin, app_server.url, "/login")
    staff_log_in(admin, admin_user, admin_password, code(admin_secret, 1))
    expect(text(admin, "Ilse Verantwoordelijke · OCMW Gent")).to_be_visible(timeout=30_000)
    expect(text(admin, "Nog geen cliënten")).to_be_visible()
    admin.get_by_role("button", name="Team", exact=True).first.click()
    sam_user = unique("sam")
    fill(admin, "Gebruikersnaam", sam_user)
    fill(admin, "Naam zoals cliënten die zien", "Sam Peeters")
    admin.get_by_role("button", name="Toevoegen", exact=True).click()
    expect(text(admin, "Het wordt alleen nu getoond")).to_be_visible()
    initial = re.search(r"[A-Za-z0-9_-]{16}", text_of(admin, "initial-password"))[0]
    expect(admin.get_by_role("button", name="Sam Peeters verwijderen")).to_be_visible()
    # No remove button on her own row: the server refuses it.
    expect(admin.get_by_role("button", name="Ilse Verantwoordelijke verwijderen")).to_have_count(0)
    shoot(admin, "staff-team")
    # Every staff screen with axe at phone size too (issue 20): the team here, the set-up below.
    assert_no_axe_violations(admin, "staff-team-desktop")
    resize(admin, PHONE)
    assert_no_axe_violations(admin, "staff-team-phone")
    resize(admin, DESKTOP)

    # Sam's first log-in: a new password, then the authenticator (the key under the QR code).
    sam = new_page(PHONE)
    open_app(sam, app_server.url, "/login")
    staff_log_in(sam, sam_user, initial)
    expect(text(sam, "Stap 1 van 2")).to_be_visible(timeout=30_000)
    assert_no_axe_violations(sam, "staff-setup-password-phone")
    fill(sam, "Nieuw wachtwoord", "Sam-Eigen-2026!")
    fill(sam, "Nieuw wachtwoord opnieuw", "Sam-Eigen-2026!")
    sam.get_by_role("button", name="Volgende").click()
    expect(text(sam, "Stap 2 van 2")).to_be_visible()
    key_lines = [line.strip() for line in semantic_texts(sam) if re.fullmatch(r"(?:[A-Z2-7]{4} ){7}[A-Z2-7]{4}", line.strip())]
    assert key_lines, semantic_texts(sam)
    key = key_lines[0].replace(" ", "")
    shoot(sam, "staff-setup")
    assert_no_axe_violations(sam, "staff-setup-authenticator-phone")
    fill(sam, "Code uit de authenticator-app", code(key))
    sam.get_by_role("button", name="Bevestigen").click()
    expect(text(sam, "Uw account is ingesteld")).to_be_visible()
    staff_log_in(sam, sam_user, "Sam-Eigen-2026!", code(key, 1))
    expect(text(sam, "Sam Peeters · OCMW Gent")).to_be_visible(timeout=30_000)

    # An makes a share code in her own app.
    an = new_page(PHONE)
    open_app(an, app_server.url, "/login")
    log_in(an, "1111 2222 33", "9000")
    navigate(an, "Instellingen")
    an.get_by_role("button", name="Wie kan mijn account zien").click()
    expect(text(an, "Geen enkele organisatie kan uw account zien.")).to_be_visible()
    an.get_by_role("button", name="Deelcode maken").click()
    share = "-".join(SHARE.search(re.sub(r"\s", "", text_of(an, "share-code"))).groups())
    shoot(an, "staff-share-code")

    # Sam adds An by her share code and Youssef by his Prepaid-code: Youssef (emergency credit,
    # minimum supply) comes first.
    add = sam.get_by_role("button", name=re.compile("^Cliënt toevoegen"))
    expect(add).to_be_visible()
    add.click()
    expect(sam.get_by_label(re.compile("^Deelcode van de cliënt")).first).to_be_visible()
    fill(sam, "Deelcode van de cliënt", share)
    sam.get_by_role("button", name="Toevoegen", exact=True).click()
    expect(text(sam, "An Peeters staat in uw cliëntenlijst.")).to_be_visible()
    sam.get_by_role("radio", name="Prepaid-code").or_(sam.get_by_role("button", name="Prepaid-code", exact=True)).first.click()
    fill(sam, "Prepaid-code", "4444 5555 66")
    fill(sam, "Postcode", "2000")
    sam.get_by_role("button", name="Toevoegen", exact=True).click()
    expect(text(sam, "Youssef El Amrani staat in uw cliëntenlijst.")).to_be_visible()
    expect(text(sam, "Youssef El Amrani 2000")).to_be_visible()
    rows = [line for line in semantic_texts(sam) if line.startswith(("Youssef El Amrani ", "An Peeters "))]
    assert rows and rows[0].startswith("Youssef El Amrani "), rows  # the most urgent first
    an_row = text(sam, "An Peeters 9000")
    scroll_to(sam, an_row)
    shoot(sam, "staff-caseload")

    # Sam opens An's file and prepares a top-up of € 20,00 ("betalen + klaarzetten", seed 000, Vraag 10).
    an_row.click()
    expect(sam.get_by_role("heading", name="An Peeters")).to_be_visible()
    expect(text(sam, "Elektriciteit")).to_be_visible()
    assert_no_axe_violations(sam, "staff-client")
    shoot(sam, "staff-client")
    prepare = sam.get_by_role("button", name=re.compile(r"^Oplading van €\s20,00 klaarzetten"))
    scroll_to(sam, prepare)
    prepare.click()
    # The confirmation comes below the button once the server answered; in one run of seven the list
    # stood at its top again by then (left open in the report), so scroll to it rather than expect it
    # where the button was.
    prepared = text(sam, f"{EUR_20} staat klaar")
    scroll_to(sam, prepared)
    assert_no_axe_violations(sam, "staff-client-prepared")
    shoot(sam, "staff-client-prepared")

    # Sam goes back to his caseload, where An still is: at desktop size, where the table shows every
    # row (on a phone An's row may lie outside the part of the list Flutter builds, and her absence
    # there would prove nothing).
    back = sam.get_by_role("button", name="Terug naar de cliëntenlijst")
    scroll_to(sam, back, up=True)
    back.click()
    resize(sam, DESKTOP)
    expect(text(sam, "Youssef El Amrani")).to_be_visible()
    expect(text(sam, "An Peeters")).to_be_visible()

    # An sees Sam, by the name and organisation the server knows, in "Who can see my account": the
    # organisation with its last look, and the visit in the access log.
    navigate(an, "Instellingen")
    an.get_by_role("button", name="Wie kan mijn account zien").click()
    expect(text(an, "Laatst bekeken")).to_be_visible()
    expect(text(an, "door Sam Peeters")).to_be_visible()
    # The code Sam used is no longer on An's screen as if it were still waiting.
    expect(an.locator("[flt-semantics-identifier='share-code']")).to_have_count(0)
    assert_no_axe_violations(an, "staff-account-access")
    visit = text(an, "Sam Peeters (OCMW Gent)")
    scroll_to(an, visit)
    shoot(an, "staff-access-log")

    # An stops the access: one tap, then the confirmation in the organisation's card.
    stop = an.get_by_role("button", name="Toegang stoppen")
    scroll_to(an, stop.first)
    stop.first.click()
    expect(text(an, "Toegang stoppen voor OCMW Gent?")).to_be_visible()
    assert_no_axe_violations(an, "staff-stop-access")
    shoot(an, "staff-stop-access")
    expect(an.get_by_role("button", name="Annuleren")).to_be_visible()
    confirm = an.get_by_role("button", name="Toegang stoppen").last
    scroll_to(an, confirm)
    confirm.click()
    expect(text(an, "Geen enkele organisatie kan uw account zien.")).to_be_visible()
    expect(text(an, "Toegang stoppen voor OCMW Gent?")).to_have_count(0)
    shoot(an, "staff-access-stopped")

    # An has left Sam's caseload at his next refresh; Youssef is still there.
    sam.get_by_role("button", name="Vernieuwen").click()
    expect(text(sam, "An Peeters")).to_have_count(0)
    expect(text(sam, "Youssef El Amrani")).to_be_visible()
    assert_no_axe_violations(sam, "staff-caseload")

    # The caseload as CSV for the OCMW's own records: the browser downloads the server's file.
    with sam.expect_download() as download:
        sam.get_by_role("button", name="Exporteren (CSV)").click()
    assert re.fullmatch(r"caseload-\d{4}-\d{2}-\d{2}\.csv", download.value.suggested_filename)
    # The spreadsheet form (issue 20): a UTF-8 byte order mark, semicolons, headers in the app's language.
    exported = open(download.value.path(), encoding="utf-8").read()
    assert exported.startswith("\ufeffCliëntnummer;Naam;"), exported[:200]
    assert "Youssef El Amrani" in exported and "An Peeters" not in exported

    # The administrator removes Sam: asked once more in his row, then his session stops at once and
    # his next refresh brings him back to the log-in, saying why.
    admin.get_by_role("button", name="Sam Peeters verwijderen").click()
    expect(text(admin, "Sam Peeters verwijderen?")).to_be_visible()
    assert_no_axe_violations(admin, "staff-team-remove")
    shoot(admin, "staff-team-remove")
    admin.get_by_role("button", name="Verwijderen", exact=True).click()
    expect(admin.get_by_role("button", name="Sam Peeters verwijderen")).to_have_count(0)
    sam.get_by_role("button", name="Vernieuwen").click()
    expect(sam.get_by_role("button", name="Inloggen")).to_be_visible(timeout=30_000)
    expect(text(sam, "Uw sessie is afgelopen")).to_be_visible()


def test_staff_settings_and_team_confirmation_at_200_percent_text(new_page, app_server, api):
    """WCAG 1.4.4 and 1.4.10 on the staff screens with the most in a row: the digest's address with
    the code from the mail, and the team's in-row confirmation of a removal, at 200 % text."""
    admin_user, admin_password = unique("ilse"), "Beheerder-2026!"
    done = org_create(api.database, name=unique("OCMW Groot "), admin_username=admin_user, admin_name="Ilse Groot")
    assert done.returncode == 0, done.stderr
    admin_secret = set_up_admin_by_api(api.url, admin_user, done.stdout.strip().splitlines()[-1], admin_password)

    page = new_page(PHONE)
    text_at(page, 200)
    open_app(page, app_server.url, "/login")
    staff_log_in(page, admin_user, admin_password, code(admin_secret, 1))
    expect(text(page, "Nog geen cliënten")).to_be_visible(timeout=30_000)
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
    # Who is logged in, for which organisation: beside the links a phone had room for "Ilse …", at
    # 200 % text for no letter at all (a node 1 px wide).
    who = page.locator("flt-semantics").filter(has_text=re.compile(r"^Ilse Groot · OCMW Groot")).last
    assert not broken_words(page, who, base_px=14, chrome_px=0, weight=600)
    # The caseload's search and days fields: their labels float onto the border on one line.
    assert not labels_over_borders(page), labels_over_borders(page)

    page.get_by_role("button", name=re.compile("^Instellingen")).first.click()
    expect(text(page, "Dagelijks overzicht per mail")).to_be_visible()
    page.get_by_role("switch", name=re.compile("^Stuur mij een dagelijks overzicht")).click()
    fill(page, "E-mailadres", f"{admin_user}@ocmw.example.test")
    # The floating labels of the filled fields (time, address) fit on the border, on one line.
    assert not labels_over_borders(page), labels_over_borders(page)
    save = page.get_by_role("button", name="Overzicht bewaren")
    scroll_to(page, save)
    save.click()
    code_field = page.get_by_label(re.compile("^Code uit de mail")).first
    scroll_to(page, code_field, up=True)
    page.wait_for_timeout(500)
    assert not cut_off(page), cut_off(page)
    assert_no_axe_violations(page, "text-200-staff-settings")
    shoot(page, "text-200-staff-settings")

    page.get_by_role("button", name="Team", exact=True).first.click()
    fill(page, "Gebruikersnaam", unique("sam"))
    fill(page, "Naam zoals cliënten die zien", "Sam Groot")
    page.get_by_role("button", name="Toevoegen", exact=True).click()
    remove = page.get_by_role("button", name="Sam Groot verwijderen")
    scroll_to(page, remove)
    expect(page.get_by_role("button", name="Ilse Groot verwijderen")).to_have_count(0)
    remove.click()
    question = text(page, "Sam Groot verwijderen?")
    scroll_to(page, question)
    page.wait_for_timeout(500)
    assert not cut_off(page), cut_off(page)
    assert_no_axe_violations(page, "text-200-team-remove")
    shoot(page, "text-200-team-remove")
