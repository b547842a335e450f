"""The caseload marks clients with new alerts (issue 11): `new_alerts` counts a client's notifications
since this staff member last opened the client's file, or since the organisation's mandate began; per
member, and never across organisations. On SQLite and PostgreSQL, against the real server process."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest

from .alert_helpers import household
from .operator_helpers import create_key, operator_client
from .staff_helpers import new_organisation


@pytest.fixture(scope="module")
def operator(server):
    c = operator_client(server.url, create_key(server.database))
    yield c
    c.close()


def entry(member, client_id: int) -> dict:
    page = member.client.get("/api/v1/caseload", params={"limit": 200})
    assert page.status_code == 200, page.text
    found = [c for c in page.json()["clients"] if c["client_id"] == client_id]
    assert len(found) == 1, [c["client_id"] for c in page.json()["clients"]]
    return found[0]


def add(member, code: str) -> int:
    r = member.client.post("/api/v1/caseload", json={"prepaid_code": code, "postal_code": "9000"})
    assert r.status_code == 201, r.text
    return r.json()["client_id"]


def test_an_alert_marks_the_client_until_each_member_opens_the_file(server, operator) -> None:
    org = new_organisation(server)
    sam, kim = org.add_member("Sam Peeters"), org.add_member("Kim Claes")
    an = household(server.url, operator, name="An Nieuwe")
    an_id = add(sam, an.code)
    assert entry(sam, an_id)["new_alerts"] == 0 and entry(kim, an_id)["new_alerts"] == 0

    start = datetime.now(timezone.utc) - timedelta(minutes=30)
    an.push(1200, at=start)
    an.push(300, at=start + timedelta(minutes=1))  # below the default 5,00: a balance_low alert
    assert [n["kind"] for n in an.notifications()["items"]] == ["balance_low"]
    assert entry(sam, an_id)["new_alerts"] == 1 and entry(kim, an_id)["new_alerts"] == 1

    assert sam.client.get(f"/api/v1/caseload/{an_id}").status_code == 200
    assert entry(sam, an_id)["new_alerts"] == 0
    assert entry(kim, an_id)["new_alerts"] == 1  # Kim has not opened it: still new for Kim

    an.push(900, at=start + timedelta(minutes=2))  # recovered: re-armed
    an.push(200, at=start + timedelta(minutes=3))  # a second episode, a second alert
    assert entry(sam, an_id)["new_alerts"] == 1 and entry(kim, an_id)["new_alerts"] == 2
    assert kim.client.get(f"/api/v1/caseload/{an_id}").status_code == 200
    assert entry(kim, an_id)["new_alerts"] == 0 and entry(sam, an_id)["new_alerts"] == 1
    an.client.close()


def test_alerts_before_the_mandate_and_of_other_organisations_are_not_new(server, operator) -> None:
    ours, theirs = new_organisation(server), new_organisation(server)
    sam, lea = ours.add_member("Sam Peeters"), theirs.add_member("Lea Maes")
    an, bert = household(server.url, operator, name="An Vroeger"), household(server.url, operator, name="Bert Ander")
    start = datetime.now(timezone.utc) - timedelta(minutes=30)
    an.push(1200, at=start)
    an.push(300, at=start + timedelta(minutes=1))  # before any mandate: not the organisations' to see
    assert len(an.notifications()["items"]) == 1
    time.sleep(1.1)  # the mandate begins in a later second than that alert (times are whole seconds)
    an_id = add(sam, an.code)
    bert_id = add(lea, bert.code)
    assert entry(sam, an_id)["new_alerts"] == 0

    bert.push(1200, at=start)
    bert.push(100, at=start + timedelta(minutes=1))
    assert entry(lea, bert_id)["new_alerts"] == 1
    # Sam's organisation has no mandate for Bert: not in its caseload, and An's count is unchanged.
    assert bert_id not in [c["client_id"] for c in sam.client.get("/api/v1/caseload", params={"limit": 200}).json()["clients"]]
    assert sam.client.get(f"/api/v1/caseload/{bert_id}").status_code == 404
    assert entry(sam, an_id)["new_alerts"] == 0

    # Lea's organisation takes An on as well: An's alerts from before its mandate are not new to Lea,
    # and Sam opening An's file later does not touch Lea's mark.
    lea_an = add(lea, an.code)
    an.push(900, at=start + timedelta(minutes=2))
    an.push(200, at=start + timedelta(minutes=3))
    assert entry(lea, lea_an)["new_alerts"] == 1 and entry(sam, an_id)["new_alerts"] == 1
    assert sam.client.get(f"/api/v1/caseload/{an_id}").status_code == 200
    assert entry(sam, an_id)["new_alerts"] == 0 and entry(lea, lea_an)["new_alerts"] == 1
    for h in (an, bert):
        h.client.close()


def test_the_export_and_the_order_follow_a_new_reading_at_once(server, operator) -> None:
    """No cached list: a reading moves the client in the order on the very next request."""
    org = new_organisation(server)
    sam = org.add_member("Sam Peeters")
    first, second = household(server.url, operator, name="Aa Eerst"), household(server.url, operator, name="Zz Later")
    start = datetime.now(timezone.utc) - timedelta(minutes=30)
    first.push(8000, at=start)
    second.push(9000, at=start)
    first_id, second_id = add(sam, first.code), add(sam, second.code)
    ids = lambda: [c["client_id"] for c in sam.client.get("/api/v1/caseload").json()["clients"]]  # noqa: E731
    assert ids() == [first_id, second_id]  # both supplying: fewer days left first
    second.push(-2500, at=start + timedelta(minutes=1))  # past the 20,00 emergency credit: interrupted
    assert ids() == [second_id, first_id]
    top = sam.client.get("/api/v1/caseload").json()["clients"][0]
    assert top["urgency"] == "interrupted" and top["meters"][0]["status"] == "interrupted"
    assert top["meters"][0]["balance_cents"] == -2500
    rows = sam.client.get("/api/v1/caseload/export.csv").text.splitlines()[1:]
    assert [int(r.split(",")[0]) for r in rows] == [second_id, first_id]
    for h in (first, second):
        h.client.close()


def test_figures_kept_from_another_day_are_recomputed(server, operator) -> None:
    """A meter's kept figures hold for the day they were computed on (the history average's window
    moves each day): yesterday's, even wrong ones, are never shown."""
    from server.store.db import Database

    org = new_organisation(server)
    sam = org.add_member("Sam Peeters")
    h = household(server.url, operator, name="Dag Wissel")
    h.push(8000, at=datetime.now(timezone.utc) - timedelta(minutes=5))
    client_id = add(sam, h.code)
    assert entry(sam, client_id)["urgency"] == "supplying"
    db = Database(server.database)
    try:
        with db.transaction(write=True) as tx:
            tx.execute(
                "UPDATE caseload_meter_figures SET day = '2000-01-01', status = 'interrupted', status_rank = 0 WHERE ean = ?",
                (h.eans[0],),
            )
        assert entry(sam, client_id)["urgency"] == "supplying"
        assert entry(sam, client_id)["meters"][0]["status"] == "supplying"
        with db.transaction() as tx:
            kept = tx.one("SELECT day, status FROM caseload_meter_figures WHERE ean = ?", (h.eans[0],))
        assert kept is not None and kept["day"] > "2000-01-01" and kept["status"] == "supplying"
    finally:
        db.close()
        h.client.close()
