"""Helpers of the alert and signal tests: a mail sink, a server with mail on and a clock file, a household
pushed through the operator API with its client logged in, an address set and verified with the code
from the real mail."""

from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

from tests.mailsink import MailSink
from tests.serverproc import ServerProcess

from .operator_helpers import account_body, create_key, fresh_code, fresh_ean, fresh_ref, operator_client, reading

FAST_MAIL = {
    "BUDGETMETER_MAIL_POLL_SECONDS": "0.2",
    "BUDGETMETER_MAIL_RETRY_SECONDS": "0.5",
    "BUDGETMETER_MAIL_RETRY_MAX_SECONDS": "2",
    "BUDGETMETER_MAIL_FROM": "budgetmeter <alerts@budgetmeter.test>",
}

_events = itertools.count(1)
_addresses = itertools.count(1)


@pytest.fixture(scope="module")
def sink() -> Iterator[MailSink]:
    """An SMTP server on loopback (aiosmtpd) for the module's tests: import it to use it."""
    mails = MailSink().start()
    yield mails
    mails.stop()


@contextmanager
def mail_world(make_server, sink: MailSink, tmp_path_factory) -> Iterator[tuple[ServerProcess, httpx.Client, Path]]:
    """A server with mail on (FAST_MAIL into `sink`), an operator client of its own key, and the server's
    clock file (offset 0: the real time; see server_now and let_pass)."""
    clock = tmp_path_factory.mktemp("clock") / "offset"
    clock.write_text("0")
    server = make_server(env={**FAST_MAIL, "BUDGETMETER_SMTP_URL": sink.url, "BUDGETMETER_CLOCK_OFFSET_FILE": str(clock)})
    operator = operator_client(server.url, create_key(server.database))
    try:
        yield server, operator, clock
    finally:
        operator.close()


def server_now(clock: Path) -> datetime:
    return datetime.now(timezone.utc) + timedelta(seconds=float(clock.read_text()))


def let_pass(clock: Path, seconds: float) -> None:
    clock.write_text(str(float(clock.read_text()) + seconds))


@dataclass
class Household:
    code: str
    eans: list[str]
    client: httpx.Client  # logged in as the household
    operator: httpx.Client
    email: str | None = None

    def push(self, balance: int, *, ean: str | None = None, at: datetime | None = None, **extra) -> dict:
        """One reading of `balance`, now (or at `at`): the meter's newest."""
        at = at or datetime.now(timezone.utc)
        r = self.operator.post(
            "/api/v1/operator/meter-readings",
            json={"readings": [reading(f"a-{uuid.uuid4().hex}", ean or self.eans[0], at.isoformat(), balance, **extra)]},
        )
        assert r.status_code == 200, r.text
        return r.json()

    def log_in(self) -> None:
        """A fresh token (after a test moved the server's clock past the idle time of the old one)."""
        r = self.client.post("/api/v1/auth/prepaid", json={"prepaid_code": self.code, "postal_code": "9000"})
        assert r.status_code == 200, r.text
        self.client.headers["Authorization"] = f"Bearer {r.json()['access_token']}"

    def notifications(self) -> dict:
        r = self.client.get("/api/v1/notifications")
        assert r.status_code == 200, r.text
        return r.json()


def household(url: str, operator: httpx.Client, *, language: str = "nl", meters: int = 1,
              name: str = "Test Huishouden") -> Household:
    code = fresh_code()
    eans = [fresh_ean() for _ in range(meters)]
    body = account_body(code, *((e, "electricity") for e in eans))
    body.update(language=language, display_name=name)
    r = operator.put(f"/api/v1/operator/accounts/{fresh_ref()}", json=body)
    assert r.status_code == 200, r.text
    n = next(_addresses)
    client = httpx.Client(base_url=url, timeout=15, headers={"X-Forwarded-For": f"192.0.2.{n % 250 + 1}"})
    r = client.post("/api/v1/auth/prepaid", json={"prepaid_code": code, "postal_code": "9000"})
    assert r.status_code == 200, r.text
    client.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
    return Household(code, eans, client, operator)


def settings_body(email: str | None, **rules) -> dict:
    return {
        "email": email,
        "rules": {"balance_below_cents": 500, "days_left_at_most": 3, "emergency_credit": True,
                  "minimum_supply": True, "topup_loaded": True, **rules},
        "quiet_hours": None,
    }


def code_in(text: str) -> str:
    found = re.findall(r"\b[0-9]{6}\b", text)
    assert len(found) == 1, text
    return found[0]


def verify_email(h: Household, sink: MailSink, *, quiet_hours: dict | None = None, **rules) -> str:
    address = f"klant-{uuid.uuid4().hex[:12]}@example.test"
    body = settings_body(address, **rules)
    body["quiet_hours"] = quiet_hours
    r = h.client.put("/api/v1/alerts/settings", json=body)
    assert r.status_code == 200, r.text
    assert r.json()["email_verified"] is False
    mail = sink.wait_for(address)[0]
    r = h.client.post("/api/v1/alerts/email/verify", json={"code": code_in(mail.text)})
    assert r.status_code == 200, r.text
    assert r.json()["email_verified"] is True
    h.email = address
    return address
