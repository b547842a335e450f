"""Issue 20, "Smaller": "Meldingen instellen" opens the alert settings themselves; a top-up point's open
state is one plain-text node for screen readers, with no selectable (text field) address beside it;
a quoted seed is named by its title, not "document 003". Drawn in Flet's renderer, the real server
behind it."""

from __future__ import annotations


import flet as ft
import pytest

from app.credentials import MemoryPreferenceStore, MemorySecretStore
from app.i18n import Translator
from app.knowledge import PAGES
from app.ui.app_model import AppModel
from app.views import notifications
from app.views.alert_settings import ROUTE
from app.widgets.opening_chip import opening_chip
from app.widgets.seed_source import source_box
from app.words.sources import TITLES
from tests.serverproc import ServerProcess

from .conftest import DEMO
from .rendering import draw, sent_text, shown

pytestmark = pytest.mark.anyio


async def test_alert_settings_open_at_the_alerts(server: ServerProcess) -> None:
    model = AppModel(server.url)
    await model.start(MemorySecretStore(), MemoryPreferenceStore(), "nl_BE")
    assert await model.login("prepaid", *DEMO["an"], remember=False, helper=None)
    assert notifications.ALERT_SETTINGS == ROUTE == "/settings/alerts"
    text = await shown(model, ROUTE, until="Waarschuw mij als het saldo lager is dan")
    assert "Waarschuw mij als het saldo lager is dan" in text
    # Not Settings from its top: no language or appearance above the alerts.
    assert "Automatisch (account of toestel)" not in text and "Weergave" not in text


def test_a_points_open_state_is_one_named_text_node() -> None:
    t = Translator("nl")
    chip = opening_chip(t, "closed", {"opens": "maandag 09:00"})
    assert isinstance(chip, ft.Semantics) and chip.exclude_semantics and chip.container
    assert chip.label and chip.label == chip.content.controls[1].value


async def test_a_points_detail_has_no_selectable_text(server: ServerProcess) -> None:
    conn = await draw("/topup-points/fluvius-antwerpen-noorderlaan-147", server.url, until="Noorderlaan")
    text = sent_text(conn)
    assert "Noorderlaan" in text and "selectable=True" not in text


def test_a_quoted_seed_is_named_by_its_title() -> None:
    box = source_box(Translator("nl"), "003", "Het sociaal tarief ...")
    label = box.content.controls[0].value
    assert label == "Bron: FOD Economie, het sociaal tarief voor energie (in het Nederlands)"
    assert source_box(Translator("fr"), "001", "...").content.controls[0].value == (
        "Source : la page d'une commune sur le compteur à budget (en néerlandais)"
    )
    # Every seed the pages quote has a title.
    assert {s.seed for p in PAGES for s in p.sources} <= TITLES.keys()
