"""The balance chart and the top-up points map draw in Flet's own renderer (no browser), from the real
server: An's electricity meter (the demo seeds 90 days of history) and a search for 9000."""

from __future__ import annotations

import asyncio

import pytest

from app.credentials import MemoryPreferenceStore, MemorySecretStore
from app.main import App, setup_page
from app.ui.app_model import AppModel
from tests.serverproc import ServerProcess

from .conftest import DEMO
from .rendering import flet_page, sent_text

pytestmark = pytest.mark.anyio


async def wait_for(conn, words: str, tries: int = 250) -> str:
    for _ in range(tries):
        await asyncio.sleep(0.02)
        text = sent_text(conn)
        if words in text:
            return text
    raise AssertionError(f"{words!r} never drawn")


async def test_meter_screen_draws_the_chart_and_its_sentence(server: ServerProcess) -> None:
    model = AppModel(server.url)
    await model.start(MemorySecretStore(), MemoryPreferenceStore(), "nl_BE")
    assert await model.login("prepaid", *DEMO["an"], remember=False, helper=None)
    ean = next(b.ean for b in model.session.balances if b.energy == "electricity")
    page, session, conn = flet_page()
    page.route = f"/meter/{ean}"
    setup_page(page)
    page.render(App, model)
    first = repr(session.get_page_patch())
    assert "Saldo per dag" in first  # the panel is there at once; the data comes after
    text = await wait_for(conn, "Over 30 dagen verbruikte u ongeveer")
    assert "LineChart" in text and "BarChart" in text
    assert "Noodkrediet op:" in text  # the floor is drawn and named

    conn.sent.clear()
    chart = model.balance_history(ean)  # the screen's own state object
    await chart.show_window(90)
    text = await wait_for(conn, "Over 90 dagen")
    assert chart.summary.days == 90


async def test_top_up_points_screen_draws_markers_for_9000(server: ServerProcess) -> None:
    page, session, conn = flet_page()
    page.route = "/topup-points"
    page.width = 1280  # side by side
    setup_page(page)
    model = AppModel(server.url)
    page.render(App, model)
    session.get_page_patch()
    await model.start(MemorySecretStore(), MemoryPreferenceStore(), "nl_BE")
    await wait_for(conn, "Zoek een oplaadpunt")
    search = model.topup_search
    search.type_query("9000")
    assert await search.submit()
    text = await wait_for(conn, "1. ")
    assert "MarkerLayer" in text and "TileLayer" in text and "Kaart van de oplaadpunten" in text
    first = search.results[0]
    assert f"1. {first.name} op de kaart" in text
    assert "OpenStreetMap contributors" in text
