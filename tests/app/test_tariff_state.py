"""The Social tariff screen's state (app/state/tariff.py) against the real server: An's two active
tariffs (the demo's category 1, automatic), and a failed call that keeps what was shown."""

from __future__ import annotations

import pytest

from app.api.errors import ServerUnreachable
from app.i18n import Translator
from app.state.tariff import TariffStatus
from app.words.social_tariff import entry_lines
from tests.serverproc import ServerProcess

from .conftest import signed_in

pytestmark = pytest.mark.anyio


async def test_the_tariff_loads_and_a_failure_keeps_it(server: ServerProcess) -> None:
    model = await signed_in(server)
    offline = {"now": False}

    async def fetch():
        if offline["now"]:
            raise ServerUnreachable("offline")
        return await model.session.tariff()

    status = TariffStatus(fetch)
    assert status.entry("electricity") is None  # nothing before the first answer
    assert await status.load() and not status.loading and status.error is None
    electricity = status.entry("electricity")
    assert electricity is not None and electricity.active and electricity.category == "1"
    assert status.entry("heat") is None or not status.entry("heat").active
    lines = entry_lines(Translator("nl"), electricity)
    assert lines[0] == ("Categorie 1", True) and any("automatisch toegepast" in text.lower() for text, _ in lines)

    shown = status.tariff
    offline["now"] = True
    assert not await status.load()
    assert status.error is not None and status.error.code == "server_unreachable" and status.tariff is shown
    offline["now"] = False
    assert await status.load() and status.error is None


async def test_the_social_tariff_screen_draws_the_active_tariffs(server: ServerProcess) -> None:
    from .test_staff_screens import draw

    model = await signed_in(server)
    text = await draw(model, "/tariff")
    assert "Categorie 1" in text and "Automatisch toegepast: u hoefde niets te doen." in text
    assert "U bent beschermde klant." in text
