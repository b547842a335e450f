"""Winter support's screens (issue 21) draw in Flet's own renderer against the real server: the
household without a mandate is told how to give one; with one it asks, sees seed 001's documents
("U brengt volgende documenten mee: ... Uw identiteitskaart"), then the decision and the next amount;
the staff member decides in the form (a wrong number is said in words) and stops the grant."""

from __future__ import annotations

import pytest

from app.api.client import BudgetmeterClient
from app.credentials import MemoryPreferenceStore, MemorySecretStore
from app.state.winter_support import WinterSupport
from app.ui.app_model import AppModel
from tests.api.operator_helpers import account_body, create_key, fresh_code, fresh_ean, fresh_ref, operator_client
from tests.serverproc import ServerProcess

from app.main import App, setup_page

from .conftest import fresh_headers
from .rendering import flet_page, settle
from .test_staff_screens import draw, staff_model

pytestmark = pytest.mark.anyio


def gas_household(server: ServerProcess, name: str) -> str:
    """A household with an electricity and a gas meter, loaded by the operator; its Prepaid-code."""
    code = fresh_code()
    body = account_body(code, (fresh_ean(), "electricity"), (fresh_ean(), "gas"))
    body.update(display_name=name)
    with operator_client(server.url, create_key(server.database)) as operator:
        r = operator.put(f"/api/v1/operator/accounts/{fresh_ref()}", json=body)
        assert r.status_code == 200, r.text
    return code


class Screen:
    """One screen kept open, as a person has it: what it draws after each action (its patches since the
    last look). A screen drawn anew loads anew, which would hide an error the last action showed."""

    def __init__(self, model: AppModel, route: str) -> None:
        page, self._session, self._conn = flet_page()
        page.route = route
        setup_page(page)
        page.render(App, model)
        self._seen = 0
        self._first = repr(self._session.get_page_patch())

    async def news(self) -> str:
        for _ in range(6):
            await settle()
        text = self._first + " ".join(repr(m) for m in self._conn.sent[self._seen:])
        self._first, self._seen = "", len(self._conn.sent)
        return text


async def household_model(server: ServerProcess, code: str) -> tuple[AppModel, WinterSupport]:
    model = AppModel(server.url)
    model.api = BudgetmeterClient(server.url, headers=fresh_headers())
    await model.start(MemorySecretStore(), MemoryPreferenceStore(), "nl_BE")
    assert await model.login("prepaid", code, "9000", remember=False, helper=None)
    winter = model.winter_support
    return model, winter


async def test_without_a_mandate_the_household_is_told_how_to_give_one(server: ServerProcess) -> None:
    model, winter = await household_model(server, gas_household(server, "Els Zonder Mandaat"))
    assert await winter.load() and winter.mandates == []
    text = await draw(model, "/winter-support")
    assert "Wintersteun" in text and "Nog geen enkele organisatie kan uw account zien" in text
    assert "Wie kan mijn account zien" in text and "Personen in uw gezin" not in text
    assert "Wintersteun" in await draw(model, "/settings")  # reached from the settings


async def test_ask_decide_and_see_the_decision_and_the_next_amount(server: ServerProcess) -> None:
    staff_app, staff = await staff_model(server)
    model, winter = await household_model(server, gas_household(server, "Karel Winter"))
    code = await model.session.screen_call(lambda api: api.create_share_code(["view"]))
    await staff.api.add_by_share_code(code.share_code)
    assert await winter.load() and len(winter.mandates) == 1
    text = await draw(model, "/winter-support")
    assert "Gratis aardgas aanvragen" in text and "Personen in uw gezin" in text and staff.me.organisation in text

    organisation_id = winter.mandates[0].organisation_id
    screen = Screen(model, "/winter-support")
    await screen.news()
    assert not await winter.ask(organisation_id, "0", "")
    assert "Vul in hoeveel mensen in uw gezin wonen: 1 tot 20." in await screen.news()
    assert await winter.ask(organisation_id, "3", "Mijn gele kaart is leeg"), winter.error
    text = await screen.news()
    # seed 001: "Uw identiteitskaart", "Uw budgetmeterkaart aardgas (gele kaart)", in the household's language.
    assert "Documenten om mee te brengen naar uw afspraak" in text and "Uw identiteitskaart" in text
    assert "Uw budgetmeterkaart aardgas (gele kaart)" in text and "Wacht op de beslissing" in text

    desk = staff_app.member.winter_desk
    assert await desk.load()
    text = await draw(staff_app, "/staff/winter-support")
    assert "Wintersteun" in text and "Beslissen voor Karel Winter" in text and "Mijn gele kaart is leeg" in text
    request_id = next(r.request_id for r in desk.requests if r.display_name == "Karel Winter")
    staff_screen = Screen(staff_app, "/staff/winter-support")
    await staff_screen.news()
    desk.open_decision(request_id)
    text = await staff_screen.news()
    assert "Om de hoeveel dagen (7 tot 31)" in text and "Leeg: de winterperiode" in text and "Toekennen" in text
    assert not await desk.decide(request_id, approved=True, amount="25", every_days="5")
    assert "een geheel getal van 7 tot 31" in await staff_screen.news()
    assert not await desk.decide(request_id, approved=True, amount="25", first_date="01/01/2020")
    assert "eerste datum vanaf vandaag" in await staff_screen.news()  # the server's invalid_dates
    assert await desk.decide(request_id, approved=True, amount="25", every_days="14", reason="Recht op gratis aardgas"), desk.error
    assert "Beslissing bewaard voor Karel Winter" in await staff_screen.news()
    await desk.load("approved")
    text = await draw(staff_app, "/staff/winter-support")
    assert "om de 14 dagen" in text and "Volgende:" in text and "Toekenning voor Karel Winter stoppen" in text

    assert await winter.load()
    text = await draw(model, "/winter-support")
    assert "Toegekend" in text and "25,00 om de 14 dagen" in text and "Volgende:" in text
    assert "Reden: Recht op gratis aardgas" in text

    grant_id = next(r.grant.grant_id for r in desk.requests if r.display_name == "Karel Winter")
    assert await desk.stop(grant_id, "Verhuisd")
    assert "De toekenning is gestopt." in await draw(staff_app, "/staff/winter-support")
    assert await winter.load()
    text = await draw(model, "/winter-support")
    assert "Gestopt" in text and "Reden: Verhuisd" in text
