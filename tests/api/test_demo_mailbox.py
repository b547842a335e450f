"""Issue 20, "Demo and first use": without an SMTP server no mail leaves, so the server says where mail
goes (/healthz `mail`) and the demo keeps it in a mailbox the app shows (GET /demo/mailbox, demo only,
404 otherwise), on SQLite and PostgreSQL."""

from __future__ import annotations

import httpx

from tests.mailsink import MailSink

from .alert_helpers import code_in, household, settings_body
from .operator_helpers import create_key, operator_client


def test_the_demo_without_smtp_keeps_its_mail_in_the_demo_mailbox(make_server) -> None:
    server = make_server()  # --demo, no BUDGETMETER_SMTP_URL
    health = httpx.get(f"{server.url}/healthz", timeout=10).json()
    assert health["demo"] is True and health["mail"] == "demo_mailbox"
    assert httpx.get(f"{server.url}/demo/mailbox", timeout=10).json() == {"mails": []}
    with operator_client(server.url, create_key(server.database)) as operator:
        h = household(server.url, operator, name="Lien Demo")
        address = "lien@example.test"
        assert h.client.put("/api/v1/alerts/settings", json=settings_body(address)).status_code == 200
        r = httpx.get(f"{server.url}/demo/mailbox", timeout=10)
        assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
        [mail] = r.json()["mails"]
        assert mail["to_address"] == address and mail["subject"] and mail["created_at"]
        # The code in the mailbox is the code that verifies the address.
        verified = h.client.post("/api/v1/alerts/email/verify", json={"code": code_in(mail["text"])})
        assert verified.status_code == 200 and verified.json()["email_verified"] is True
        # An alert waits in the outbox as a fact: the mailbox shows it worded, newest first.
        h.push(300)
        mails = httpx.get(f"{server.url}/demo/mailbox", timeout=10).json()["mails"]
        assert len(mails) == 2 and mails[0]["to_address"] == address
        assert "Lien Demo" in mails[0]["text"] and "3,00" in mails[0]["text"], mails[0]
        assert mails[0]["subject"] == h.notifications()["items"][0]["title"]
        h.client.close()


def test_outside_the_demo_without_smtp_mail_is_off_and_there_is_no_mailbox(make_server) -> None:
    server = make_server(demo=False)
    health = httpx.get(f"{server.url}/healthz", timeout=10).json()
    assert health["demo"] is False and health["mail"] == "off"
    r = httpx.get(f"{server.url}/demo/mailbox", timeout=10)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_a_demo_with_smtp_sends_its_mail_and_has_no_mailbox(make_server) -> None:
    sink = MailSink().start()
    try:
        server = make_server(env={"BUDGETMETER_SMTP_URL": sink.url})
        health = httpx.get(f"{server.url}/healthz", timeout=10).json()
        assert health["demo"] is True and health["mail"] == "smtp"
        assert httpx.get(f"{server.url}/demo/mailbox", timeout=10).status_code == 404
    finally:
        sink.stop()
