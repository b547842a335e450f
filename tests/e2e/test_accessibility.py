"""WCAG 2.2 AA in the real web client (issue 12): axe-core on every screen, keyboard only, 200 % text.

axe runs on Flutter's semantics tree (tests/e2e/axe.py); findings Flutter's engine causes are listed
with their reason in axe_engine_exceptions.json, everything else fails. Colour contrast is computed
from the theme in tests/app/test_contrast.py (axe cannot see text painted on a canvas).
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from .axe import axe_problems, run_axe
from .harness import DESKTOP, PHONE, broken_words, cut_off, fill, ink, log_in, navigate, open_app, shoot, text_at

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
    # One main landmark holds the whole app (issue 20: no screen had one): a screen reader jumps to it,
    # and axe finds nothing outside a landmark (its "region" rule listed every node before).
    assert page.evaluate("() => document.querySelectorAll('[role=main]').length") == 1
    assert page.evaluate("() => !!document.querySelector('[role=main] flt-semantics-host')")
    assert [v["id"] for v in run_axe(page) if v["id"] in ("region", "landmark-one-main")] == []
    # A refused log-in: the error is on screen (and announced).
    log_in(page, "1111 2222 33", "9001")
    expect(text(page, "Die Prepaid-code of postcode klopt niet")).to_be_visible()
    check(page, "login-error", found)

    # A fresh tab: in the tab that showed the login, Flutter's semantics nodes of the next screen
    # were left where the login's were, over the search field (clicks landed on a chip).
    page = new_page(PHONE)
    open_app(page, app_server.url, "/topup-points")
    expect(text(page, "Zoek een oplaadpunt")).to_be_visible(timeout=30_000)
    fill(page, "Postcode of gemeente", "9000")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    expect(text(page, "Dichtst bij 9000 Gent eerst")).to_be_visible()
    check(page, "topup-points", found)
    page.get_by_role("button", name="Openingsuren en route").first.click()
    expect(text(page, "Openingsuren, vandaag en de komende 6 dagen")).to_be_visible()
    check(page, "topup-point-detail", found)

    page = new_page(PHONE)
    open_app(page, app_server.url, "/eligibility")
    expect(page.get_by_role("button", name="Volgende")).to_be_visible(timeout=30_000)
    check(page, "eligibility-start", found)
    page.get_by_role("radio", name="Leefloon van het OCMW").or_(page.get_by_role("button", name="Leefloon van het OCMW", exact=True)).first.click()
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_label("Datum", exact=True)).to_be_visible()
    check(page, "eligibility-date", found)

    page = new_page(PHONE)
    open_app(page, app_server.url, "/login")
    page.get_by_role("button", name="Toegankelijkheid").click()
    expect(text(page, "Toegankelijkheidsverklaring")).to_be_visible()
    expect(text(page, "Wat nog niet werkt")).to_be_visible()
    check(page, "accessibility-statement", found)

    page = new_page(PHONE)
    open_app(page, app_server.url, "/know")
    expect(text(page, "Noodkrediet en terugbetalen")).to_be_visible(timeout=30_000)
    check(page, "know-index", found)
    page.get_by_role("button", name="Noodkrediet en terugbetalen").click()
    expect(text(page, "Ons eigen voorbeeld")).to_be_visible()
    check(page, "know-page", found)
    assert not found, f"{len(found)} serious/critical axe finding(s):\n" + "\n".join(found)


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_on_the_logged_in_screens(new_page, app_server, size):
    """At both sizes: on a phone the screens sit above the bottom navigation bar (whose destinations
    once kept an aria-owns to their closed tooltip's node, app/views/phone_navigation.py)."""
    page = new_page(size)
    found: list[str] = []
    suffix = "" if size == DESKTOP else "-phone"

    def check_here(screen: str) -> None:
        check(page, screen + suffix, found)

    open_app(page, app_server.url)
    log_in(page, *AN, helper=("Lotte Janssens", "OCMW Gent"))
    expect(text(page, "42,17")).to_be_visible()
    check_here("home")
    page.get_by_role("button", name="Details").first.click()
    expect(text(page, "Oplaadgeschiedenis")).to_be_visible()
    check_here("meter")
    navigate(page, "Opladen")
    expect(text(page, "IBAN")).to_be_visible()
    check_here("pay")
    navigate(page, "Tarief")
    expect(text(page, "Categorie 1")).to_be_visible()
    check_here("tariff")
    if size == DESKTOP:
        navigate(page, "Cliënten")
    else:  # a phone's bar keeps five labelled tabs: the helper's clients are in the banner (issue 20)
        page.get_by_role("button", name="Andere cliënt").click()
    expect(text(page, "•••• 33")).to_be_visible()
    check_here("clients")
    navigate(page, "Instellingen")
    expect(text(page, "Onthoud mij op dit toestel")).to_be_visible()
    check_here("settings")
    page.get_by_role("button", name="Toegankelijkheidsverklaring").click()
    expect(text(page, "Wat nog niet werkt")).to_be_visible()
    navigate(page, "Instellingen")
    page.get_by_role("button", name="Donker").click()
    page.wait_for_timeout(500)
    check_here("settings-dark")
    assert not found, f"{len(found)} serious/critical axe finding(s):\n" + "\n".join(found)


# --- keyboard only (WCAG 2.1.1, 2.4.3, 2.4.7) ------------------------------------------------------


def focused_is_field(page) -> bool:
    return page.evaluate("() => ['INPUT', 'TEXTAREA'].includes(document.activeElement && document.activeElement.tagName)")


def focused_name(page) -> str:
    """The accessible name of what has the keyboard focus (Flutter moves DOM focus to its semantics
    node, or to the <input> of a text field)."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el) return "";
            return (el.getAttribute("aria-label") || el.textContent || "").trim();
        }"""
    )


