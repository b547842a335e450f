"""The staff digest against commit order on PostgreSQL (READ COMMITTED, several connections): every
alert that belongs in a member's digest is in exactly one of their digests.

PostgreSQL takes a notification's id before its transaction commits, so an alert with a lower id can
become visible after a digest already saw a higher one: a digest that marked "covered up to the newest
id" skipped it for good. SQLite runs one writer at a time, so only PostgreSQL can show this order; the
digest tests on both stores are in test_staff_digest_writer.py and test_staff_digest.py.
"""

from __future__ import annotations

import threading
import uuid

import pytest

from server.services.alerts.digest import DigestWriter, write_digest
from server.store import mandates, organisations, staff_alerts
from server.store.db import Database
from server.store.schema import migrate
from tests.api.test_staff_digest_writer import at, digests, household, member, notify

# Crashes, races between processes or fuzzing: minutes, left out of the developer's --quick loop.
pytestmark = pytest.mark.slow


@pytest.fixture
def url(postgres) -> str:
    url = postgres().create_database("bm_digest_race_" + uuid.uuid4().hex[:12])
    migrate(Database(url))
    return url


def client_lines(text: str) -> list[str]:
    return [x.split(" (")[0] for x in text.splitlines() if x.startswith("- ")]


def caseload(db: Database, now: int) -> tuple[int, tuple[int, str], tuple[int, str]]:
    """A member with a 17:30 digest and two clients of their organisation."""
    with db.transaction(write=True) as tx:
        ours = organisations.create(tx, name="OCMW Gent", now=now)
        sam = member(tx, ours, "Sam Peeters", digest_time="17:30", language="nl", now=now)
        early = household(tx, "Familie Vroeg", "9000", 300)
        late = household(tx, "Familie Laat", "9050", 300)
        for account, _ in (early, late):
            mandates.grant(tx, organisation_id=ours, account_id=account, permissions="view", granted_via="share_code",
                           granted_by_staff_id=sam, now=now)
    return sam, early, late


def test_an_alert_that_commits_after_a_digest_read_a_newer_one_is_in_the_next_digest_once(url: str) -> None:
    db, importer = Database(url), Database(url)  # two connections: the digest's and a slow import's
    now = [at(0, 9)]
    writer = DigestWriter(db, clock=lambda: now[0])
    sam, (early, early_ean), (late, late_ean) = caseload(db, now[0])

    # A slow import takes its notification's id first and commits last; another one commits meanwhile.
    with importer.transaction(write=True) as slow:
        notify(slow, late, late_ean, "balance_low", at(0, 12))
        with db.transaction(write=True) as tx:
            notify(tx, early, early_ean, "emergency_credit_started", at(0, 13))
        with db.transaction() as tx:
            ids = {r["account_id"]: r["id"] for r in tx.all("SELECT id, account_id FROM notifications")}
        assert list(ids) == [early], "the slow import is not committed yet"
        now[0] = at(0, 17, 30)
        assert writer.write_due() == 1  # while the slow import is still open
    with db.transaction() as tx:
        ids = {r["account_id"]: r["id"] for r in tx.all("SELECT id, account_id FROM notifications")}
    assert ids[late] < ids[early], "the slow import's alert has the lower id and committed later"
    assert client_lines(digests(db)[0]["text_body"]) == ["- Familie Vroeg"]

    # The next day's digest lists the late alert, and only it; the day after lists nothing.
    now[0] = at(1, 17, 30)
    assert writer.write_due() == 1
    assert client_lines(digests(db)[1]["text_body"]) == ["- Familie Laat"]
    now[0] = at(2, 17, 30)
    assert writer.write_due() == 0 and len(digests(db)) == 2
    with db.transaction() as tx:
        covered = tx.all("SELECT notification_id, day FROM staff_digest_alerts WHERE staff_id = ? "
                         "ORDER BY notification_id", (sam,))
    assert [(c["notification_id"], c["day"]) for c in covered] == [
        (ids[late], "2026-03-03"), (ids[early], "2026-03-02")]


def test_two_digests_of_one_member_racing_for_one_alert_list_it_once(url: str) -> None:
    """Two writers whose clocks straddle midnight write the member's digests of two days at once: both
    see the same uncovered alert, and the second waits on the first's coverage row and lists nothing."""
    db, other = Database(url), Database(url)
    sam, (early, early_ean), _ = caseload(db, at(0, 9))
    with db.transaction(write=True) as tx:
        notify(tx, early, early_ean, "balance_low", at(0, 12))
    with db.transaction() as tx:
        [due] = staff_alerts.due(tx, day="2026-03-03", clock_time="23:59")

    outcome: dict[str, bool | BaseException] = {}

    def next_day() -> None:
        try:
            with other.transaction(write=True) as tx:
                outcome["written"] = write_digest(tx, due, day="2026-03-03", now=at(1, 0))
        except BaseException as exc:  # handed to the test's thread
            outcome["written"] = exc

    with db.transaction(write=True) as tx:
        assert write_digest(tx, due, day="2026-03-02", now=at(0, 23, 59)) is True
        racer = threading.Thread(target=next_day)
        racer.start()
        racer.join(timeout=1.5)
        assert racer.is_alive(), "the other day's digest waits on this one's coverage row"
    racer.join(timeout=30)
    assert outcome == {"written": False}
    assert [m["staff_id"] for m in digests(db)] == [sam]
    with db.transaction() as tx:
        days = tx.all("SELECT day, clients FROM staff_digests WHERE staff_id = ? ORDER BY day", (sam,))
    assert [(d["day"], d["clients"]) for d in days] == [("2026-03-02", 1), ("2026-03-03", 0)]
