"""The digest writer (server.services.alerts.digest.DigestWriter) in this process with an injected clock, on
SQLite and PostgreSQL: two writers (two sender loops) at the digest time write one mail; nothing before
the time, nothing more that day, nothing on a day without new alerts; an ended mandate's client, a
loaded top-up and another organisation's member stay out."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from server.services.alerts.digest import DigestWriter
from server.store import mandates, organisations, staff_alerts
from server.store import staff as staff_store
from server.store.db import Database, Transaction
from server.store.schema import migrate

BRUSSELS = ZoneInfo("Europe/Brussels")
DAY = datetime(2026, 3, 2, tzinfo=BRUSSELS)  # a Monday


@pytest.fixture
def database(backend, postgres, tmp_path) -> Database:
    if backend == "postgresql":
        db = Database(postgres().create_database("bm_digest_" + uuid.uuid4().hex[:12]))
    else:
        db = Database(str(tmp_path / "digest.sqlite3"))
    migrate(db)
    return db


def at(day: int, hour: int, minute: int = 0) -> int:
    return int((DAY + timedelta(days=day)).replace(hour=hour, minute=minute).timestamp())


def household(tx: Transaction, name: str, postcode: str, balance: int) -> tuple[int, str]:
    account = tx.one(
        "INSERT INTO accounts (display_name, language, postal_code, prepaid_code_hash, prepaid_code_last_digits, "
        "created_at) VALUES (?, 'nl', ?, ?, '33', 0) RETURNING id",
        (name, postcode, uuid.uuid4().hex),
    )["id"]
    ean = "5414" + uuid.uuid4().int.__str__()[:14]
    tx.execute(
        "INSERT INTO meters (ean, account_id, energy, balance_cents, emergency_credit_limit_cents, "
        "average_daily_cost_cents, updated_at) VALUES (?, ?, 'electricity', ?, 2000, 150, 0)",
        (ean, account, balance),
    )
    return int(account), ean


def notify(tx: Transaction, account: int, ean: str, kind: str, when: int) -> None:
    episode = tx.one("SELECT COUNT(*) AS n FROM notifications")["n"] + 1
    tx.execute(
        "INSERT INTO notifications (account_id, ean, energy, kind, episode, at, balance_cents) "
        "VALUES (?, ?, 'electricity', ?, ?, ?, 300)",
        (account, ean, kind, episode, when),
    )


def member(tx: Transaction, organisation: int, name: str, *, digest_time: str, language: str, now: int) -> int:
    staff_id = staff_store.create(tx, organisation_id=organisation, username=uuid.uuid4().hex[:10], display_name=name,
                                  is_admin=False, password_hash="x", now=now)
    staff_alerts.save_settings(tx, staff_id, {
        "email": f"{name.split()[0].lower()}@ocmw.example.test", "email_verified": 1, "codes_sent": 0,
        "digest_time": digest_time, "language": language, "digest_since": now,
    }, now=now)  # fmt: skip
    return staff_id


def digests(db: Database) -> list[dict]:
    with db.transaction() as tx:
        return tx.all("SELECT staff_id, to_address, subject, text_body FROM mail_outbox WHERE purpose = 'digest' ORDER BY id")


def test_two_writers_write_one_digest_a_day_of_live_mandates_only(database: Database) -> None:
    now = [at(0, 9)]
    first, second = DigestWriter(database, clock=lambda: now[0]), DigestWriter(database, clock=lambda: now[0])
    with database.transaction(write=True) as tx:
        ours = organisations.create(tx, name="OCMW Gent", now=now[0])
        theirs = organisations.create(tx, name="OCMW Brugge", now=now[0])
        sam = member(tx, ours, "Sam Peeters", digest_time="17:30", language="nl", now=now[0])
        kim = member(tx, theirs, "Kim Elders", digest_time="17:30", language="en", now=now[0])
        followed, followed_ean = household(tx, "Familie Volg", "9000", -100)
        ended, ended_ean = household(tx, "Familie Einde", "9050", 300)
        for account in (followed, ended):
            mandates.grant(tx, organisation_id=ours, account_id=account, permissions="view", granted_via="share_code",
                           granted_by_staff_id=sam, now=now[0])
        tx.execute("UPDATE mandates SET ended_at = ? WHERE account_id = ?", (at(0, 10), ended))
        notify(tx, followed, followed_ean, "balance_low", at(0, 11))
        notify(tx, followed, followed_ean, "emergency_credit_started", at(0, 12))
        notify(tx, followed, followed_ean, "topup_loaded", at(0, 12, 30))  # good news: no alert state
        notify(tx, ended, ended_ean, "balance_low", at(0, 13))

    now[0] = at(0, 17, 29)
    assert first.write_due() == 0 and second.write_due() == 0 and digests(database) == []
    now[0] = at(0, 17, 30)
    assert first.write_due() + second.write_due() == 1
    assert first.write_due() + second.write_due() == 0
    [mail] = digests(database)
    assert mail["staff_id"] == sam and mail["to_address"] == "sam@ocmw.example.test"
    assert mail["subject"] == "budgetmeter: 1 cliënt met een nieuwe melding"
    line = next(x for x in mail["text_body"].splitlines() if x.startswith("- "))
    assert line == ("- Familie Volg (9000): saldo laag (elektriciteit); noodkrediet gestart (elektriciteit)"
                    " · nu: elektriciteit: op noodkrediet")
    assert "Familie Einde" not in mail["text_body"] and followed_ean not in mail["text_body"]

    # Later that day, and the next day with nothing new: no mail, but the day is recorded.
    now[0] = at(0, 23, 59)
    assert first.write_due() == 0
    now[0] = at(1, 18)
    assert first.write_due() + second.write_due() == 0 and len(digests(database)) == 1
    with database.transaction() as tx:
        days = tx.all("SELECT staff_id, day, clients FROM staff_digests ORDER BY staff_id, day")
    assert [(d["staff_id"], d["day"], d["clients"]) for d in days] == [
        (sam, "2026-03-02", 1), (sam, "2026-03-03", 0), (kim, "2026-03-02", 0), (kim, "2026-03-03", 0)]

    # A new alert the day after: in that day's digest, and only it.
    with database.transaction(write=True) as tx:
        notify(tx, followed, followed_ean, "minimum_supply_started", at(2, 8))
    now[0] = at(2, 17, 45)
    assert second.write_due() == 1 and first.write_due() == 0
    latest = digests(database)[-1]["text_body"]
    assert "minimumlevering gestart" in latest and "saldo laag" not in latest
