"""The staff side of supply signals (issue 21) against the real server, on SQLite and PostgreSQL: the
caseload rows carry their signals and open ones come first (and the CSV names them), a member's
`immediate_signals` mail at once through a real SMTP server (aiosmtpd), the daily digest listing
signals first, and `heating_dropped` end to end: a gas meter's readings through the operator API in the
winter period (the server's test clock), `budgetmeter-server sweep`, the signal on the staff's list.

Seed 002: "Als ook dit laatste krediet uitgeput is, wordt uw meter afgesloten en krijgt u geen energie
meer geleverd." (interrupted). Seed 001: "Tijdens de winterperiode (1 december tot 1 maart) zijn er
voorwaarden voor een minimale levering van gas en elektriciteit." (the winter period)."""

from __future__ import annotations

import csv
import io
import time
import uuid
from datetime import date, datetime, time as clock_time, timedelta, timezone

import httpx
import pytest

from server.rules.winter import in_winter_period, next_winter_period
from tests.mailsink import MailSink

from .alert_helpers import Household, code_in, household, mail_world, sink  # noqa: F401 (sink: a fixture)
from .operator_helpers import account_body, fresh_code, fresh_ean, fresh_ref, reading
from .staff_helpers import Member, new_organisation
from .test_signals import INTERRUPTED, sweep
from .test_staff_digest import BRUSSELS, address, digests, give_mandate, move_clock, set_digest

H = 3600


@pytest.fixture(scope="module")
def world(make_server, sink, tmp_path_factory):
    with mail_world(make_server, sink, tmp_path_factory) as world:
        yield world


def off_supply_since(h: Household, start: datetime) -> None:
    """Interrupted from `start` and still now: the second reading starts off_supply in the ingest itself
    once `start` is 6 hours back (no sweep needed)."""
    h.push(-7000, at=start, **INTERRUPTED)
    h.push(-7050, at=start + timedelta(hours=7), **INTERRUPTED)


def caseload_names(member: Member, **params) -> list[str]:
    r = member.client.get("/api/v1/caseload", params=params)
    assert r.status_code == 200, r.text
    return [c["display_name"] for c in r.json()["clients"]]


def test_caseload_rows_carry_their_signals_open_ones_first(world) -> None:
    server, operator, _ = world
    member = new_organisation(server).add_member("Sara Opvolger")
    # Both interrupted, so equally urgent: by name "Aa" would come first; Zz's open signal puts it first.
    just_now = household(server.url, operator, name="Aa Net Afgesloten")
    signalled = household(server.url, operator, name="Zz Lang Afgesloten")
    for h in (just_now, signalled):
        give_mandate(h, member)
    just_now.push(-7000, **INTERRUPTED)
    off_supply_since(signalled, datetime.now(timezone.utc) - timedelta(hours=7))

    page = member.client.get("/api/v1/caseload").json()
    assert [c["display_name"] for c in page["clients"]] == ["Zz Lang Afgesloten", "Aa Net Afgesloten"]
    first, second = page["clients"]
    assert second["signals"] == []
    [signal] = first["signals"]
    assert signal["kind"] == "off_supply" and signal["status"] == "open" and signal["energy"] == "electricity"
    assert signal["ean"] == signalled.eans[0]
    assert abs(datetime.fromisoformat(signal["since"]).timestamp() - (time.time() - 7 * H)) < 120
    # One page at a time gives the same order.
    seen, cursor = [], None
    while True:
        r = member.client.get("/api/v1/caseload", params={"limit": 1, **({"cursor": cursor} if cursor else {})}).json()
        seen += [c["display_name"] for c in r["clients"]]
        if not (cursor := r["next_cursor"]):
            break
    assert seen == ["Zz Lang Afgesloten", "Aa Net Afgesloten"]

    # The CSV names the meter's signals.
    rows = list(csv.DictReader(io.StringIO(member.client.get("/api/v1/caseload/export.csv").text)))
    assert [(r["display_name"], r["signals"]) for r in rows] == [("Zz Lang Afgesloten", "off_supply"), ("Aa Net Afgesloten", "")]

    # Acknowledged: still on the row, no longer first. Resolved: gone from the row.
    path = f"/api/v1/organisation/signals/{signal['signal_id']}"
    assert member.client.post(f"{path}/acknowledge", json={"note": "Gebeld"}).status_code == 200
    page = member.client.get("/api/v1/caseload").json()
    assert [c["display_name"] for c in page["clients"]] == ["Aa Net Afgesloten", "Zz Lang Afgesloten"]
    assert [s["status"] for s in page["clients"][1]["signals"]] == ["acknowledged"]
    assert member.client.post(f"{path}/resolve", json={"note": "Opgeladen"}).status_code == 200
    assert [c["signals"] for c in member.client.get("/api/v1/caseload").json()["clients"]] == [[], []]
    rows = list(csv.DictReader(io.StringIO(member.client.get("/api/v1/caseload/export.csv").text)))
    assert [r["signals"] for r in rows] == ["", ""]


