"""Issue 13 in the real Flet web client (headless Chromium): the balance chart on An's electricity meter
and the map of top-up points for 9000, with tiles from a tile server on loopback (tests/tileserver.py)
that ``BUDGETMETER_TILE_URL`` points at.

Also what Flet's ``Cross-Origin-Embedder-Policy: require-corp`` does to cross-origin tiles: the tile
server answers with CORS headers, with only ``Cross-Origin-Resource-Policy``, or with neither, and the
test says which ones the browser draws (and that the markers stay, with one sentence, when it cannot).

Screenshots: artifacts/screenshots/issue13-*.png, phone (412x915) and desktop (1280x800), nl and fr.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.serverproc import ServerProcess
from tests.tileserver import TILE_RGB, TileServer

from .harness import DESKTOP, PHONE, AppProcess, fill, log_in, open_app, resize, shoot, start_app

NL = {"where": "Postcode of gemeente", "search": "Zoeken", "map": "Kaart", "list": "Lijst", "on_map": "op de kaart",
      "detail": "Openingsuren, vandaag en de komende 6 dagen", "failed": "De kaart zelf kon niet geladen worden",
      "legend": "Open op het gekozen tijdstip"}
FR = {"where": "Code postal ou commune", "search": "Rechercher", "map": "Carte", "list": "Liste", "on_map": "sur la carte",
      "detail": "Heures d'ouverture, aujourd'hui et les 6 jours suivants", "failed": "La carte elle-même n'a pas pu être chargée",
      "legend": "Ouvert à l’heure choisie"}


@pytest.fixture(scope="module")
def tiles() -> Iterator[TileServer]:
    server = TileServer()
    yield server
    server.stop()


def _app(tmp_path_factory, api: ServerProcess, tiles: TileServer, mode: str) -> AppProcess:
    return start_app(tmp_path_factory.mktemp(f"e2e-app-{mode}"), api.url, {"BUDGETMETER_TILE_URL": tiles.url_template(mode)})


@pytest.fixture(scope="module")
def app_server(api: ServerProcess, tiles: TileServer, tmp_path_factory) -> Iterator[AppProcess]:
    """The app with tiles the browser may load cross-origin (CORS, as OpenStreetMap's)."""
    proc = _app(tmp_path_factory, api, tiles, "cors")
    yield proc
    proc.stop()


def tile_pixels(page) -> float:
    """The share of the screenshot's pixels in the tiles' flat colour (0 when no tile was drawn)."""
    shot = base64.b64encode(page.screenshot()).decode()
    return page.evaluate(
        """async ([data, rgb]) => {
            const img = new Image(); img.src = 'data:image/png;base64,' + data; await img.decode();
            const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
            const g = c.getContext('2d'); g.drawImage(img, 0, 0);
            const px = g.getImageData(0, 0, c.width, c.height).data; let n = 0;
            for (let i = 0; i < px.length; i += 4)
                if (Math.abs(px[i] - rgb[0]) < 4 && Math.abs(px[i+1] - rgb[1]) < 4 && Math.abs(px[i+2] - rgb[2]) < 4) n++;
            return n / (c.width * c.height);
        }""",
        [shot, list(TILE_RGB)],
    )


def said(page, words: str):
    """Text on screen, whether Flutter made it its own node or merged it into its group's label."""
    return page.get_by_text(words).or_(page.locator(f'[aria-label*="{words}"]')).first


def search_9000(page, app: AppProcess, labels: dict) -> None:
    open_app(page, app.url, "/topup-points")
    fill(page, labels["where"], "9000")
    page.get_by_role("button", name=labels["search"], exact=True).click()


def marker(page, labels: dict, rank: int = 1):
    return page.get_by_role("button", name=re.compile(rf"^{rank}\. .+ {re.escape(labels['on_map'])}$"))


@pytest.mark.parametrize(("lang", "labels"), [("nl", NL), ("fr", FR)])
def test_markers_for_9000_beside_the_list_and_a_tap_opens_the_point(new_page, app_server, tiles, lang, labels):
    page = new_page(DESKTOP, locale=f"{lang}-BE")
    search_9000(page, app_server, labels)
    first = marker(page, labels)
    expect(first).to_be_visible(timeout=30_000)
    expect(marker(page, labels, 2)).to_be_visible()
    # Desktop: the list beside the map, no switch.
    expect(page.get_by_role("button", name=labels["map"], exact=True)).to_have_count(0)
    page.wait_for_timeout(1500)  # tiles fade in
    assert tiles.served["cors"] > 0
    assert tile_pixels(page) > 0.05, "no tile drawn"
    expect(said(page, labels["failed"])).to_have_count(0)
    shoot(page, f"issue13-map-{lang}", sizes=(DESKTOP,))

    # Phone: the list first, the map behind the switch.
    resize(page, PHONE)
    switch_to_map = page.get_by_role("button", name=labels["map"], exact=True)
    expect(switch_to_map).to_be_visible()
    expect(marker(page, labels)).to_have_count(0)
    shoot(page, f"issue13-list-{lang}", sizes=(PHONE,))
    switch_to_map.click()
    expect(marker(page, labels)).to_be_visible()
    page.wait_for_timeout(1500)
    shoot(page, f"issue13-map-{lang}", sizes=(PHONE,))

    # The map lies under the form on a phone: scroll the page (Flutter's list) until the nearest marker shows.
    page.mouse.move(200, 400)
    page.mouse.wheel(0, 700)
    page.wait_for_timeout(800)
    # Under the map, what the markers mean (issue 20: the colours alone did not say it).
    expect(said(page, labels["legend"])).to_be_visible()
    shoot(page, f"issue13-map-legend-{lang}", sizes=(PHONE,))
    named = marker(page, labels).evaluate("e => e.getAttribute('aria-label') || e.textContent")
    name = re.sub(rf"^1\. | {re.escape(labels['on_map'])}$", "", named)
    assert name, named
    marker(page, labels).click()
    expect(said(page, labels["detail"])).to_be_visible()
    expect(said(page, name)).to_be_visible()


@pytest.mark.parametrize("mode", ["corp", "none"])
def test_tiles_the_browser_refuses_leave_the_markers_and_one_sentence(new_page, api, tiles, tmp_path_factory, mode):
    """Under COEP require-corp the tiles come through only with CORS: with only CORP or with no header
    the browser refuses them (the fetch is in CORS mode), and the map says so in one sentence."""
    app = _app(tmp_path_factory, api, tiles, mode)
    try:
        page = new_page(DESKTOP)
        search_9000(page, app, NL)
        expect(said(page, NL["failed"])).to_be_visible(timeout=30_000)
        expect(marker(page, NL)).to_be_visible()
        assert tiles.served[mode] > 0  # asked for, and refused by the browser
        page.wait_for_timeout(500)
        assert tile_pixels(page) < 0.01
        if mode == "none":
            shoot(page, "issue13-map-no-tiles-nl", sizes=(DESKTOP,))
    finally:
        app.stop()


def log_in_fr(page, code: str, postcode: str) -> None:
    """Choose French in the public screens' language menu (an explicit choice wins over the account's
    Dutch), then log in with the French labels."""
    open_app(page, page.url.split("/login")[0], "/topup-points")
    # The language menu: the globe beside "Se connecter" (named "Langue" once it has a label).
    named = page.get_by_role("button", name=re.compile("^(Langue|Language)"))
    (named if named.count() else page.locator('flt-semantics[role="button"]').nth(1)).click()
    said(page, "Français").click()
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible(timeout=30_000)
    fill(page, "Code Prepaid", code)
    fill(page, "Code postal", postcode)
    page.wait_for_timeout(200)
    page.get_by_role("button", name="Se connecter").click()


SENTENCE = {
    "nl": re.compile(r"Over 30 dagen verbruikte u ongeveer € \d+,\d\d per dag; u laadde .*op"),
    "fr": re.compile(r"Sur 30 jours, vous avez consommé environ \d+,\d\d € par jour; vous (avez rechargé|n'avez pas rechargé)"),
}
SENTENCE_90 = {"nl": "Over 90 dagen verbruikte u", "fr": "Sur 90 jours, vous avez consommé"}


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_chart_on_ans_electricity_meter(new_page, app_server, lang):
    page = new_page(PHONE, locale=f"{lang}-BE")
    open_app(page, app_server.url, "/login")
    if lang == "nl":
        log_in(page, "1111 2222 33", "9000")
    else:
        log_in_fr(page, "1111 2222 33", "9000")
    page.get_by_role("button", name="Details" if lang == "nl" else "Détails").first.click()  # electricity is first
    summary = said(page, {"nl": "Over 30 dagen verbruikte u ongeveer", "fr": "Sur 30 jours, vous avez consommé"}[lang])
    expect(summary).to_be_visible(timeout=30_000)
    label = (summary.get_attribute("aria-label") or summary.inner_text()).replace("\xa0", " ")
    assert SENTENCE[lang].search(label), label
    summary.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    shoot(page, f"issue13-chart-30-{lang}")

    page.get_by_role("button", name="90 dagen" if lang == "nl" else "90 jours").click()
    longer = said(page, SENTENCE_90[lang])
    expect(longer).to_be_visible()
    longer.scroll_into_view_if_needed()
    shoot(page, f"issue13-chart-90-{lang}", sizes=(PHONE,))
