"""Drawing and redrawing in Flet's own renderer (no browser): a Flet session on a connection that records what
would go to the client. Shows that ``use_observable`` redraws exactly the components that follow a
state object, that switching the theme sends one property of the page and redraws no control, and
that every screen draws (public ones without a server, the others logged in against the real one)."""

from __future__ import annotations


import flet as ft
import pytest

from app.credentials import MemoryPreferenceStore, MemorySecretStore
from tests.serverproc import ServerProcess

from .conftest import DEMO
from .rendering import NO_SERVER, draw, flet_page, sent_text, settle
from app.main import App, setup_page
from app.state.observable import Observable
from app.ui.app_model import AppModel
from app.ui.hooks import use_observable

pytestmark = pytest.mark.anyio


class Pair(Observable):
    def __init__(self) -> None:
        super().__init__()
        self.frame = 0
        self.body = 0


async def test_each_component_redraws_only_for_what_it_follows() -> None:
    renders = {"frame": 0, "body": 0}

    @ft.component
    def Body(pair: Pair):
        use_observable(pair)
        renders["body"] += 1
        return ft.Text(f"body {pair.body}")

    @ft.component
    def Frame(pair: Pair):
        use_observable(pair, lambda p: p.frame)
        renders["frame"] += 1
        return ft.Column([ft.Text(f"frame {pair.frame}"), Body(pair)])

    page, session, _conn = flet_page()
    pair = Pair()
    page.render(Frame, pair)
    session.get_page_patch()  # what a connecting client gets: mounts the tree
    await settle()
    assert renders == {"frame": 1, "body": 1}

    pair.body = 1
    pair.notify()
    await settle()
    assert renders == {"frame": 1, "body": 2}  # the frame stays

    pair.frame = 1
    pair.notify()
    await settle()
    # The body redraws with the frame (and may once more on its own: Flet's batch has no order).
    assert renders["frame"] == 2 and renders["body"] >= 3
    assert len(pair._subscribers) == 2  # one per component: nothing left behind by the redraws


async def test_switching_the_theme_sends_only_the_theme_mode() -> None:
    page, session, conn = flet_page()
    page.route = "/login"
    setup_page(page)
    model = AppModel(NO_SERVER)  # the login screen needs no server
    page.render(App, model)
    session.get_page_patch()
    await model.start(MemorySecretStore(), MemoryPreferenceStore(), "nl_BE")
    await settle()
    assert page.theme_mode == ft.ThemeMode.LIGHT

    conn.sent.clear()
    model.session.notify()  # a session change the login screen does not show
    await settle()
    assert conn.sent == []

    await model.set_theme("dark")
    await settle()
    assert page.theme_mode == ft.ThemeMode.DARK
    patches = [m.body.patch for m in conn.sent]
    assert len(patches) == 1
    operations = patches[0][1:]
    assert [op[2] for op in operations] == ["theme_mode"]


@pytest.mark.parametrize(
    ("route", "words"),
    [
        ("/topup-points", "Zoek een oplaadpunt"),
        ("/eligibility", "Heb ik recht op het sociaal tarief?"),
        ("/know", "Ken uw meter"),
        ("/know/winter_period", "Winterperiode"),
        ("/login", "Onthoud mij op dit toestel"),
    ],
)
async def test_public_screens_draw_without_a_server(route: str, words: str) -> None:
    conn = await draw(route)
    assert words in sent_text(conn)


@pytest.mark.parametrize(
    ("route", "words"),
    [("/", "Hallo"), ("/settings", "Weergave"), ("/pay", "Opladen"), ("/tariff", "Sociaal tarief"), ("/meter/{ean}", "42,17")],
)
async def test_screens_draw_logged_in(server: ServerProcess, route: str, words: str) -> None:
    model = AppModel(server.url)
    await model.start(MemorySecretStore(), MemoryPreferenceStore(), "nl_BE")
    assert await model.login("prepaid", *DEMO["an"], remember=False, helper=None)
    ean = next(b.ean for b in model.session.balances if b.energy == "electricity")
    page, session, conn = flet_page()
    page.route = route.format(ean=ean)  # no client here to answer a navigation: start on the screen
    setup_page(page)
    page.render(App, model)
    first = session.get_page_patch()  # what the connecting client gets
    await settle()
    assert words in repr(first) + sent_text(conn)


async def test_a_storage_problem_is_said_on_the_login_screen() -> None:
    page, session, conn = flet_page()
    page.route = "/login"
    setup_page(page)
    model = AppModel(NO_SERVER)
    page.render(App, model)
    session.get_page_patch()
    await model.start(MemorySecretStore(), MemoryPreferenceStore(), "nl_BE")
    await settle()
    assert "konden niet gelezen worden" not in sent_text(conn)
    model.session.storage_problem = "saved_clients_damaged"  # as the session sets it when a read fails
    model.session.notify()
    await settle()
    assert "De cliënten die op dit toestel bewaard zijn, konden niet gelezen worden." in sent_text(conn)


async def test_a_top_up_points_detail_draws_its_week(server: ServerProcess) -> None:
    # A point of server/data/topup_points.json.
    conn = await draw("/topup-points/fluvius-antwerpen-noorderlaan-147", server.url,
                      until="Openingsuren, vandaag en de komende 6 dagen")
    text = sent_text(conn)
    assert "Openingsuren, vandaag en de komende 6 dagen" in text and "Fluvius klantenkantoor Antwerpen" in text


async def test_a_background_refresh_redraws_the_screen_not_the_page(server: ServerProcess, monkeypatch) -> None:
    import app.main as main_module
    import app.views.home as home_module
    import app.views.shell as shell_module

    calls = {"app": 0, "frame": 0, "home": 0}

    def counting(name, fn):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return fn(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(main_module, "_locales", counting("app", main_module._locales))  # once per App render
    monkeypatch.setattr(shell_module, "destinations", counting("frame", shell_module.destinations))  # per Shell render
    monkeypatch.setattr(home_module, "balance_card", counting("home", home_module.balance_card))  # per Home render

    model = AppModel(server.url)
    await model.start(MemorySecretStore(), MemoryPreferenceStore(), "nl_BE")
    assert await model.login("prepaid", *DEMO["an"], remember=False, helper=None)
    page, session, conn = flet_page()
    page.route = "/"
    setup_page(page)
    page.render(App, model)
    session.get_page_patch()
    await settle()
    before = dict(calls)
    assert before["app"] == 1 and before["frame"] == 1 and before["home"] >= 1

    assert await model.session.refresh()
    await settle()
    assert calls["app"] == before["app"] and calls["frame"] == before["frame"]
    assert calls["home"] > before["home"]

    await model.session.set_language("fr")  # the language is the page's business: everything redraws
    await settle()
    assert calls["app"] == before["app"] + 1