def set_address(member: Member, sink: MailSink, **extra) -> dict:
    to = address()
    r = member.client.put("/api/v1/staff/me/alerts", json={"email": to, "digest_time": None, **extra})
    assert r.status_code == 200, r.text
    r = member.client.post("/api/v1/staff/me/alerts/verify", json={"code": code_in(sink.wait_for(to)[0].text)})
    assert r.status_code == 200 and r.json()["email_verified"] is True, r.text
    return r.json()


def test_immediate_signals_mail_at_once_unless_turned_off(world, sink) -> None:
    server, operator, _ = world
    org = new_organisation(server)
    on, off = org.add_member("Sara Opvolger"), org.add_member("Tom Liever Niet")
    elsewhere = new_organisation(server).add_member("Kim Elders")
    # Never set: on, as its first save leaves it.
    assert on.client.get("/api/v1/staff/me/alerts").json()["immediate_signals"] is True
    mine = set_address(on, sink, language="fr")
    assert mine["immediate_signals"] is True
    theirs = set_address(off, sink, immediate_signals=False)
    assert theirs["immediate_signals"] is False
    other = set_address(elsewhere, sink)
    # Left out of a later save: as before.
    r = off.client.put("/api/v1/staff/me/alerts", json={"email": theirs["email"], "digest_time": "08:00"})
    assert r.json()["immediate_signals"] is False and r.json()["email_verified"] is True
    bad = on.client.put("/api/v1/staff/me/alerts", json={"email": mine["email"], "digest_time": None, "immediate_signals": "ja"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "validation_error"

    h = household(server.url, operator, name="Karim Zonder Stroom")
    give_mandate(h, on)
    off_supply_since(h, datetime.now(timezone.utc) - timedelta(hours=7))
    [mail] = [m for m in sink.wait_for(mine["email"], 2) if "Karim" in m.message["Subject"]]
    assert mail.message["Subject"] == "Signal : Karim Zonder Stroom (plus de fourniture, électricité)"
    assert "Sara Opvolger" in mail.text and "Signaux" in mail.text
    for body in (mail.text, mail.html):  # nothing behind the staff log-in leaves by mail
        assert h.code not in body and h.eans[0] not in body
        assert on.token not in body and "7000" not in body and "70,00" not in body
    time.sleep(1.5)  # several sender rounds: nothing for the member who turned it off, nor another organisation
    # Only the signal mail counts: theirs keeps its 08:00 digest, which (run after 08:00 Belgian time)
    # rightly lists Karim's signal under its own subject, "1 client with a new alert".
    def signal_mails(to: str) -> list[str]:
        return [m.message["Subject"] for m in sink.to(to) if "Karim" in m.message["Subject"]]
    assert signal_mails(theirs["email"]) == [] and signal_mails(other["email"]) == []
    assert len(sink.to(other["email"])) == 1  # its code; another organisation's client is in no digest
    # One mail per signal: a later reading of the same episode sends nothing more.
    h.push(-7100, **INTERRUPTED)
    time.sleep(1)
    assert len(signal_mails(mine["email"])) == 1


def test_the_digest_lists_signals_first(world, sink) -> None:
    server, operator, clock = world
    member = new_organisation(server).add_member("Alex Helper")
    low = household(server.url, operator, name=f"Household Low {uuid.uuid4().hex[:4]}")
    off = household(server.url, operator, name=f"Household Off {uuid.uuid4().hex[:4]}")
    today = datetime.now(BRUSSELS).date()
    noon = datetime.combine(today - timedelta(days=2), clock_time(12, 0), BRUSSELS)
    try:
        move_clock(clock, noon)
        to = set_digest(member, sink, digest_time="20:00", language="en")
        for h in (low, off):
            give_mandate(h, member)
        low.push(300, at=noon + timedelta(seconds=20))  # balance low: an alert
        off.push(-7000, at=noon - timedelta(hours=7), **INTERRUPTED)
        off.push(-7050, at=noon + timedelta(seconds=30), **INTERRUPTED)  # off supply for 7 hours: a signal
        move_clock(clock, datetime.combine(today - timedelta(days=1), clock_time(20, 0, 30), BRUSSELS))
        deadline = time.monotonic() + 15
        while not digests(sink, to) and time.monotonic() < deadline:
            time.sleep(0.1)
        [mail] = digests(sink, to)
        assert mail.message["Subject"] == "budgetmeter: 2 clients with a new alert"
        text = mail.text
        signals_at, alerts_at = text.index("Signals: these clients"), text.index("These clients entered an alert state")
        off_at, low_at = text.index("Household Off"), text.index("Household Low")
        assert signals_at < off_at < alerts_at < low_at, text
        assert "off supply (electricity)" in text.splitlines()[[i for i, line in enumerate(text.splitlines()) if "Household Off" in line][0]]
        assert mail.html.index("Household Off") < mail.html.index("Household Low")
        assert off.code not in text and off.eans[0] not in text
    finally:
        clock.write_text("0")


def a_winter_day(today: date) -> date:
    """`today` when it is in the winter period, else the 15th day of the next one."""
    return today if in_winter_period(today) else next_winter_period(today)[0] + timedelta(days=14)


def gas_household(server, operator: httpx.Client, name: str) -> Household:
    code, ean = fresh_code(), fresh_ean()
    body = account_body(code, (ean, "gas"))
    body["display_name"] = name
    r = operator.put(f"/api/v1/operator/accounts/{fresh_ref()}", json=body)
    assert r.status_code == 200, r.text
    client = httpx.Client(base_url=server.url, timeout=15, headers={"X-Forwarded-For": "192.0.2.251"})
    r = client.post("/api/v1/auth/prepaid", json={"prepaid_code": code, "postal_code": "9000"})
    assert r.status_code == 200, r.text
    client.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
    return Household(code, [ean], client, operator)


def test_heating_dropped_end_to_end(world) -> None:
    """A gas meter that used € 3,00 a day for 30 days, then € 0,10 a day for 3 days with € 4,00 left, in
    the winter period: the sweep starts heating_dropped once, and the household's social worker sees it."""
    server, operator, clock = world
    clock.write_text("0")
    member = new_organisation(server).add_member("Sara Opvolger")
    h = gas_household(server, operator, "Familie Koud")
    give_mandate(h, member)
    winter_day = a_winter_day(datetime.now(BRUSSELS).date())
    at_noon = lambda d: datetime.combine(d, clock_time(12, 0), BRUSSELS)  # noqa: E731
    balance, readings = 9430, []
    for back in range(34, 0, -1):  # the days before winter_day, oldest first
        day = winter_day - timedelta(days=back)
        if back < 34:
            balance -= 300 if back > 3 else 10
        readings.append(reading(f"gas-{h.eans[0]}-{back}", h.eans[0], at_noon(day).isoformat(), balance))
    assert balance == 400
    try:
        move_clock(clock, at_noon(winter_day) + timedelta(minutes=5))
        r = operator.post("/api/v1/operator/meter-readings", json={"readings": readings})
        assert r.status_code == 200 and r.json()["applied"] == 34, r.text
        sweep(server, clock)
        sweep(server, clock)
    finally:
        clock.write_text("0")  # the staff token was last used at the real time
    items = member.client.get("/api/v1/organisation/signals", params={"status": "open"}).json()["items"]
    assert [(s["display_name"], s["kind"], s["energy"], s["ean"]) for s in items] == [
        ("Familie Koud", "heating_dropped", "gas", h.eans[0])
    ]
    # Since the first of the three low days, at midnight in Brussels.
    since = datetime.fromisoformat(items[0]["since"])
    assert since == datetime.combine(winter_day - timedelta(days=3), clock_time(0), BRUSSELS)
    [row] = member.client.get("/api/v1/caseload").json()["clients"]
    assert [s["kind"] for s in row["signals"]] == ["heating_dropped"]