def tab_to(page, name: str | re.Pattern, *, field: bool = False, limit: int = 40, key: str = "Tab") -> None:
    """Press Tab until the focus is on the control named ``name`` (a text field with ``field``);
    fails after ``limit`` presses."""
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        page.wait_for_timeout(120)
        current = focused_name(page)
        seen.append(current)
        if (name.search(current) if isinstance(name, re.Pattern) else current.startswith(name)) and (
            not field or focused_is_field(page)
        ):
            return
    raise AssertionError(f"{name!r} never got the focus; the focus went through: {seen}")


def type_text(page, value: str, shown: str | None = None) -> None:
    """Type into the focused field with the keyboard; checks the field shows ``shown`` (the app may
    format what is typed) and types again when a keystroke racing a redraw was lost."""
    shown = value if shown is None else shown
    current = ""
    for _ in range(4):
        page.wait_for_timeout(300)  # the field's input takes the focus a frame after the semantics node
        page.keyboard.press("Control+a")
        page.keyboard.press("Backspace")
        page.keyboard.type(value, delay=60)
        page.wait_for_timeout(400)
        current = page.evaluate("() => document.activeElement && document.activeElement.value")
        if current == shown:
            return
    raise AssertionError(f"the focused field shows {current!r}, not {shown!r}")


def keyboard_log_in(page, code: str, postcode: str) -> None:
    expect(page.get_by_role("button", name="Inloggen")).to_be_visible(timeout=30_000)
    tab_to(page, "Prepaid-code", field=True)
    type_text(page, code.replace(" ", ""), shown=code)
    tab_to(page, "Postcode", field=True)
    type_text(page, postcode)
    page.keyboard.press("Enter")  # the postcode field submits the form


