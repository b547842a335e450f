"""Issue 20, "Demo and first use": the app said "We mailden u een code van 6 cijfers" when no mail
could leave. Against the real server: the demo (no SMTP) shows its mail in the demo mailbox and says
so; a server outside the demo without SMTP makes the app say that mail is off."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from app.api.alert_models import AlertRules, AlertSettings
from app.credentials import MemoryPreferenceStore, MemorySecretStore
from app.state.server_mail import ServerMail
from app.ui.app_model import AppModel
from tests.api.alert_helpers import code_in, household
from tests.api.operator_helpers import create_key, operator_client
from tests.serverproc import ServerProcess, start_server

from .conftest import DEMO
from .rendering import shown

pytestmark = pytest.mark.anyio

MAILED = "We mailden u een code van 6 cijfers"


@pytest.fixture(scope="module")
def plain_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A server outside the demo without BUDGETMETER_SMTP_URL: no mail leaves."""
    proc = start_server(tmp_path_factory.mktemp("mail-off"), demo=False)
    yield proc
    proc.stop()


def new_address(settings: AlertSettings | None) -> AlertSettings:
    rules = settings.rules if settings else AlertRules(balance_below_cents=500, days_left_at_most=3, emergency_credit=True,
                                                       minimum_supply=True, topup_loaded=True)
    return AlertSettings(email=f"an-{uuid.uuid4().hex[:8]}@example.test", email_verified=False, rules=rules, quiet_hours=None)


async def test_the_demo_keeps_the_code_in_its_mailbox_and_says_so(server: ServerProcess) -> None:
    model = AppModel(server.url)
    await model.start(MemorySecretStore(), MemoryPreferenceStore(), "nl_BE")
    assert await model.login("prepaid", *DEMO["an"], remember=False, helper=None)
    mail = model.server_mail
    assert await mail.load() and mail.mode == "demo_mailbox" and mail.demo and not mail.mails_leave
    alerts = model.alerts
    assert await alerts.load_settings()
    wanted = new_address(alerts.settings)
    assert await alerts.save_settings(wanted) and alerts.outcome == "code_sent"
    text = await shown(model, "/settings/alerts")
    assert MAILED not in text and "staat in de demo-mailbox" in text and "Demo-mailbox openen" in text
    # The mailbox holds the code that verifies the address.
    assert await mail.load_mailbox()
    mine = [m for m in mail.mailbox if m.to_address == wanted.email]
    assert len(mine) == 1
    text = await shown(model, "/demo-mailbox")
    assert "Demo-mailbox" in text and wanted.email in text
    assert await alerts.verify(code_in(mine[0].text)) and alerts.settings.email_verified


async def test_the_log_in_screen_offers_the_mailbox_only_on_a_demo(server: ServerProcess, plain_server: ServerProcess) -> None:
    for proc, offered in ((server, True), (plain_server, False)):
        model = AppModel(proc.url)
        await model.start(MemorySecretStore(), MemoryPreferenceStore(), "nl_BE")
        text = await shown(model, "/login")
        assert ("Demo-mailbox" in text) is offered, proc.url


async def test_outside_the_demo_without_smtp_the_app_says_mail_is_off(plain_server: ServerProcess) -> None:
    operator = operator_client(plain_server.url, create_key(plain_server.database))
    h = household(plain_server.url, operator, name="Mira Zonder Mail")
    try:
        model = AppModel(plain_server.url)
        await model.start(MemorySecretStore(), MemoryPreferenceStore(), "nl_BE")
        assert await model.login("prepaid", h.code, "9000", remember=False, helper=None)
        mail = model.server_mail
        assert await mail.load() and mail.mode == "off" and not mail.demo
        assert not await mail.load_mailbox() and mail.last_error.code == "not_found"
        alerts = model.alerts
        assert await alerts.load_settings()
        wanted = new_address(alerts.settings)
        assert await alerts.save_settings(wanted)
        text = await shown(model, "/settings/alerts")
        assert MAILED not in text and "mailden" not in text
        assert "Mail staat uit op deze server" in text and "er werd geen code gemaild" in text
        assert "Code uit de mail" not in text  # no code to type
    finally:
        h.client.close()
        operator.close()


async def test_an_unknown_server_is_not_said_to_be_off() -> None:
    from app.api.client import BudgetmeterClient

    async with BudgetmeterClient("http://127.0.0.1:9", attempts=1) as api:  # nothing listens there
        mail = ServerMail(api)
        assert not await mail.load()
    assert mail.mode is None and mail.mails_leave and not mail.demo
