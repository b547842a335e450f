"""Supply signals (issue 21) against the real server and `budgetmeter-server sweep`, on SQLite and
PostgreSQL, with the server's test clock to let time pass: each kind once per episode, a replayed
reading makes no second signal, two sweeps at once make one, the household's notice and mail, and the
staff's follow-up (another organisation's signal is 404; the household sees who followed up).

Seed 002: "Als ook dit laatste krediet uitgeput is, wordt uw meter afgesloten en krijgt u geen energie
meer geleverd." (interrupted); seed 001: "De stroombegrenzer in de budgetmeter zal er voor zorgen dat
de geleverde elektriciteit slechts 10 ampère is." (minimum supply)."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid

import pytest

from .alert_helpers import household, let_pass, mail_world, server_now, sink, verify_email  # noqa: F401 (sink: a fixture)
from .operator_helpers import ENV, ROOT
from .staff_helpers import new_organisation

H = 3600
INTERRUPTED = {"emergency_credit_in_use": True, "emergency_credit_available_cents": 0}
ON_EMERGENCY_CREDIT = {"emergency_credit_in_use": True, "emergency_credit_available_cents": 1000}


@pytest.fixture(scope="module")
def world(make_server, sink, tmp_path_factory):
    with mail_world(make_server, sink, tmp_path_factory) as world:
        yield world


def _sweep_command(server) -> list[str]:
    return [sys.executable, "-m", "server", "sweep", "--database", server.database]


def _sweep_env(clock) -> dict[str, str]:
    return {**ENV, "BUDGETMETER_CLOCK_OFFSET_FILE": str(clock)}


def sweep(server, clock) -> subprocess.CompletedProcess:
    done = subprocess.run(_sweep_command(server), capture_output=True, text=True, env=_sweep_env(clock), cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return done


def kinds(h) -> list[str]:
    h.log_in()  # the clock moved past the old token's idle time
    return [n["kind"] for n in h.notifications()["items"]]


def test_off_supply_starts_once_after_six_hours_and_mails_what_to_do(world, sink) -> None:
    server, operator, clock = world
    h = household(server.url, operator, name="Mona Afgesloten")
    address = verify_email(h, sink)
    event = h.push(-7000, at=server_now(clock), **INTERRUPTED)
    sweep(server, clock)
    assert "off_supply" not in kinds(h)  # not six hours yet
    let_pass(clock, 6 * H + 60)
    sweep(server, clock)
    sweep(server, clock)
    assert kinds(h).count("off_supply") == 1
    assert event["results"][0]["status"] == "applied"
    deadline = time.monotonic() + 15
    while not (mail := [m for m in sink.to(address) if "minimumlevering van elektriciteit" in m.text]):
        assert time.monotonic() < deadline, [m.text for m in sink.to(address)]
        time.sleep(0.2)
    assert len(mail) == 1
    text = mail[0].text
    assert "Laad minstens" in text and "minimumlevering van elektriciteit" in text
    assert "oplaadpunt" in text.lower()


def test_a_replayed_reading_makes_no_second_signal(world) -> None:
    server, operator, clock = world
    h = household(server.url, operator)
    at = server_now(clock)
    reading = {"event_id": f"r-{uuid.uuid4().hex}", "ean": h.eans[0], "read_at": at.isoformat(), "balance_cents": -7000,
               "emergency_credit_available_cents": 0, "emergency_credit_in_use": True, "minimum_supply_active": False}
    assert operator.post("/api/v1/operator/meter-readings", json={"readings": [reading]}).status_code == 200
    let_pass(clock, 7 * H)
    # A new reading still interrupted: the ingest itself judges the signal (no sweep needed).
    h.push(-7100, at=server_now(clock), **INTERRUPTED)
    assert kinds(h).count("off_supply") == 1
    r = operator.post("/api/v1/operator/meter-readings", json={"readings": [reading]})
    assert r.json()["results"][0]["status"] != "applied"
    sweep(server, clock)
    assert kinds(h).count("off_supply") == 1


def test_limited_supply_and_emergency_credit_long_start_once(world) -> None:
    server, operator, clock = world
    limited = household(server.url, operator)
    limited.push(-6000, at=server_now(clock), minimum_supply_active=True)
    credit = household(server.url, operator)
    credit.push(-6000, at=server_now(clock), **ON_EMERGENCY_CREDIT)
    let_pass(clock, 71 * H)
    sweep(server, clock)
    assert "limited_supply_long" not in kinds(limited) and "emergency_credit_long" not in kinds(credit)
    let_pass(clock, 2 * H)
    sweep(server, clock)
    sweep(server, clock)
    assert kinds(limited).count("limited_supply_long") == 1
    assert kinds(credit).count("emergency_credit_long") == 1


def test_two_sweeps_at_once_make_one_signal(world) -> None:
    """Several workers on PostgreSQL, or a cron `sweep` beside the server's own on SQLite: one signal."""
    server, operator, clock = world
    homes = [household(server.url, operator) for _ in range(5)]
    for h in homes:
        h.push(-7000, at=server_now(clock), **INTERRUPTED)
    let_pass(clock, 7 * H)
    runs = [subprocess.Popen(_sweep_command(server), env=_sweep_env(clock), cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in runs]
    assert all(p.returncode == 0 for p in runs), outs
    for h in homes:
        assert kinds(h).count("off_supply") == 1


def test_staff_follow_up_with_isolation_and_the_household_sees_who(world) -> None:
    server, operator, clock = world
    clock.write_text("0")  # staff log in with an authenticator code of the real time
    h = household(server.url, operator, name="Karim Zonder Stroom")
    org, other = new_organisation(server), new_organisation(server)
    member = org.add_member("Sara Opvolger")
    code = h.client.post("/api/v1/mandates/share-codes", json={"permissions": ["view"]}).json()["share_code"]
    assert member.client.post("/api/v1/caseload", json={"share_code": code}).status_code == 201
    h.push(-7000, at=server_now(clock), **INTERRUPTED)
    let_pass(clock, 7 * H)
    sweep(server, clock)
    clock.write_text("0")  # back to the real time: the staff tokens were last used then
    org2 = other.admin
    page = member.client.get("/api/v1/organisation/signals", params={"status": "open"}).json()
    mine = [s for s in page["items"] if s["client_id"] and s["display_name"] == "Karim Zonder Stroom"]
    assert len(mine) == 1 and mine[0]["kind"] == "off_supply" and mine[0]["status"] == "open"
    signal_id = mine[0]["signal_id"]
    assert org2.client.get("/api/v1/organisation/signals").json()["items"] == []
    assert org2.client.post(f"/api/v1/organisation/signals/{signal_id}/acknowledge", json={"note": "x"}).status_code == 404
    assert member.client.post(f"/api/v1/organisation/signals/{signal_id}/acknowledge", json={"note": "x" * 501}).status_code == 422
    r = member.client.post(f"/api/v1/organisation/signals/{signal_id}/acknowledge", json={"note": "Gebeld, kom morgen langs"})
    assert r.status_code == 200 and r.json()["status"] == "acknowledged" and r.json()["acknowledged_by"] == "Sara Opvolger"
    r = member.client.post(f"/api/v1/organisation/signals/{signal_id}/resolve", json={"note": "Opgeladen samen met OCMW"})
    assert r.json()["status"] == "resolved"
    assert member.client.get("/api/v1/organisation/signals", params={"status": "resolved"}).json()["items"][0]["signal_id"] == signal_id
    h.log_in()
    log = h.client.get("/api/v1/access-log").json()["items"]
    follow = [e for e in log if e["method"].startswith("signal_")]
    assert [(e["method"], e["helper_name"], e["note"]) for e in follow] == [
        ("signal_resolved", "Sara Opvolger", "Opgeladen samen met OCMW"),
        ("signal_acknowledged", "Sara Opvolger", "Gebeld, kom morgen langs"),
    ]
