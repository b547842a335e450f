"""Issue 20, "Who is who": in the v1 helper mode (the switch "Ik meld me aan als hulpverlener") the
phone's bottom bar had six destinations, too many for any label to fit, and Home greeted the helper
with the household's name ("Hallo An"). Drawn in Flet's own renderer against the real server."""

from __future__ import annotations

import pytest

from app.api.models import HelperIdentity
from app.credentials import MemoryPreferenceStore, MemorySecretStore
from app.main import App, setup_page
from app.ui.app_model import AppModel
from app.views.shell import PHONE_MAX, destinations, phone_destinations, selected_index
from tests.serverproc import ServerProcess

from .conftest import DEMO, HELPER
from .rendering import flet_page, sent_text, settle

pytestmark = pytest.mark.anyio


async def helper_model(server: ServerProcess) -> AppModel:
    model = AppModel(server.url)
    await model.start(MemorySecretStore(), MemoryPreferenceStore(), "nl_BE")
    assert await model.login("prepaid", *DEMO["an"], remember=False, helper=HelperIdentity(**HELPER))
    return model


async def draw(model: AppModel, route: str, width: int) -> str:
    page, session, conn = flet_page()
    page.route = route
    page.width = width
    setup_page(page)
    page.render(App, model)
    first = repr(session.get_page_patch())
    for _ in range(4):
        await settle()
    return first + sent_text(conn)


def bar_destinations(text: str) -> int:
    """How many destinations the phone's bar has (each drawn one is named in the patch once)."""
    return text.count("_c='NavigationBarDestination'")


async def test_a_helpers_phone_bar_has_five_destinations_and_clients_under_settings(server: ServerProcess) -> None:
    model = await helper_model(server)
    items = destinations(model)
    assert [route for route, *_ in items][-2:] == ["/clients", "/settings"]  # six on a wide window's rail
    phone = phone_destinations(items)
    assert len(phone) == PHONE_MAX and "/clients" not in [route for route, *_ in phone]
    # The clients' screen is highlighted under Settings on the phone, as its own entry on the rail.
    assert phone[selected_index(phone, "/clients")][0] == "/settings"
    assert items[selected_index(items, "/clients")][0] == "/clients"
    text = await draw(model, "/", 412)
    assert bar_destinations(text) == PHONE_MAX, bar_destinations(text)
    # The way to the other clients stays on every screen: the banner's "Switch client".
    assert "Andere cliënt" in text


async def test_home_greets_the_helper_not_the_household(server: ServerProcess) -> None:
    model = await helper_model(server)
    text = await draw(model, "/", 412)
    assert "Hallo Lotte" in text and "U helpt An Peeters" in text
    assert "Hallo An" not in text


async def test_a_household_still_sees_its_own_name(server: ServerProcess) -> None:
    model = AppModel(server.url)
    await model.start(MemorySecretStore(), MemoryPreferenceStore(), "nl_BE")
    assert await model.login("prepaid", *DEMO["an"], remember=False, helper=None)
    assert len(phone_destinations(destinations(model))) == len(destinations(model)) == 5
    text = await draw(model, "/", 412)
    assert "Hallo An" in text and "U helpt" not in text
