"""Issue 20 for the helpers with their own account, drawn in Flet's renderer against the real server:
a client's file speaks about the household ("Deze meter gebruikt noodkrediet"), never to it; right
after the set-up the code just used is refused with "wait for the next code"; the code's hint may take
several lines; every show/hide button of a password has a name."""

from __future__ import annotations

import pytest

from app.api.client import BudgetmeterClient
from app.credentials import MemoryPreferenceStore, MemorySecretStore
from app.ui.app_model import AppModel
from app.words.staff import staff_error_text
from app.i18n import Translator
from tests.api.staff_helpers import org_create, unique
from tests.serverproc import ServerProcess

from .conftest import DEMO, fresh_headers
from .test_staff_screens import draw, staff_model
from .test_staff_state import NEW_PASSWORD, code_at

pytestmark = pytest.mark.anyio

#: What the card says to a household, never to its social worker.
TO_THE_HOUSEHOLD = ("U gebruikt noodkrediet", "U zit op minimale levering", "Laad minstens", "Laad snel op")


async def test_a_clients_file_speaks_about_the_household(server: ServerProcess) -> None:
    model, staff = await staff_model(server)
    await draw(model, "/staff")  # makes the member's caseload
    caseload = model.member.caseload
    assert await caseload.add_by_prepaid_code(*DEMO["youssef"])  # electricity on emergency credit, gas on minimum supply
    client_id = caseload.clients[0].client_id
    text = await draw(model, f"/staff/client/{client_id}")
    assert "Youssef El Amrani" in text
    assert "Deze meter gebruikt noodkrediet" in text and "Deze meter staat op minimale levering" in text
    assert "Een oplading van minstens" in text
    for words in TO_THE_HOUSEHOLD:
        assert words not in text, words


async def administrator_at_set_up(server: ServerProcess, organisation: str, name: str) -> tuple[AppModel, str]:
    """A new organisation's administrator, logged in with the initial password: at the set-up's first step."""
    username = unique("nieuw")
    done = org_create(server.database, name=unique(organisation), admin_username=username, admin_name=name)
    assert done.returncode == 0, done.stderr
    model = AppModel(server.url)
    model.api = BudgetmeterClient(server.url, headers=fresh_headers())
    await model.start(MemorySecretStore(), MemoryPreferenceStore(), "nl_BE")
    assert await model.staff.login(username, done.stdout.strip().splitlines()[-1], "", remember=False)
    return model, username


async def test_the_code_just_used_at_the_set_up_says_wait_for_the_next(server: ServerProcess) -> None:
    model, username = await administrator_at_set_up(server, "OCMW Code ", "Nina Code")
    staff = model.staff
    assert await staff.choose_password(NEW_PASSWORD, NEW_PASSWORD)
    used = code_at(staff.totp_uri)
    assert await staff.confirm(used)
    assert not await staff.login(username, NEW_PASSWORD, used, remember=False)
    assert staff.last_error.server_code == "code_already_used"
    said = staff_error_text(Translator("nl"), staff.last_error)
    assert said == "Die code werd al gebruikt. Wacht op de volgende code van uw authenticator-app."
    # Back on the log-in screen (the set-up finished): the sentence, the hint on several lines, and
    # the password's show button named.
    text = await draw(model, "/login")
    assert said in text
    assert "Laat leeg bij uw eerste aanmelding" in text and "helper_max_lines=3" in text
    assert "Wachtwoord tonen" in text and "can_reveal_password=True" not in text


async def test_the_set_ups_password_fields_have_named_show_buttons(server: ServerProcess) -> None:
    model, username = await administrator_at_set_up(server, "OCMW Oog ", "Oona Oog")
    staff = model.staff
    text = await draw(model, "/staff/setup")
    assert "Stap 1 van 2" in text
    assert text.count("Wachtwoord tonen") >= 2 and "can_reveal_password=True" not in text
