"""The helpers' screens draw in Flet's own renderer (no browser) against the real server: the set-up
with its QR code and key, the caseload, a client's file, the team, and the household's "Who can see my
account" with a share code (issue 10)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from app.api.client import BudgetmeterClient
from app.credentials import MemoryPreferenceStore, MemorySecretStore
from app.main import App, setup_page
from app.state.staff import StaffSession
from app.ui.app_model import AppModel
from tests.api.alert_helpers import household
from tests.api.operator_helpers import create_key, operator_client
from tests.api.staff_helpers import org_create, unique
from tests.serverproc import ServerProcess

from .conftest import DEMO, fresh_headers
from .rendering import flet_page, sent_text, settle
from .test_staff_state import NEW_PASSWORD, code_at

pytestmark = pytest.mark.anyio


async def staff_model(server: ServerProcess, *, finish_setup: bool = True) -> tuple[AppModel, StaffSession]:
    username = unique("admin")
    done = org_create(server.database, name=unique("OCMW Scherm "), admin_username=username, admin_name="Ilse Scherm")
    assert done.returncode == 0, done.stderr
    model = AppModel(server.url)
    model.api = BudgetmeterClient(server.url, headers=fresh_headers())
    await model.start(MemorySecretStore(), MemoryPreferenceStore(), "nl_BE")
    staff = model.staff
    assert await staff.login(username, done.stdout.strip().splitlines()[-1], "", remember=False)
    assert await staff.choose_password(NEW_PASSWORD, NEW_PASSWORD)
    if finish_setup:
        uri = staff.totp_uri
        assert await staff.confirm(code_at(uri))
        assert await staff.login(username, NEW_PASSWORD, code_at(uri, 1), remember=False)
    return model, staff


async def draw(model: AppModel, route: str) -> str:
    page, session, conn = flet_page()
    page.route = route
    setup_page(page)
    page.render(App, model)
    first = session.get_page_patch()
    for _ in range(4):
        await settle()
    return repr(first) + sent_text(conn)


async def test_setup_screen_shows_the_key_and_qr(server: ServerProcess) -> None:
    model, staff = await staff_model(server, finish_setup=False)
    text = await draw(model, "/staff/setup")
    assert "Stap 2 van 2" in text and "Lukt het scannen niet?" in text
    key = staff.totp_uri.split("secret=")[1].split("&")[0]
    assert key[:4] in text


async def test_caseload_team_and_client_draw(server: ServerProcess) -> None:
    model, staff = await staff_model(server)
    text = await draw(model, "/staff")
    assert "Ilse Scherm" in text and "Cliënten" in text and "Nog geen cliënten" in text
    caseload = model.member.caseload
    assert caseload is not None
    assert await caseload.add_by_prepaid_code(*DEMO["youssef"])
    text = await draw(model, "/staff")
    assert "Youssef El Amrani" in text
    client_id = caseload.clients[0].client_id
    text = await draw(model, f"/staff/client/{client_id}")
    assert "Youssef El Amrani" in text and "klaarzetten" in text
    text = await draw(model, "/staff/team")
    assert "Medewerker toevoegen" in text and "Ilse Scherm" in text
    # Her own row has no remove button (the server refuses it); a colleague's row has one.
    assert "Ilse Scherm verwijderen" not in text and "Ilse Scherm opnieuw instellen" in text
    team = model.member.team
    assert await team.add(unique("lid"), "Lid Scherm"), team.error
    assert "Lid Scherm verwijderen" in await draw(model, "/staff/team")


async def test_caseload_marks_a_client_with_new_alerts(server: ServerProcess) -> None:
    """Issue 11: an alert on the client's meter shows as a named badge in the caseload row, in the
    member's language ("1 nieuwe melding"), until the member opens the client's file."""
    model, staff = await staff_model(server)
    operator = operator_client(server.url, create_key(server.database))
    an = household(server.url, operator, name="An Melding")
    try:
        await draw(model, "/staff")  # the caseload screen makes the member's caseload
        caseload = model.member.caseload
        assert await caseload.add_by_prepaid_code(an.code, "9000")
        assert "nieuwe melding" not in await draw(model, "/staff")
        start = datetime.now(timezone.utc) - timedelta(minutes=30)
        an.push(1200, at=start)
        an.push(300, at=start + timedelta(minutes=1))  # below the default 5,00: one alert
        text = await draw(model, "/staff")
        assert "1 nieuwe melding" in text and "nieuwe meldingen" not in text
        client_id = caseload.clients[0].client_id
        await draw(model, f"/staff/client/{client_id}")  # opening the file sees the alert
        assert "nieuwe melding" not in await draw(model, "/staff")
    finally:
        an.client.close()
        operator.close()


async def test_account_access_draws_the_share_code(server: ServerProcess) -> None:
    model = AppModel(server.url)
    await model.start(MemorySecretStore(), MemoryPreferenceStore(), "nl_BE")
    assert await model.login("prepaid", *DEMO["sophie"], remember=False, helper=None)
    access = model.account_access
    assert await access.make_share_code(allow_prepare=False)
    text = await draw(model, "/account-access")
    # Sophie's account is in French.
    assert "Qui peut voir mon compte" in text and access.share_code.share_code in text
    assert "Donner accès à un intervenant" in text


async def test_staff_settings_ask_for_the_mailed_code(server: ServerProcess) -> None:
    """The digest's address and its 6-digit code (the widget the household's alert settings use too):
    before saving only the address; once saved and not verified, the code field and Verify."""
    model, staff = await staff_model(server)
    text = await draw(model, "/staff/settings")
    assert "E-mailadres" in text and "Het overzicht komt naar dit adres." in text and "Code uit de mail" not in text
    digest = model.member.digest
    assert digest is not None
    assert await digest.save(f"{unique('ilse')}@example.org", "08:00", language="nl"), digest.error
    assert digest.settings is not None and not digest.settings.email_verified
    text = await draw(model, "/staff/settings")
    assert "Code uit de mail" in text and "Bevestigen" in text and "Nog niet bevestigd" in text


async def test_signals_screen_and_caseload_badge_draw(server: ServerProcess) -> None:
    """Issue 21: a client off supply for 7 hours shows on the Signals screen (name, kind in words, energy,
    since, the note field and the follow-up buttons) and with a badge on the caseload row; acknowledged,
    the card says by whom with the note; the staff settings offer the signal mail at once."""
    from app.state.signals import OrganisationSignals

    model, staff = await staff_model(server)
    operator = operator_client(server.url, create_key(server.database))
    karim = household(server.url, operator, name="Karim Zonder Stroom")
    try:
        await draw(model, "/staff")
        caseload = model.member.caseload
        assert await caseload.add_by_prepaid_code(karim.code, "9000")
        text = await draw(model, "/staff/signals")
        assert "Signalen" in text and "Hier zijn geen signalen" in text
        start = datetime.now(timezone.utc) - timedelta(hours=7)
        karim.push(-7000, at=start, emergency_credit_in_use=True, emergency_credit_available_cents=0)
        karim.push(-7050, at=start + timedelta(hours=7), emergency_credit_in_use=True, emergency_credit_available_cents=0)
        # Loaded before drawing: "all" reads open, acknowledged and resolved in turn, longer than a draw waits.
        signals = model.member.signals
        assert isinstance(signals, OrganisationSignals) and await signals.load(), signals.error
        text = await draw(model, "/staff/signals")
        for words in ("Karim Zonder Stroom", "Geen levering", "De meter is al uren afgesloten", "Elektriciteit · sinds",
                      "Notitie", "De cliënt ziet uw naam en deze notitie.", "Opnemen", "Afhandelen", "Alle", "Open"):
            assert words in text, words
        assert "Signaal: Geen levering" in await draw(model, "/staff")
        assert await signals.follow_up(signals.items[0].signal_id, "acknowledge", "Ik bel morgen"), signals.error
        text = await draw(model, "/staff/signals")
        assert "Opgenomen door Ilse Scherm: “Ik bel morgen”" in text
        assert "Signaal: Geen levering" not in await draw(model, "/staff")  # followed up: no badge
        assert "Mail me meteen wanneer een cliënt een signaal krijgt" in await draw(model, "/staff/settings")
    finally:
        karim.client.close()
        operator.close()
