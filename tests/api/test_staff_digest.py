"""A staff member's daily digest (README, "Alerts": `PUT /api/v1/staff/me/alerts {email,
digest_time}`) against the real server process, a `budgetmeter-server worker` beside it and a real
SMTP server on loopback (aiosmtpd), on SQLite and PostgreSQL: settings, their errors and the address
code; one digest per member and day whatever runs the sender, listing only the organisation's clients
with a live mandate; none when nothing is new. The server's clock is moved through its offset file."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from datetime import datetime, time as clock_time, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.mailsink import MailSink, Received

from .alert_helpers import FAST_MAIL, Household, code_in, household, sink  # noqa: F401 (sink: a fixture)
from .operator_helpers import ROOT, create_key, operator_client
from .staff_helpers import Member, new_organisation

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture(scope="module")
def digesting(make_server, sink, tmp_path_factory):
    """A server with mail on, and its clock file (offset 0: the real time)."""
    clock = tmp_path_factory.mktemp("clock") / "offset"
    clock.write_text("0")
    env = {**FAST_MAIL, "BUDGETMETER_SMTP_URL": sink.url, "BUDGETMETER_CLOCK_OFFSET_FILE": str(clock)}
    server = make_server(env=env)
    operator = operator_client(server.url, create_key(server.database))
    yield server, operator, clock, env
    operator.close()


def address() -> str:
    return f"medewerker-{uuid.uuid4().hex[:12]}@ocmw.example.test"


def set_digest(member: Member, sink: MailSink, *, digest_time: str, language: str = "nl") -> str:
    """An address and a digest time, verified with the code from the real mail."""
    to = address()
    r = member.client.put("/api/v1/staff/me/alerts", json={"email": to, "digest_time": digest_time, "language": language})
    assert r.status_code == 200, r.text
    assert r.json() == {"email": to, "email_verified": False, "digest_time": digest_time, "language": language, "immediate_signals": True}
    r = member.client.post("/api/v1/staff/me/alerts/verify", json={"code": code_in(sink.wait_for(to)[0].text)})
    assert r.status_code == 200 and r.json()["email_verified"] is True, r.text
    return to


def give_mandate(h: Household, member: Member) -> int:
    r = h.client.post("/api/v1/mandates/share-codes", json={"permissions": ["view"]})
    assert r.status_code == 201, r.text
    r = member.client.post("/api/v1/caseload", json={"share_code": r.json()["share_code"]})
    assert r.status_code == 201, r.text
    return int(r.json()["client_id"])


def digests(sink: MailSink, to: str) -> list[Received]:
    return [m for m in sink.to(to) if m.message["Subject"].startswith("budgetmeter")]


def move_clock(clock, to: datetime) -> None:
    clock.write_text(str(int(to.timestamp() - time.time())))


def worker_once(database: str, env: dict[str, str]) -> str:
    """A second sender run: `budgetmeter-server worker --once` on the same store and clock."""
    done = subprocess.run([sys.executable, "-m", "server", "worker", "--once", "--database", database],
                          env={**os.environ, "BUDGETMETER_SECRET_KEY": "test-secret-key-of-at-least-32-characters", **env}, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_settings_are_read_and_replaced_and_bad_input_is_refused(digesting, sink) -> None:
    server, operator, _, _ = digesting
    member = new_organisation(server).add_member("Sam Maatschappelijk Werker")
    r = member.client.get("/api/v1/staff/me/alerts")
    assert r.status_code == 200
    assert r.json() == {"email": None, "email_verified": False, "digest_time": None, "language": "nl", "immediate_signals": True}
    to = address()
    for bad in (
        {"email": to, "digest_time": "24:00"},
        {"email": to, "digest_time": "8:00"},
        {"email": to, "digest_time": "08:60"},
        {"email": to, "digest_time": 800},
        {"email": "not-an-address", "digest_time": "08:00"},
        {"email": None, "digest_time": "08:00"},  # a digest needs an address
        {"email": to},
        {"email": to, "digest_time": "08:00", "language": "es"},
        {"email": to, "digest_time": "08:00", "unknown": 1},
    ):
        r = member.client.put("/api/v1/staff/me/alerts", json=bad)
        assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error", (bad, r.text)
    assert len(sink.to(to)) == 0

    # A new address gets its code in the language asked for; the mail holds no token.
    r = member.client.put("/api/v1/staff/me/alerts", json={"email": to, "digest_time": "07:30", "language": "fr"})
    assert r.status_code == 200, r.text
    assert r.json() == {"email": to, "email_verified": False, "digest_time": "07:30", "language": "fr", "immediate_signals": True}
    mail = sink.wait_for(to)[0]
    assert mail.message["Subject"] == "Votre code pour le récapitulatif quotidien"
    assert member.token not in mail.text and member.token not in mail.html
    code = code_in(mail.text)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    r = member.client.post("/api/v1/staff/me/alerts/verify", json={"code": wrong})
    assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_credentials"
    assert member.client.post("/api/v1/staff/me/alerts/verify", json={"code": "12345"}).status_code == 422
    r = member.client.post("/api/v1/staff/me/alerts/verify", json={"code": code})
    assert r.status_code == 200 and r.json()["email_verified"] is True
    assert member.client.get("/api/v1/staff/me/alerts").json() == r.json()
    r = member.client.post("/api/v1/staff/me/alerts/verify", json={"code": code})
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"

    # Another time for the same address keeps it verified and sends no new code; the language stays.
    r = member.client.put("/api/v1/staff/me/alerts", json={"email": to.upper(), "digest_time": "17:00"})
    assert r.json() == {"email": to, "email_verified": True, "digest_time": "17:00", "language": "fr", "immediate_signals": True}
    # Off: no address, no digest.
    r = member.client.put("/api/v1/staff/me/alerts", json={"email": None, "digest_time": None})
    assert r.json() == {"email": None, "email_verified": False, "digest_time": None, "language": "fr", "immediate_signals": True}
    time.sleep(0.5)
    assert len(sink.to(to)) == 1

    # Only a staff member's own session: a household's token or none is 401.
    h = household(server.url, operator)
    assert h.client.get("/api/v1/staff/me/alerts").status_code == 401
    r = httpx.put(server.url + "/api/v1/staff/me/alerts", json={"email": None, "digest_time": None})
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"


def test_one_digest_a_day_of_the_organisations_clients_with_new_alerts(digesting, sink) -> None:
    server, operator, clock, env = digesting
    org = new_organisation(server)
    member = org.add_member("Sam Maatschappelijk Werker")
    elsewhere = new_organisation(server).add_member("Kim Elders")
    followed = household(server.url, operator, name=f"Familie Volg {uuid.uuid4().hex[:4]}")
    ended = household(server.url, operator, name=f"Familie Einde {uuid.uuid4().hex[:4]}")
    today = datetime.now(BRUSSELS).date()
    # Everything happens two days back, at noon; tokens stay valid when the clock goes back.
    noon = datetime.combine(today - timedelta(days=2), clock_time(12, 0), BRUSSELS)
    try:
        move_clock(clock, noon)
        to = set_digest(member, sink, digest_time="20:00", language="nl")
        other = set_digest(elsewhere, sink, digest_time="20:00", language="en")
        give_mandate(followed, member)
        give_mandate(ended, member)
        mine = [m for m in ended.client.get("/api/v1/mandates").json() if m["organisation"] == org.name]
        assert ended.client.delete(f"/api/v1/mandates/{mine[0]['mandate_id']}").status_code == 204
        # Both households' balances fall below the default € 5,00: each enters an alert state.
        for h in (followed, ended):
            h.push(300, at=noon + timedelta(seconds=30))
            assert any(n["kind"] == "balance_low" for n in h.notifications()["items"])
        time.sleep(1)  # several sender rounds before the digest time: nothing
        assert digests(sink, to) == [] and digests(sink, other) == []

        # The digest time of the next day: the server's sender writes and sends it ...
        move_clock(clock, datetime.combine(today - timedelta(days=1), clock_time(20, 0, 30), BRUSSELS))
        deadline = time.monotonic() + 15
        while not digests(sink, to) and time.monotonic() < deadline:
            time.sleep(0.1)
        # ... and a second sender, a worker process, finds nothing left to write or send.
        assert worker_once(server.database, env).strip() == "sent 0"
        time.sleep(1)
        found = digests(sink, to)
        assert len(found) == 1, [m.message["Subject"] for m in found]
        mail = found[0]
        assert mail.message["Subject"] == "budgetmeter: 1 cliënt met een nieuwe melding"
        for body in (mail.text, mail.html):
            assert "Familie Volg" in body and "9000" in body and "saldo laag (elektriciteit)" in body
            assert "levert" in body  # the meter's status now
            assert "Familie Einde" not in body  # the mandate ended
            assert followed.code not in body and followed.eans[0] not in body
            assert member.token not in body and followed.client.headers["Authorization"][7:] not in body
        assert "Sam Maatschappelijk Werker" in mail.text
        # Another organisation's member hears nothing of these clients: no digest at all.
        assert digests(sink, other) == []

        # Later that day, and the next day with nothing new: no further mail.
        move_clock(clock, datetime.combine(today - timedelta(days=1), clock_time(23, 0), BRUSSELS))
        assert worker_once(server.database, env).strip() == "sent 0"
        move_clock(clock, datetime.combine(today, clock_time(20, 5), BRUSSELS))
        assert worker_once(server.database, env).strip() == "sent 0"
        time.sleep(1)
        assert len(digests(sink, to)) == 1 and digests(sink, other) == []
    finally:
        clock.write_text("0")


def test_the_digest_is_in_the_members_language_and_lists_each_client_once(digesting, sink) -> None:
    server, operator, clock, env = digesting
    member = new_organisation(server).add_member("Alex Helper")
    households = [household(server.url, operator, name=f"Household {i} {uuid.uuid4().hex[:4]}") for i in range(2)]
    today = datetime.now(BRUSSELS).date()
    morning = datetime.combine(today - timedelta(days=3), clock_time(6, 0), BRUSSELS)
    try:
        move_clock(clock, morning)
        to = set_digest(member, sink, digest_time="08:15", language="en")
        for h in households:
            give_mandate(h, member)
            h.push(300, at=morning + timedelta(seconds=20))
        # The same client again, in emergency credit: one line, both alerts.
        households[0].push(-100, at=morning + timedelta(seconds=40), emergency_credit_in_use=True)
        move_clock(clock, datetime.combine(today - timedelta(days=3), clock_time(8, 15), BRUSSELS))
        mail = sink.wait_for(to, 2)[1]
        assert mail.message["Subject"] == "budgetmeter: 2 clients with a new alert"
        lines = [line for line in mail.text.splitlines() if line.startswith("- ")]
        assert len(lines) == 2, mail.text
        first = next(line for line in lines if households[0].client.get("/api/v1/me").json()["display_name"] in line)
        assert "balance low (electricity)" in first and "emergency credit started (electricity)" in first
        assert "now: electricity: on emergency credit" in first
        assert re.search(r'<html lang="en">', mail.html) and "<li>" in mail.html
    finally:
        clock.write_text("0")
