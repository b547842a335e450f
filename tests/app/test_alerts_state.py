"""The app's alerts (app/api/household.py, app/state/alerts.py) against the real server with mail on and
a real SMTP server on loopback: the bell's count after a pushed reading, mark read, settings with the
code from the mail, a wrong code's error."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone

import httpx
import pytest

from app.api import errors
from app.api.alert_models import AlertRules, AlertSettings, QuietHours
from app.api.client import BudgetmeterClient
from app.credentials import MemoryPreferenceStore, MemorySecretStore
from app.state import Session
from app.state.alerts import Alerts
from tests.api.operator_helpers import account_body, create_key, fresh_code, fresh_ean, fresh_ref, reading
from tests.mailsink import MailSink
from tests.serverproc import start_server

from .conftest import fresh_headers

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def mail_server(tmp_path_factory):
    sink = MailSink().start()
    proc = start_server(tmp_path_factory.mktemp("alerts-app"), env={
        "BUDGETMETER_SMTP_URL": sink.url, "BUDGETMETER_MAIL_POLL_SECONDS": "0.2",
    })
    operator = httpx.Client(base_url=proc.url, headers={"Authorization": f"Bearer {create_key(proc.database)}"})
    yield proc, sink, operator
    operator.close()
    proc.stop()
    sink.stop()


async def household(proc, operator) -> tuple[Session, str, BudgetmeterClient]:
    code, ean = fresh_code(), fresh_ean()
    body = account_body(code, (ean, "electricity"))
    assert operator.put(f"/api/v1/operator/accounts/{fresh_ref()}", json=body).status_code == 200
    api = BudgetmeterClient(proc.url, headers=fresh_headers(), backoff=0.01)
    session = Session(api, prefs=MemoryPreferenceStore(), secrets=MemorySecretStore())
    assert await session.login_prepaid(code, "9000", remember=False)
    return session, ean, api


async def test_the_bell_counts_a_pushed_alert_and_reading_it_counts_down(mail_server) -> None:
    proc, _sink, operator = mail_server
    session, ean, api = await household(proc, operator)
    alerts = Alerts(session.screen_call)
    alerts.belongs_to(session.current.id)
    seen: list[int] = []
    alerts.subscribe(lambda a: seen.append(a.unread))
    assert await alerts.refresh() and alerts.unread == 0 and alerts.items == []
    r = operator.post("/api/v1/operator/meter-readings", json={"readings": [
        reading(f"app-{uuid.uuid4().hex}", ean, datetime.now(timezone.utc).isoformat(), 150)]})
    assert r.json()["applied"] == 1
    assert await alerts.refresh()
    assert alerts.unread == 1 and seen[-1] == 1
    note = alerts.items[0]
    assert note.kind == "balance_low" and note.ean == ean and not note.read and "1,50" in note.body
    assert await alerts.mark_read(note.id)
    assert alerts.unread == 0 and alerts.items[0].read
    assert await alerts.refresh() and alerts.unread == 0  # the server agrees
    # Another client: nothing of the first one is shown.
    alerts.belongs_to("someone-else")
    assert alerts.items == [] and alerts.unread == 0
    await api.aclose()


async def test_settings_verification_with_the_code_from_the_mail(mail_server) -> None:
    proc, sink, operator = mail_server
    session, _ean, api = await household(proc, operator)
    alerts = Alerts(session.screen_call)
    assert await alerts.load_settings()
    assert alerts.settings.rules == AlertRules() and alerts.settings.quiet_hours == QuietHours(start="22:00", end="07:00")
    address = f"app-{uuid.uuid4().hex[:10]}@example.test"
    new = AlertSettings(email=address, email_verified=False, rules=AlertRules(balance_below_cents=1000),
                        quiet_hours=None)
    assert await alerts.save_settings(new)
    assert alerts.outcome == "code_sent" and alerts.settings.email == address and not alerts.settings.email_verified
    code = re.findall(r"\b[0-9]{6}\b", sink.wait_for(address)[0].text)[0]
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    assert not await alerts.verify(wrong)
    assert isinstance(alerts.verify_error, errors.InvalidCredentials)
    assert await alerts.verify(code)
    assert alerts.outcome == "verified" and alerts.settings.email_verified and alerts.verify_error is None
    # Saving again keeps it verified; a bad address is refused with validation_error.
    assert await alerts.save_settings(alerts.settings) and alerts.outcome == "saved" and alerts.settings.email_verified
    bad = alerts.settings.model_copy(update={"email": "not an address"})
    assert not await alerts.save_settings(bad)
    assert alerts.settings_error.code == "validation_error"
    await api.aclose()
