"""WCAG 2.2 AA in the real web client (issue 12): axe-core on every screen, keyboard only, 200 % text.

axe runs on Flutter's semantics tree (tests/e2e/axe.py); findings Flutter's engine causes are listed
with their reason in axe_engine_exceptions.json, everything else fails. Colour contrast is computed
from the theme in tests/app/test_contrast.py (axe cannot see text painted on a canvas).
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .axe import axe_problems
from .harness import DESKTOP, PHONE, fill, log_in, navigate, open_app, shoot

AN = ("1111 2222 33", "9000")
MARIE = ("7777 8888 99", "3000")


def text(page, value: str):
    return page.get_by_text(value, exact=False).or_(page.locator(f'[aria-label*="{value}"]')).first


def check(page, screen: str, found: list[str]) -> None:
    found.extend(axe_problems(page, screen))


def test_axe_on_the_public_screens(new_page, app_server):
    page = new_page(PHONE)
    found: list[str] = []
    open_app(page, app_server.url, "/login")
    expect(page.get_by_role("button", name="Inloggen")).to_be_visible(timeout=30_000)
    check(page, "login", found)
    # A refused log-in: the error is on screen (and announced).
    log_in(page, "1111 2222 33", "9001")
    expect(text(page, "Die Prepaid-code of postcode klopt niet")).to_be_visible()
    check(page, "login-error", found)

    open_app(page, app_server.url, "/topup-points")
    expect(text(page, "Zoek een oplaadpunt")).to_be_visible(timeout=30_000)
    check(page, "topup-points-empty", found)
    fill(page, "Postcode of gemeente", "9000")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    expect(text(page, "Dichtst bij 9000 Gent eerst")).to_be_visible()
    check(page, "topup-points", found)
    page.get_by_role("button", name="Openingsuren en route").first.click()
    expect(text(page, "Openingsuren deze week")).to_be_visible()
    check(page, "topup-point-detail", found)

    open_app(page, app_server.url, "/eligibility")
    expect(page.get_by_role("button", name="Volgende")).to_be_visible(timeout=30_000)
    check(page, "eligibility-start", found)
    page.get_by_role("radio", name="Leefloon van het OCMW").or_(page.get_by_role("button", name="Leefloon van het OCMW", exact=True)).first.click()
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_label("Datum", exact=True)).to_be_visible()
    check(page, "eligibility-date", found)

    open_app(page, app_server.url, "/login")
    page.get_by_role("button", name="Toegankelijkheid").click()
    expect(text(page, "Toegankelijkheidsverklaring")).to_be_visible()
    expect(text(page, "Een probleem melden")).to_be_visible()
    check(page, "accessibility-statement", found)

    open_app(page, app_server.url, "/know")
    expect(text(page, "Noodkrediet en terugbetalen")).to_be_visible(timeout=30_000)
    check(page, "know-index", found)
    page.get_by_role("button", name="Noodkrediet en terugbetalen").click()
    expect(text(page, "Ons eigen voorbeeld")).to_be_visible()
    check(page, "know-page", found)
    assert not found, f"{len(found)} serious/critical axe finding(s):\n" + "\n".join(found)


def test_axe_on_the_logged_in_screens(new_page, app_server):
    page = new_page(DESKTOP)
    found: list[str] = []
    open_app(page, app_server.url)
    log_in(page, *AN, helper=("Lotte Janssens", "OCMW Gent"))
    expect(text(page, "42,17")).to_be_visible()
    check(page, "home", found)
    page.get_by_role("button", name="Details").first.click()
    expect(text(page, "Oplaadgeschiedenis")).to_be_visible()
    check(page, "meter", found)
    navigate(page, "Opladen")
    expect(text(page, "IBAN")).to_be_visible()
    check(page, "pay", found)
    navigate(page, "Tarief")
    expect(text(page, "Categorie 1")).to_be_visible()
    check(page, "tariff", found)
    navigate(page, "Cliënten")
    expect(text(page, "•••• 33")).to_be_visible()
    check(page, "clients", found)
    navigate(page, "Instellingen")
    expect(text(page, "Onthoud mij op dit toestel")).to_be_visible()
    check(page, "settings", found)
    page.get_by_role("button", name="Toegankelijkheidsverklaring").click()
    expect(text(page, "Wat nog niet werkt")).to_be_visible()
    navigate(page, "Instellingen")
    page.get_by_role("button", name="Donker").click()
    page.wait_for_timeout(500)
    check(page, "settings-dark", found)
    assert not found, f"{len(found)} serious/critical axe finding(s):\n" + "\n".join(found)