def test_log_in_and_pay_with_the_keyboard_only(new_page, app_server):
    page = new_page(DESKTOP)
    open_app(page, app_server.url)
    keyboard_log_in(page, *AN)
    expect(text(page, "42,17")).to_be_visible()
    # To the top-up screen through the navigation rail, by keyboard.
    tab_to(page, re.compile(r"^Opladen"))
    page.keyboard.press("Enter")
    expect(text(page, "IBAN")).to_be_visible()
    # Choose €50 with the keyboard: the QR code and the amount follow.
    tab_to(page, re.compile(r"€\s?50"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("img", name=re.compile(r"QR-code.*€\s?50"))).to_be_visible()
    # The copy buttons are reached by keyboard too (headless Chromium gives the app no clipboard, so
    # what a press copies is not checked here).
    tab_to(page, "IBAN kopiëren")
    tab_to(page, "Referentienummer kopiëren")
    shoot(page, "keyboard-pay", sizes=(DESKTOP,))


def test_find_a_top_up_point_with_the_keyboard_only(new_page, app_server):
    page = new_page(DESKTOP)
    open_app(page, app_server.url, "/login")
    expect(page.get_by_role("button", name="Inloggen")).to_be_visible(timeout=30_000)
    tab_to(page, "Zoek een oplaadpunt")
    page.keyboard.press("Enter")
    expect(text(page, "Zoek een oplaadpunt")).to_be_visible()
    tab_to(page, "Postcode of gemeente", field=True)
    type_text(page, "9000")
    page.keyboard.press("Enter")
    expect(text(page, "Dichtst bij 9000 Gent eerst")).to_be_visible()
    tab_to(page, "Openingsuren en route")
    page.keyboard.press("Enter")
    expect(text(page, "Openingsuren, vandaag en de komende 6 dagen")).to_be_visible()


# --- 200 % text (WCAG 1.4.4, 1.4.10) ---------------------------------------------------------------


def heading_height(page, name: str) -> float:
    box = page.get_by_role("heading", name=name).first.bounding_box()
    assert box is not None, name
    return box["height"]


def assert_bottom_labels_drawn_only_where_they_fit(page, names: list[str]) -> None:
    """The bottom bar's destinations keep their names (screen readers), and a label that does not fit
    its destination on one line per word is not drawn at all (Flutter broke "Oplaadpun|ten",
    "Instellinge|n" at 200 % text). Flutter's bar draws its labels at up to 1.3 times their 12 px."""
    tabs = page.locator("[flt-semantics-identifier='navigation-bar'] [role=tab]")
    expect(tabs).to_have_count(len(names))
    assert [t.get_attribute("aria-label") for t in tabs.all()] == names
    deadline = time.monotonic() + 15  # the app measures the labels in the browser, a round trip
    while True:
        drawn = []
        for tab in tabs.all():
            box = tab.bounding_box()
            # The label's line, under the icon's indicator (labels hidden: the icon moves to the middle).
            zone = {"x": box["x"] + 4, "y": box["y"] + box["height"] * 0.72, "width": box["width"] - 8, "height": box["height"] * 0.2}
            if ink(page, zone) > 40:
                drawn.append(tab)
        broken = [b for t in drawn for b in broken_words(page, t, base_px=12, chrome_px=4, max_scale=1.3)]
        if not broken or time.monotonic() > deadline:
            break
        page.wait_for_timeout(500)
    assert not broken, broken


def test_200_percent_text_loses_nothing(new_page, app_server):
    normal = new_page(PHONE)
    open_app(normal, app_server.url, "/login")
    expect(normal.get_by_role("button", name="Inloggen")).to_be_visible(timeout=30_000)
    normal_height = heading_height(normal, "Budgetmeter")

    page = new_page(PHONE)
    text_at(page, 200)
    open_app(page, app_server.url, "/login")
    expect(page.get_by_role("button", name="Inloggen")).to_be_visible(timeout=30_000)
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
    # The text really is larger (the heading line is about twice as high).
    assert heading_height(page, "Budgetmeter") >= 1.7 * normal_height
    page.wait_for_timeout(500)
    assert not cut_off(page), cut_off(page)
    shoot(page, "text-200-login", sizes=(PHONE,))
    log_in(page, *AN)
    expect(text(page, "42,17")).to_be_visible()
    page.wait_for_timeout(500)
    assert not cut_off(page), cut_off(page)
    shoot(page, "text-200-home", sizes=(PHONE,))
    navigate(page, "Opladen")
    expect(text(page, "IBAN")).to_be_visible()
    page.wait_for_timeout(500)
    assert not cut_off(page), cut_off(page)
    # The choice of meter: a segmented button broke "Elektricitei|t" in its half of the row.
    meter = page.get_by_role("radio", name="Elektriciteit").or_(page.get_by_role("button", name="Elektriciteit"))
    assert not broken_words(page, meter, base_px=14, chrome_px=40)
    assert_bottom_labels_drawn_only_where_they_fit(page, ["Overzicht", "Opladen", "Oplaadpunten", "Tarief", "Instellingen"])
    shoot(page, "text-200-pay", sizes=(PHONE,))
    # Desktop too, where the rail and the wide layout take the room.
    page.set_viewport_size(DESKTOP)
    page.wait_for_timeout(800)
    assert not cut_off(page), cut_off(page)
    shoot(page, "text-200-pay", sizes=(DESKTOP,))


# --- the installed look and the dark theme (looked at by people: artifacts/screenshots) -------------


def test_installed_look_and_dark_theme_screenshots(new_page, app_server):
    import httpx

    manifest = httpx.get(app_server.url + "/manifest.json").json()
    assert manifest["name"] == "Budgetmeter"
    maskable = next(i["src"] for i in manifest["icons"] if i["purpose"] == "maskable" and i["sizes"] == "512x512")
    plain = next(i["src"] for i in manifest["icons"] if i["purpose"] == "any" and i["sizes"] == "192x192")
    # What a phone's launcher draws from the manifest: the maskable icon cut to its shape, the short
    # name under it; a desktop browser's install prompt and window use the plain icon and the name.
    page = new_page(PHONE)
    page.set_content(
        f"""<body style="margin:0;background:#1b1b1f;font-family:sans-serif;color:#fff">
        <div style="display:grid;grid-template-columns:repeat(4,1fr);gap:24px;padding:48px 16px">
          {''.join(f'<div style="text-align:center"><img src="{app_server.url}/{maskable}" width="64" height="64" style="border-radius:{r}"><div style="font-size:12px;margin-top:6px">{manifest["short_name"]}</div></div>' for r in ("50%", "22%", "30% 30% 30% 0", "12px"))}
        </div>
        <div style="margin:16px;padding:16px;border-radius:16px;background:#fff;color:#000;display:flex;gap:16px;align-items:center">
          <img src="{app_server.url}/{plain}" width="48" height="48"><div><b>{manifest["name"]}</b><br>
          <span style="color:#444">{manifest["description"]}</span></div></div></body>"""
    )
    page.wait_for_timeout(500)
    shoot(page, "installed-look", sizes=(PHONE, DESKTOP))

    # The loading screen in our colours (held on screen by keeping the client's code from loading).
    loading = new_page(PHONE)
    loading.route("**/main.dart.*", lambda route: route.abort())
    loading.goto(app_server.url + "/login")
    expect(loading.get_by_text("Budgetmeter wordt geladen")).to_be_visible()
    shoot(loading, "loading-screen", sizes=(PHONE, DESKTOP))

    dark = new_page(PHONE)
    open_app(dark, app_server.url)
    log_in(dark, *AN)
    expect(text(dark, "42,17")).to_be_visible()
    navigate(dark, "Instellingen")
    dark.get_by_role("button", name="Donker").click()
    dark.wait_for_timeout(500)
    navigate(dark, "Overzicht")
    expect(text(dark, "42,17")).to_be_visible()
    shoot(dark, "dark-home")
    navigate(dark, "Opladen")
    expect(text(dark, "IBAN")).to_be_visible()
    shoot(dark, "dark-pay")


def test_eligibility_wizard_with_the_keyboard_only(new_page, app_server):
    from datetime import date, datetime

    from app.clock import BRUSSELS

    today = datetime.now(BRUSSELS).date()
    year = today.year if today >= date(today.year, 5, 14) else today.year - 1
    page = new_page(DESKTOP)
    open_app(page, app_server.url, "/login")
    expect(page.get_by_role("button", name="Inloggen")).to_be_visible(timeout=30_000)
    tab_to(page, "Heb ik recht op het sociaal tarief?")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Volgende")).to_be_visible()
    # The energies are checkboxes (several may be ticked), Space ticks one as it selects a radio.
    for answer in ("Leefloon van het OCMW", None, "Elektriciteit", "Mijn woning (waar ik gedomicilieerd ben)"):
        if answer is None:  # the date of the decision: typed
            tab_to(page, "Datum", field=True)
            type_text(page, f"14/05/{year}")
        else:
            tab_to(page, answer)
            page.keyboard.press("Space")
        tab_to(page, "Volgende")
        page.keyboard.press("Enter")
    tab_to(page, "Bekijk het antwoord")
    page.keyboard.press("Enter")
    expect(text(page, "Ja: categorie 1")).to_be_visible()


def test_an_axe_run_that_never_ends_fails_within_its_bound(browser, monkeypatch):
    """A page whose main thread spins (as a renderer once did for ten minutes inside an axe run) cannot
    answer, so no bound inside it can fire: run_axe's bound is kept outside the page, and the screen
    fails within it instead of holding the suite."""
    from . import axe

    monkeypatch.setattr(axe, "AXE_BOUND_MS", 3_000)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content("<main><h1>Spins</h1></main>")
        page.evaluate("() => { window.axe = {run: () => new Promise(() => { for (;;) {} })}; }")
        started = time.monotonic()
        with pytest.raises(AssertionError, match="axe did not finish within 3 s"):
            run_axe(page)
        assert time.monotonic() - started < 30
    finally:
        context.close()


def test_only_an_engine_aria_owns_is_excepted_from_valid_aria_values():
    """axe_engine_exceptions.json lets a stale aria-owns of Flutter's engine through (its tooltip
    overlay's node id, left on the button), and nothing else of the same rule."""
    from .axe import engine_exceptions, failing_findings

    def finding(summary: str) -> list[dict]:
        node = {"target": "#flt-semantic-node-51", "html": '<flt-semantics id="flt-semantic-node-51">', "impact": "critical",
                "summary": summary}
        return [{"id": "aria-valid-attr-value", "impact": "critical", "help": "ARIA attributes must conform to valid values",
                 "nodes": [node]}]

    exceptions = engine_exceptions()
    stale_owner = 'Fix all of the following:\n  Invalid ARIA attribute value: aria-owns="flt-semantic-node-82"'
    assert failing_findings(finding(stale_owner), exceptions) == []
    for summary in ('Fix all of the following:\n  Invalid ARIA attribute value: aria-checked="maybe"',
                    'Fix all of the following:\n  Invalid ARIA attribute value: aria-owns="my-own-id"',
                    stale_owner + '\n  Invalid ARIA attribute value: aria-checked="maybe"'):
        assert len(failing_findings(finding(summary), exceptions)) == 1, summary
