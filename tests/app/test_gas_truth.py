"""Issue 20: a gas meter on minimum supply contradicted itself: a badge "Minimale levering", "In de
winterperiode kunt u minimale levering van gas krijgen", "Gratis aardgas aanvragen" beside "Ook
minimale levering betaalt u". What is true, once per status (seed 001):

- electricity: "De stroombegrenzer in de budgetmeter zal er voor zorgen dat de geleverde elektriciteit
  slechts 10 ampère is" and "Ook deze minimumlevering dient u te betalen";
- gas: "U kunt gratis aardgas aanvragen wanneer uw budgetmeterkaart voor aardgas (gele kaart) is
  opgebruikt en u niet de financiële middelen heeft om deze aan te vullen", "U maakt een afspraak met
  de sociale dienst", "De maatschappelijk werker onderzoekt of u recht heeft op gratis aardgas", "Na
  het onderzoek krijgt u een brief van het OCMW."

Drawn on the meter screen against the real server (Youssef's gas, Marie's electricity)."""

from __future__ import annotations

import pytest

from app.credentials import MemoryPreferenceStore, MemorySecretStore
from app.i18n import Translator
from app.main import App, setup_page
from app.ui.app_model import AppModel
from app.words.explain import status_explanation
from tests.serverproc import ServerProcess

from .conftest import DEMO
from .test_charts_draw import wait_for
from .rendering import flet_page

pytestmark = pytest.mark.anyio

PAID = "Ook minimale levering betaalt u"


async def meter_screen(server: ServerProcess, who: str, energy: str) -> tuple[str, object]:
    model = AppModel(server.url)
    await model.start(MemorySecretStore(), MemoryPreferenceStore(), "nl_BE")
    assert await model.login("prepaid", *DEMO[who], remember=False, helper=None)
    b = next(b for b in model.session.balances if b.energy == energy)
    assert b.status == "minimum_supply", b
    page, session, conn = flet_page()
    page.route = f"/meter/{b.ean}"
    setup_page(page)
    page.render(App, model)
    first = repr(session.get_page_patch())
    return first + await wait_for(conn, "Wat dit betekent") if "Wat dit betekent" not in first else first, b


async def test_gas_on_minimum_supply_says_free_gas_at_the_ocmw_and_not_that_it_is_paid(server: ServerProcess) -> None:
    text, b = await meter_screen(server, "youssef", "gas")
    assert "gratis aardgas aanvragen" in text and "brief van het OCMW" in text
    assert PAID not in text and "kunt u minimale levering van gas krijgen" not in text
    assert "10 A" not in text and "ampère" not in text
    # Said once: one line of the explanation asks for free gas.
    lines = status_explanation(Translator("nl"), b)
    assert sum("gratis aardgas aanvragen" in line for line in lines) == 1, lines


async def test_electricity_on_minimum_supply_is_10_amperes_and_paid(server: ServerProcess) -> None:
    text, b = await meter_screen(server, "marie", "electricity")
    assert "10 A" in text and PAID in text
    assert not any("aardgas" in line for line in status_explanation(Translator("nl"), b))


@pytest.mark.parametrize("lang", ["nl", "fr", "de", "en"])
async def test_each_language_says_the_same_for_gas(server: ServerProcess, lang: str) -> None:
    model = AppModel(server.url)
    await model.start(MemorySecretStore(), MemoryPreferenceStore(), "nl_BE")
    assert await model.login("prepaid", *DEMO["youssef"], remember=False, helper=None)
    gas = next(b for b in model.session.balances if b.energy == "gas")
    lines = status_explanation(Translator(lang), gas)
    ocmw = {"nl": "OCMW", "fr": "CPAS", "de": "ÖSHZ", "en": "OCMW"}[lang]
    assert len(lines) >= 3 and sum(ocmw in line for line in lines) == 2, lines
    paid = status_explanation(Translator(lang), gas.model_copy(update={"energy": "electricity"}))
    assert not set(lines) & set(paid[-1:])  # electricity's "you pay for it too" is not gas's
