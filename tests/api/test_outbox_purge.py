"""The outbox keeps no more than it needs: a sent mail keeps its envelope facts (which notification, when)
but not its address, subject or body; a verification code's mail goes when its code expires, also when
mail is off and it was never sent. Checked with a real SMTP server (tests/mailsink.py) and the store."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest

from server.store.db import Database
from tests.mailsink import MailSink

from .alert_helpers import household, settings_body, verify_email
from .operator_helpers import create_key, operator_client
from .alert_helpers import FAST_MAIL


def outbox_rows(database: str, account_id: int) -> list[dict]:
    db = Database(database)
    try:
        with db.transaction() as tx:
            return tx.all("SELECT * FROM mail_outbox WHERE account_id = ? ORDER BY id", (account_id,))
    finally:
        db.close()


def account_of(database: str, email: str) -> int:
    db = Database(database)
    try:
        with db.transaction() as tx:
            return int(tx.one("SELECT account_id FROM alert_settings WHERE email = ?", (email,))["account_id"])
    finally:
        db.close()


def wait_until(check, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "not in time"
        time.sleep(0.2)


@pytest.fixture
def sink():
    mails = MailSink().start()
    yield mails
    mails.stop()


def test_a_sent_mail_keeps_no_address_subject_or_body(make_server, sink) -> None:
    server = make_server(env={**FAST_MAIL, "BUDGETMETER_SMTP_URL": sink.url})
    with operator_client(server.url, create_key(server.database)) as operator:
        h = household(server.url, operator, name="Familie Vertrouwelijk")
        address = verify_email(h, sink)
        start = datetime.now(timezone.utc) - timedelta(minutes=10)
        h.push(1200, at=start)
        h.push(400, at=start + timedelta(minutes=1))  # below 5,00: an alert mail
        alert = sink.wait_for(address, 2)[1]
        assert "4,00" in alert.text
    account_id = account_of(server.database, address)

    def all_sent() -> bool:
        rows = outbox_rows(server.database, account_id)
        return len(rows) == 2 and all(r["sent_at"] for r in rows)

    wait_until(all_sent)
    rows = outbox_rows(server.database, account_id)
    assert [r["purpose"] for r in rows] == ["verification", "alert"]
    assert rows[1]["notification_id"] is not None  # what makes an alert mail go once stays
    for r in rows:
        assert (r["to_address"], r["subject"], r["text_body"], r["html_body"]) == ("", "", "", ""), r


def test_an_unsent_code_mail_is_dropped_when_its_code_expires(make_server, tmp_path) -> None:
    # Mail is off: the code's mail can never go, and must not wait in the store for ever.
    clock = tmp_path / "clock"
    clock.write_text("0")
    server = make_server(env={"BUDGETMETER_CLOCK_OFFSET_FILE": str(clock),
                              "BUDGETMETER_TOKEN_PURGE_INTERVAL_SECONDS": "0.3"})  # fmt: skip
    with operator_client(server.url, create_key(server.database)) as operator:
        h = household(server.url, operator)
        address = "niet-verzonden@example.test"
        assert h.client.put("/api/v1/alerts/settings", json=settings_body(address)).status_code == 200
    account_id = account_of(server.database, address)
    time.sleep(1)  # several purges: the code is still valid, its mail stays
    assert [r["purpose"] for r in outbox_rows(server.database, account_id)] == ["verification"]
    clock.write_text(str(31 * 60))  # the code (30 minutes) has expired
    wait_until(lambda: outbox_rows(server.database, account_id) == [])


def test_a_code_mail_that_waited_past_its_code_is_never_sent(make_server, tmp_path) -> None:
    # The mail server is down until the code has expired: when it is back, the stale code does not go.
    clock = tmp_path / "clock"
    clock.write_text("0")
    sink = MailSink()
    server = make_server(env={**FAST_MAIL, "BUDGETMETER_SMTP_URL": sink.url, "BUDGETMETER_CLOCK_OFFSET_FILE": str(clock),
                              "BUDGETMETER_TOKEN_PURGE_INTERVAL_SECONDS": "3600"})  # fmt: skip
    with operator_client(server.url, create_key(server.database)) as operator:
        h = household(server.url, operator)
        address = "te-laat@example.test"
        assert h.client.put("/api/v1/alerts/settings", json=settings_body(address)).status_code == 200
    clock.write_text(str(31 * 60))
    time.sleep(1)  # a round that claimed the mail just before the clock moved has failed to connect by now
    sink.start()
    try:
        time.sleep(3)  # many sender rounds, retries due
        assert sink.to(address) == []
        assert outbox_rows(server.database, account_of(server.database, address)) == []
    finally:
        sink.stop()
