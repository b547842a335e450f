"""Alerts (README, "Alerts") against the real server process and a real SMTP server on loopback
(aiosmtpd), on SQLite and PostgreSQL: settings and their defaults, email verification, one mail per
episode and re-arming, the mail's language and contents, quiet hours with the server's injectable
clock, and a mail server that is down while alerts fire."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.mailsink import MailSink

from .alert_helpers import FAST_MAIL, Household, household, mail_world, settings_body, sink, verify_email  # noqa: F401 (sink: a fixture)
from .operator_helpers import ENV, ROOT, account_body, create_key, fresh_code, fresh_ean, fresh_ref, operator_client

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture(scope="module")
def alerting(make_server, sink, tmp_path_factory):
    """A server with mail on, and its clock file (offset 0: the real time)."""
    with mail_world(make_server, sink, tmp_path_factory) as world:
        yield world


def test_settings_have_the_designed_defaults_and_refuse_bad_input(alerting) -> None:
    server, operator, _ = alerting
    h = household(server.url, operator)
    r = h.client.get("/api/v1/alerts/settings")
    assert r.status_code == 200
    assert r.json() == {
        "email": None,
        "email_verified": False,
        "rules": {"balance_below_cents": 500, "days_left_at_most": 3, "emergency_credit": True,
                  "minimum_supply": True, "topup_loaded": True},
        "quiet_hours": {"start": "22:00", "end": "07:00"},
    }
    for bad in (
        settings_body("not-an-address"),
        {**settings_body(None), "quiet_hours": {"start": "24:00", "end": "07:00"}},
        settings_body(None, balance_below_cents=-1),
        settings_body(None, balance_below_cents="500"),
        settings_body(None, days_left_at_most="3"),
        settings_body(None, emergency_credit=0),
        {**settings_body(None), "unknown": 1},
    ):
        r = h.client.put("/api/v1/alerts/settings", json=bad)
        assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error", (bad, r.text)
    # Quiet hours off, thresholds changed: kept as given.
    r = h.client.put("/api/v1/alerts/settings", json=settings_body(None, balance_below_cents=1000, topup_loaded=False))
    assert r.status_code == 200
    assert r.json()["quiet_hours"] is None and r.json()["rules"]["balance_below_cents"] == 1000
    assert h.client.get("/api/v1/alerts/settings").json() == r.json()
    # A method the path does not have: 405 naming both of its methods (two routes share the path).
    r = h.client.request("DELETE", "/api/v1/alerts/settings")
    assert r.status_code == 405 and r.headers["Allow"] == "GET, HEAD, PUT"
    h.client.headers.pop("Authorization")
    assert h.client.get("/api/v1/alerts/settings").status_code == 401


def test_an_address_is_verified_by_the_code_from_the_mail_and_wrong_codes_are_throttled(alerting, sink) -> None:
    server, operator, _ = alerting
    h = household(server.url, operator)
    address = f"klant-{uuid.uuid4().hex[:12]}@example.test"
    assert h.client.post("/api/v1/alerts/email/verify", json={"code": "123456"}).status_code == 409
    r = h.client.put("/api/v1/alerts/settings", json=settings_body(address))
    assert r.status_code == 200 and r.json()["email"] == address and r.json()["email_verified"] is False
    mail = sink.wait_for(address)[0]
    code = re.findall(r"\b[0-9]{6}\b", mail.text)[0]
    assert code in mail.html
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    r = h.client.post("/api/v1/alerts/email/verify", json={"code": wrong})
    assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_credentials"
    assert h.client.post("/api/v1/alerts/email/verify", json={"code": "12345"}).status_code == 422
    r = h.client.post("/api/v1/alerts/email/verify", json={"code": code})
    assert r.status_code == 200 and r.json()["email_verified"] is True
    # Saving the same address again keeps it verified and sends no new code.
    assert h.client.put("/api/v1/alerts/settings", json=settings_body(address)).json()["email_verified"] is True
    time.sleep(1)
    assert len(sink.to(address)) == 1

    # A new address: five wrong codes lock the check, even for the right code.
    other = f"klant-{uuid.uuid4().hex[:12]}@example.test"
    assert h.client.put("/api/v1/alerts/settings", json=settings_body(other)).json()["email_verified"] is False
    code = re.findall(r"\b[0-9]{6}\b", sink.wait_for(other)[0].text)[0]
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    answers = [h.client.post("/api/v1/alerts/email/verify", json={"code": wrong}).status_code for _ in range(5)]
    assert answers == [401, 401, 401, 401, 429]
    r = h.client.post("/api/v1/alerts/email/verify", json={"code": code})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0


def test_an_expired_code_is_refused_and_saving_the_address_again_sends_a_new_one(alerting, sink) -> None:
    server, operator, clock = alerting
    h = household(server.url, operator)
    address = f"klant-{uuid.uuid4().hex[:12]}@example.test"
    assert h.client.put("/api/v1/alerts/settings", json=settings_body(address)).status_code == 200
    old = re.findall(r"\b[0-9]{6}\b", sink.wait_for(address)[0].text)[0]
    try:
        clock.write_text(str(31 * 60))  # the code is valid for 30 minutes
        h.log_in()
        r = h.client.post("/api/v1/alerts/email/verify", json={"code": old})
        assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_credentials"
        assert h.client.put("/api/v1/alerts/settings", json=settings_body(address)).status_code == 200
        new = re.findall(r"\b[0-9]{6}\b", sink.wait_for(address, 2)[1].text)[0]
        if new != old:
            assert h.client.post("/api/v1/alerts/email/verify", json={"code": old}).status_code == 401
        assert h.client.post("/api/v1/alerts/email/verify", json={"code": new}).json()["email_verified"] is True
    finally:
        clock.write_text("0")


def test_codes_are_sent_at_most_five_times_an_hour(alerting, sink) -> None:
    server, operator, _ = alerting
    h = household(server.url, operator)
    statuses = [
        h.client.put("/api/v1/alerts/settings", json=settings_body(f"k{i}-{uuid.uuid4().hex[:8]}@example.test")).status_code
        for i in range(6)
    ]
    assert statuses == [200, 200, 200, 200, 200, 429]


def test_one_mail_per_episode_and_it_re_arms_when_the_balance_recovers(alerting, sink) -> None:
    server, operator, _ = alerting
    h = household(server.url, operator)
    address = verify_email(h, sink)
    start = datetime.now(timezone.utc) - timedelta(minutes=30)
    h.push(1200, at=start)
    assert h.push(400, at=start + timedelta(minutes=1))["applied"] == 1  # below 5,00: an episode starts
    assert h.push(300, at=start + timedelta(minutes=2))["applied"] == 1  # still below: no second alert
    mails = sink.wait_for(address, 2)  # the code, then the alert
    time.sleep(1.5)
    assert len(sink.to(address)) == 2
    notes = h.notifications()
    assert [n["kind"] for n in notes["items"]] == ["balance_low"] and notes["unread"] == 1
    assert "4,00" in mails[1].text  # the balance when the episode began
    h.push(900, at=start + timedelta(minutes=3))  # recovered: re-armed
    h.push(250, at=start + timedelta(minutes=4))  # below again: a second episode
    sink.wait_for(address, 3)
    time.sleep(1.5)
    assert len(sink.to(address)) == 3
    assert [n["kind"] for n in h.notifications()["items"]] == ["balance_low", "balance_low"]


def test_a_replayed_batch_and_a_stale_reading_fire_nothing_again(alerting, sink) -> None:
    server, operator, _ = alerting
    h = household(server.url, operator)
    address = verify_email(h, sink)
    at = datetime.now(timezone.utc) - timedelta(minutes=10)
    batch = {"readings": [
        {"event_id": f"rp-{uuid.uuid4().hex}", "ean": h.eans[0], "read_at": (at + timedelta(minutes=i)).isoformat(),
         "balance_cents": b, "emergency_credit_available_cents": 2000, "emergency_credit_in_use": False,
         "minimum_supply_active": False}
        for i, b in enumerate((800, 100, 900, 50))
    ]}
    first = operator.post("/api/v1/operator/meter-readings", json=batch).json()
    assert first["applied"] == 4
    for _ in range(3):
        assert operator.post("/api/v1/operator/meter-readings", json=batch).json()["duplicate"] == 4
    h.push(2000, at=at - timedelta(hours=1))  # older than the current state: stale, no alert
    sink.wait_for(address, 3)  # the code and one mail per episode (100, then 50 after 900)
    time.sleep(1.5)
    assert len(sink.to(address)) == 3
    assert [n["kind"] for n in h.notifications()["items"]] == ["balance_low", "balance_low"]


@pytest.mark.parametrize("language, words", [
    ("nl", ("noodkrediet", "volgende oplading", "Oplaadpunten")),
    ("fr", ("crédit de secours", "prochaine recharge", "Points de recharge")),
    ("de", ("Notkredit", "nächsten Aufladung", "Aufladestellen")),
    ("en", ("emergency credit", "next top-up", "Top-up points")),
])
def test_the_mail_is_in_the_accounts_language_with_the_balance_and_its_meaning_and_no_secret(
    alerting, sink, language, words
) -> None:
    server, operator, _ = alerting
    h = household(server.url, operator, language=language, name="Lea Janssens")
    address = verify_email(h, sink, balance_below_cents=0, days_left_at_most=0)
    # seed 002: emergency credit "bij uw volgende oplaadbeurt ... moeten terugbetalen".
    h.push(-320, emergency_credit_in_use=True, emergency_credit_available_cents=1680)
    alert = sink.wait_for(address, 2)[1]
    assert alert.message["Subject"] and alert.message.get_body(("plain",)) and alert.message.get_body(("html",))
    for text in (alert.text, alert.html):
        assert "Lea Janssens" in text
        assert "3,20" in text  # the balance, Belgian format
        for w in words:
            assert w in text, (language, w, text)
        # Never the Prepaid-code, a token or the meter's EAN.
        assert h.code not in text.replace(" ", "") and h.eans[0] not in text
        assert h.client.headers["Authorization"].split()[1] not in text
        assert "bmk_" not in text
    note = h.notifications()["items"][0]
    assert note["kind"] == "emergency_credit_started" and note["title"] == alert.message["Subject"]


def test_minimum_supply_mail_says_10_amperes(alerting, sink) -> None:
    server, operator, _ = alerting
    h = household(server.url, operator, language="nl")
    address = verify_email(h, sink, balance_below_cents=0, days_left_at_most=0)
    h.push(-5000, minimum_supply_active=True)
    alert = sink.wait_for(address, 2)[1]
    # seed 001: "De stroombegrenzer ... slechts 10 ampère ... 2300 Watt"
    assert "10 ampère" in alert.text and "2300 watt" in alert.text


def test_a_loaded_topup_is_noticed_once(alerting, sink) -> None:
    server, operator, _ = alerting
    h = household(server.url, operator)
    address = verify_email(h, sink)
    h.push(3000)
    topup = {"topups": [{"event_id": f"t-{uuid.uuid4().hex}", "ean": h.eans[0], "amount_cents": 2500,
                         "loaded_at": datetime.now(timezone.utc).isoformat(), "channel": "terminal"}]}
    assert operator.post("/api/v1/operator/topups", json=topup).json()["applied"] == 1
    assert operator.post("/api/v1/operator/topups", json=topup).json()["duplicate"] == 1
    mail = sink.wait_for(address, 2)[1]
    assert "25,00" in mail.message["Subject"]
    time.sleep(1)
    assert len(sink.to(address)) == 2
    assert [n["kind"] for n in h.notifications()["items"]] == ["topup_loaded"]


def test_notifications_page_count_and_mark_read(alerting) -> None:
    server, operator, _ = alerting
    h = household(server.url, operator, meters=2)
    other = household(server.url, operator)
    start = datetime.now(timezone.utc) - timedelta(hours=1)
    for i in range(3):  # three episodes on each meter: six notices, no mail (no address)
        for ean in h.eans:
            h.push(2000, ean=ean, at=start + timedelta(minutes=2 * i))
            h.push(100, ean=ean, at=start + timedelta(minutes=2 * i + 1))
    page = h.client.get("/api/v1/notifications", params={"limit": 4}).json()
    assert page["unread"] == 6 and len(page["items"]) == 4 and page["next_cursor"]
    rest = h.client.get("/api/v1/notifications", params={"limit": 4, "cursor": page["next_cursor"]}).json()
    assert len(rest["items"]) == 2 and rest["next_cursor"] is None
    ids = [n["id"] for n in page["items"] + rest["items"]]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 6
    first = page["items"][0]
    assert first["title"] and first["body"] and first["energy"] == "electricity" and first["read"] is False
    assert datetime.fromisoformat(first["at"]).utcoffset() is not None
    assert h.client.post(f"/api/v1/notifications/{first['id']}/read").status_code == 204
    assert h.client.post(f"/api/v1/notifications/{first['id']}/read").status_code == 204
    after = h.notifications()
    assert after["unread"] == 5 and after["items"][0]["read"] is True
    # Another client's notification is not found, and nothing changes for it.
    r = other.client.post(f"/api/v1/notifications/{ids[1]}/read")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert h.notifications()["unread"] == 5
    assert h.client.get("/api/v1/notifications", params={"cursor": "x"}).status_code == 422


def _next_brussels(after: float, hour: int, minute: int) -> float:
    local = datetime.fromtimestamp(after, BRUSSELS)
    target = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if target.timestamp() <= after:
        target = (local + timedelta(days=1)).replace(hour=hour, minute=minute, second=0, microsecond=0)
    return target.timestamp()


def test_quiet_hours_delay_the_mail_not_the_notice(alerting, sink) -> None:
    server, operator, clock = alerting
    h = household(server.url, operator)
    address = verify_email(h, sink, quiet_hours={"start": "22:00", "end": "07:00"})
    try:
        # The server's clock at 23:00 Belgian time: quiet.
        clock.write_text(str(_next_brussels(time.time(), 23, 0) - time.time()))
        h.push(100)
        h.log_in()  # the old token is hours idle on the moved clock
        assert h.notifications()["unread"] == 1  # the notice is there at once
        time.sleep(2.5)
        assert len(sink.to(address)) == 1  # only the code: the alert waits
        # 06:59 is still quiet; 07:00 is not.
        evening = time.time() + float(clock.read_text())
        clock.write_text(str(_next_brussels(evening, 6, 59) - time.time()))
        time.sleep(2)
        assert len(sink.to(address)) == 1
        clock.write_text(str(_next_brussels(evening, 7, 0) + 5 - time.time()))
        alert = sink.wait_for(address, 2)[1]
        assert "laag" in alert.message["Subject"]
    finally:
        clock.write_text("0")


def test_mail_waits_while_the_mail_server_is_down_and_arrives_once(make_server, tmp_path) -> None:
    sink = MailSink().start()
    try:
        server = make_server(env={**FAST_MAIL, "BUDGETMETER_SMTP_URL": sink.url})
        with operator_client(server.url, create_key(server.database)) as operator:
            homes = [household(server.url, operator) for _ in range(5)]
            addresses = [verify_email(h, sink) for h in homes]
            sink.stop()  # the mail server goes down
            start = datetime.now(timezone.utc) - timedelta(minutes=20)
            for h in homes:
                for i, balance in enumerate((1000, 100, 1000, 200)):  # two episodes each
                    h.push(balance, at=start + timedelta(minutes=i))
            time.sleep(3)  # several failed rounds with back-off
            sink.start()
            for address in addresses:
                sink.wait_for(address, 3, timeout=30)
            time.sleep(3)
            for address in addresses:
                got = sink.to(address)
                assert len(got) == 3, address
                ids = [m.message["Message-ID"] for m in got]
                assert len(set(ids)) == 3
        assert "cannot be reached" in server.log()
    finally:
        sink.stop()


def _worker(database: str, sink: MailSink, log_path: Path) -> subprocess.Popen:
    env = {**ENV, **FAST_MAIL, "BUDGETMETER_SMTP_URL": sink.url, "BUDGETMETER_TOPUP_INFO_URL": TOPUP_PAGE}
    return subprocess.Popen([sys.executable, "-m", "server", "worker", "--database", database],
                            env=env, cwd=ROOT, stdout=open(log_path, "wb"), stderr=subprocess.STDOUT)


TOPUP_PAGE = "https://opladen.example.test/punten"


def test_the_sender_words_the_alert_mail_when_it_goes_out(make_server, tmp_path) -> None:
    """The transaction that applies a reading queues only the alert's facts; the sender (here a
    `budgetmeter-server worker`, the API process has no mail settings) words the mail when it sends it:
    in the language the household has then, with the sender's own top-up page, and titled as the
    notice in the app."""
    sink = MailSink().start()
    server = make_server(env=FAST_MAIL)
    worker = _worker(server.database, sink, tmp_path / "worker-1.log")
    try:
        with operator_client(server.url, create_key(server.database)) as operator:
            ref, code, ean = fresh_ref(), fresh_code(), fresh_ean()
            body = {**account_body(code, (ean, "electricity")), "display_name": "Lea Janssens"}
            assert operator.put(f"/api/v1/operator/accounts/{ref}", json=body).status_code == 200
            client = httpx.Client(base_url=server.url, timeout=15, headers={"X-Forwarded-For": "192.0.2.251"})
            r = client.post("/api/v1/auth/prepaid", json={"prepaid_code": code, "postal_code": "9000"})
            assert r.status_code == 200, r.text
            client.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
            h = Household(code, [ean], client, operator)
            address = verify_email(h, sink)  # the worker sends the code
            worker.terminate()
            worker.wait(10)
            h.push(300)  # balance_low: its mail waits in the outbox, no sender is running
            body["language"] = "fr"  # the household's language changes before the mail goes out
            assert operator.put(f"/api/v1/operator/accounts/{ref}", json=body).status_code == 200
            worker = _worker(server.database, sink, tmp_path / "worker-2.log")
            alert = sink.wait_for(address, 2, timeout=30)[1]
            for text in (alert.text, alert.html):
                assert "Bonjour Lea Janssens" in text and "3,00" in text and TOPUP_PAGE in text, text
            note = h.notifications()["items"][0]
            assert note["kind"] == "balance_low" and note["title"] == alert.message["Subject"]
            time.sleep(1)
            assert len(sink.to(address)) == 2  # the code and one alert
            client.close()
        assert "Mail is off" in server.log()
    finally:
        worker.terminate()
        worker.wait(10)
        sink.stop()


def test_without_smtp_settings_notices_work_and_the_log_says_mail_is_off_once(make_server) -> None:
    server = make_server()
    with operator_client(server.url, create_key(server.database)) as operator:
        h = household(server.url, operator)
        h.push(100)
        assert [n["kind"] for n in h.notifications()["items"]] == ["balance_low"]
        r = h.client.put("/api/v1/alerts/settings", json=settings_body("x@example.test"))
        assert r.status_code == 200 and r.json()["email_verified"] is False
    assert server.log().count("Mail is off") == 1


def test_days_left_alert_from_the_meters_own_history(alerting, sink) -> None:
    """Days left as the balance answer computes them (the history's average daily cost once there are 7
    days of it): 1,00 a day, no emergency credit left, so 3,50 is 3 days."""
    server, operator, _ = alerting
    h = household(server.url, operator)
    address = verify_email(h, sink, balance_below_cents=0, days_left_at_most=3)
    # The history's days are Brussels days. The three new readings below lie on today there, seconds
    # apart; the ten before at noon of the days before. With "now minus d days" and "now minus 30
    # minutes", at 00:10 in Brussels the last old reading and the new one shared a day, and that day's
    # cost of 19,00 made 1 day left of 3.
    today = datetime.now(ZoneInfo("Europe/Brussels"))
    midnight = today.replace(hour=0, minute=0, second=0, microsecond=0)
    if today - midnight < timedelta(seconds=5):
        time.sleep(5)
    now = max(today - timedelta(minutes=30), midnight + timedelta(seconds=1))
    noon = midnight.replace(hour=12)
    history = [
        {"event_id": f"dl-{uuid.uuid4().hex}", "ean": h.eans[0], "read_at": (noon - timedelta(days=d)).isoformat(),
         "balance_cents": 2350 - 100 * (10 - d), "emergency_credit_available_cents": 0,
         "emergency_credit_in_use": False, "minimum_supply_active": False}
        for d in range(10, 0, -1)
    ]
    assert operator.post("/api/v1/operator/meter-readings", json={"readings": history}).json()["applied"] == 10
    assert h.notifications()["items"] == []  # 14 days and more left
    h.push(350, emergency_credit_available_cents=0, at=now)
    balance = h.client.get(f"/api/v1/meters/{h.eans[0]}/balance").json()
    assert balance["estimated_days_left"] == 3
    notes = h.notifications()["items"]
    assert [n["kind"] for n in notes] == ["days_left_low"] and "3" in notes[0]["title"]
    h.push(900, emergency_credit_available_cents=0, at=now + timedelta(seconds=1))  # 9 days: re-armed
    h.push(250, emergency_credit_available_cents=0, at=now + timedelta(seconds=2))  # 2 days: again
    assert [n["kind"] for n in h.notifications()["items"]] == ["days_left_low", "days_left_low"]
    assert "Nog 2 dagen" in sink.wait_for(address, 3)[2].message["Subject"]


def test_history_loaded_later_the_same_day_counts_for_days_left_at_once(alerting, sink) -> None:
    """The server keeps each meter's daily cost for the day (it is the average of completed days, which
    today's readings do not change). History of earlier days loaded after today's first reading does
    change it: the next reading is judged with it, not tomorrow."""
    server, operator, _ = alerting
    h = household(server.url, operator)
    verify_email(h, sink, balance_below_cents=0, days_left_at_most=3)
    now = datetime.now(timezone.utc)
    h.push(2000, emergency_credit_available_cents=0, at=now - timedelta(minutes=3))  # no history yet: no daily cost
    history = [
        {"event_id": f"late-{uuid.uuid4().hex}", "ean": h.eans[0], "read_at": (now - timedelta(days=d)).isoformat(),
         "balance_cents": 2350 - 100 * (10 - d), "emergency_credit_available_cents": 0,
         "emergency_credit_in_use": False, "minimum_supply_active": False}
        for d in range(10, 0, -1)
    ]
    results = operator.post("/api/v1/operator/meter-readings", json={"readings": history}).json()["results"]
    assert {r["status"] for r in results} == {"stale"}  # older than the current reading: history only
    h.push(350, emergency_credit_available_cents=0, at=now - timedelta(minutes=1))
    assert h.client.get(f"/api/v1/meters/{h.eans[0]}/balance").json()["estimated_days_left"] == 3
    assert [n["kind"] for n in h.notifications()["items"]] == ["days_left_low"]


def test_zero_days_left_is_worded_less_than_a_day() -> None:
    """Days left are whole days (seed 002: what is left // the average daily cost): 0 is less than a
    day's use, which "Nog 0 dagen" would read as nothing left. The notice and the mail say so."""
    from server.services.alerts import words
    from server.services.alerts.mail import alert_mail

    for language, title in (("nl", "Minder dan een dag elektriciteit over"), ("fr", "Moins d'un jour restant (électricité)"),
                            ("de", "Weniger als ein Tag Strom"), ("en", "Less than a day of electricity left")):
        values = words.alert_values(language, energy="electricity", balance_cents=120, days_left=0, amount_cents=None)
        assert words.title(language, "days_left_low", values) == title
        assert " 0 " not in words.body(language, "days_left_low", values)
    mail = alert_mail("nl", name="An", kind="days_left_low", energy="electricity", balance_cents=120, days_left=0,
                      amount_cents=None, threshold_cents=None)
    assert mail.subject == "Minder dan een dag elektriciteit over" and "minder dan een dag." in mail.text
    values = words.alert_values("nl", energy="gas", balance_cents=900, days_left=2, amount_cents=None)
    assert words.title("nl", "days_left_low", values) == "Nog 2 dagen gas"


def test_days_left_alert_judges_the_days_before_emergency_credit(alerting, sink) -> None:
    """Issue 20: An with € 8,70 at € 2,10 a day and € 20,00 emergency credit was told "nog ongeveer 14
    dagen": she has 4 days of her own money, then about 9 days of emergency credit she pays back at the
    next top-up. Here: 1,00 a day, 3,50 left and 20,00 emergency credit is 3 days, then 20."""
    server, operator, _ = alerting
    h = household(server.url, operator)
    address = verify_email(h, sink, balance_below_cents=0, days_left_at_most=3)
    now = datetime.now(timezone.utc)
    history = [
        {"event_id": f"ec-{uuid.uuid4().hex}", "ean": h.eans[0], "read_at": (now - timedelta(days=d)).isoformat(),
         "balance_cents": 2350 - 100 * (10 - d), "emergency_credit_available_cents": 2000,
         "emergency_credit_in_use": False, "minimum_supply_active": False}
        for d in range(10, 0, -1)
    ]
    assert operator.post("/api/v1/operator/meter-readings", json={"readings": history}).json()["applied"] == 10
    h.push(350, at=now - timedelta(minutes=5))
    balance = h.client.get(f"/api/v1/meters/{h.eans[0]}/balance").json()
    assert (balance["estimated_days_left"], balance["days_until_emergency_credit"]) == (23, 3)
    notes = h.notifications()["items"]
    assert [n["kind"] for n in notes] == ["days_left_low"]
    assert notes[0]["title"] == "Nog 3 dagen elektriciteit"
    assert "nog ongeveer 3 dagen, daarna ongeveer 20 dagen noodkrediet" in notes[0]["body"]
    mail = sink.wait_for(address, 2)[1]
    assert "nog ongeveer 3 dagen, daarna ongeveer 20 dagen noodkrediet" in mail.text
    # On emergency credit: how much to load to get full supply back (seed 002: the debt plus at least 0,50).
    h.push(-500, emergency_credit_available_cents=1500, emergency_credit_in_use=True, at=now - timedelta(minutes=2))
    started = [n for n in h.notifications()["items"] if n["kind"] == "emergency_credit_started"]
    assert "Laad minstens €\u00a05,50 op om weer volledig stroom te hebben." in started[0]["body"]


@pytest.mark.parametrize(("language", "then", "needed_electricity", "needed_gas"), [
    ("nl", "nog ongeveer 4 dagen, daarna ongeveer 9 dagen noodkrediet",
     "Laad minstens € 28,20 op om weer volledig stroom te hebben.", "Laad minstens € 28,20 op om weer volledig gas te hebben."),
    ("fr", "encore environ 4 jours, puis environ 9 jours de crédit de secours",
     "Rechargez au moins 28,20 € pour retrouver toute l'électricité.", "Rechargez au moins 28,20 € pour retrouver tout le gaz."),
    ("de", "noch etwa 4 Tage, danach etwa 9 Tage Notkredit",
     "Laden Sie mindestens 28,20 € auf, um wieder vollen Strom zu haben.", "Laden Sie mindestens 28,20 € auf, um wieder volles Gas zu haben."),
    ("en", "about 4 more days, then about 9 days of emergency credit",
     "Top up at least 28,20 € to get full electricity again.", "Top up at least 28,20 € to get full gas again."),
])
def test_notices_say_both_days_and_the_top_up_needed(language, then, needed_electricity, needed_gas) -> None:
    """Issue 20 in the four languages: the days before the emergency credit and after it, and, off
    supplying, the smallest top-up back to full supply."""
    from server.services.alerts import words
    from server.services.alerts.mail import alert_mail

    values = words.alert_values(language, energy="electricity", balance_cents=870, days_left=13, amount_cents=None,
                                days_until_emergency_credit=4, topup_needed_cents=0)
    body = words.body(language, "balance_low", values)
    assert then in body and "13" not in body
    assert words.title(language, "days_left_low", values) == words.word(
        language, "title.days_left_low", days=4, day_word=words.word(language, "day.other"),
        energy=words.word(language, "energy.electricity"))
    for energy, needed in (("electricity", needed_electricity), ("gas", needed_gas)):
        values = words.alert_values(language, energy=energy, balance_cents=-2770, days_left=0, amount_cents=None,
                                    days_until_emergency_credit=0, topup_needed_cents=2820)
        assert needed.replace(" ", "\u00a0") in words.body(language, "minimum_supply_started", values).replace(" ", "\u00a0")
    mail = alert_mail(language, name="An", kind="emergency_credit_started", energy="electricity", balance_cents=-2770,
                      days_left=3, amount_cents=None, threshold_cents=None, days_until_emergency_credit=0,
                      topup_needed_cents=2820)
    assert needed_electricity.replace(" ", "\u00a0") in mail.text.replace(" ", "\u00a0")
