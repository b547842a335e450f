"""Mandates and the caseload: share codes, adding by Prepaid-code, urgency order, search, paging,
detail, payment instructions, preparing top-ups, the household's view of it, CSV export (issue 10)."""

from __future__ import annotations

import csv
import io
import uuid

import httpx
import pytest

from .conftest import DEMO
from .staff_helpers import household, new_organisation, share_code_of


@pytest.fixture(scope="module")
def org(server):
    return new_organisation(server)


@pytest.fixture(scope="module")
def worker(org):
    """A member with An (by share code) and Youssef, Marie and Sophie (by Prepaid-code) in the caseload."""
    member = org.add_member("Sam Peeters")
    r = member.client.post("/api/v1/caseload", json={"share_code": share_code_of(org.server, "an")})
    assert r.status_code == 201, r.text
    for who in ("youssef", "marie", "sophie"):
        r = member.client.post("/api/v1/caseload", json=DEMO[who])
        assert r.status_code == 201, r.text
    return member


def names(page: dict) -> list[str]:
    return [c["display_name"] for c in page["clients"]]


def test_share_code_shape_and_expiry(server) -> None:
    an = household(server, "an")
    r = an.post("/api/v1/mandates/share-codes", json={"permissions": ["view"]})
    an.close()
    assert r.status_code == 201
    code = r.json()["share_code"]
    assert len(code) == 9 and code[4] == "-"
    # An unambiguous alphabet: nothing that reads as another character aloud or on paper.
    assert not set(code.replace("-", "")) & set("0O1IL5S2Z8BUV")
    assert "T" in r.json()["expires_at"]


def test_redeeming_a_share_code_adds_the_household_once(server, org) -> None:
    member = org.add_member()
    share = share_code_of(server, "marie")
    # Typed back in lower case with a space: still the code.
    r = member.client.post("/api/v1/caseload", json={"share_code": share.lower().replace("-", " ")})
    assert r.status_code == 201 and r.json()["display_name"] == "Marie Claes"
    assert isinstance(r.json()["client_id"], int)
    again = member.client.post("/api/v1/caseload", json={"share_code": share})
    assert again.status_code == 401 and again.json()["error"]["code"] == "invalid_credentials"
    for wrong in ("ACDE-FGHJ", "0000-0000", "x"):
        r = member.client.post("/api/v1/caseload", json={"share_code": wrong})
        assert r.status_code == 401, wrong


@pytest.mark.parametrize(
    "body",
    [{}, {"share_code": "ACDE-FGHJ", "prepaid_code": "1111222233", "postal_code": "9000"}, {"prepaid_code": "1111222233"}],
    ids=["nothing", "both", "no-postcode"],
)
def test_caseload_add_needs_one_way(worker, body) -> None:
    r = worker.client.post("/api/v1/caseload", json=body)
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"


def test_adding_by_prepaid_code_needs_the_right_postcode(server, org) -> None:
    member = org.add_member()
    r = member.client.post("/api/v1/caseload", json={**DEMO["sophie"], "postal_code": "1641"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_credentials"


def test_adding_by_prepaid_code_is_throttled(server, org) -> None:
    # A code of its own: the throttle counts per Prepaid-code on the server the API tests share.
    member = org.add_member()
    for _ in range(5):
        r = member.client.post("/api/v1/caseload", json={"prepaid_code": "9797 9797 97", "postal_code": "1000"})
        assert r.status_code == 401
    r = member.client.post("/api/v1/caseload", json={"prepaid_code": "9797 9797 97", "postal_code": "1000"})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0


def test_a_valid_share_code_does_not_reset_the_members_guesses(server, org) -> None:
    # Issue 19, finding 3: a member who interleaves a code the household gave them must not get five
    # fresh guesses each time. The right code withdraws only its own attempt, not the failures before.
    member = org.add_member()
    for _ in range(4):
        assert member.client.post("/api/v1/caseload", json={"share_code": "ACDE-FGHJ"}).status_code == 401
    assert member.client.post("/api/v1/caseload", json={"share_code": share_code_of(server, "marie", ["view"])}).status_code == 201
    assert member.client.post("/api/v1/caseload", json={"share_code": "ACDE-FGHK"}).status_code == 401  # the fifth
    r = member.client.post("/api/v1/caseload", json={"share_code": "ACDE-FGHM"})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0


def test_most_urgent_first(worker) -> None:
    page = worker.client.get("/api/v1/caseload").json()
    # Youssef: electricity on emergency credit, gas on minimum supply; Marie: minimum supply (10 A);
    # Sophie: 2 days left; An: supplying with 42,17 EUR.
    assert names(page)[0] in ("Youssef El Amrani", "Marie Claes")
    assert names(page)[:2] == sorted(names(page)[:2], key=lambda n: n)  # both minimum supply: by name
    assert names(page)[2:] == ["Sophie Dubois", "An Peeters"]
    assert page["next_cursor"] is None
    youssef = page["clients"][names(page).index("Youssef El Amrani")]
    assert youssef["urgency"] == "minimum_supply"
    assert youssef["prepaid_code_masked"].endswith("66") and "4444" not in youssef["prepaid_code_masked"]
    assert {m["status"] for m in youssef["meters"]} == {"emergency_credit", "minimum_supply"}
    an = page["clients"][-1]
    assert an["urgency"] == "supplying" and an["postal_code"] == "9000" and an["open_pending_topups"] == 0
    assert set(an["meters"][0]) == {"ean", "energy", "balance_cents", "status", "estimated_days_left", "updated_at"}


def test_a_row_is_its_most_urgent_meter(worker) -> None:
    """Issue 20: Youssef's row showed "Minimale levering" (his gas) beside € -3,20 (his electricity) and "-"
    days. A household's meters come most urgent first (server.rules.urgency), so a row's status, balance,
    days and energy all come from its first meter; a status filter still matches any meter."""
    from server.rules.urgency import STATUS_RANK

    page = worker.client.get("/api/v1/caseload").json()
    for client in page["clients"]:
        keys = [(STATUS_RANK[m["status"]], m["estimated_days_left"]) for m in client["meters"]]
        assert keys == sorted(keys), client["display_name"]
        assert client["meters"][0]["status"] == client["urgency"]
    youssef = page["clients"][names(page).index("Youssef El Amrani")]
    assert [(m["energy"], m["status"], m["balance_cents"]) for m in youssef["meters"]] == [
        ("gas", "minimum_supply", 0), ("electricity", "emergency_credit", -320)]
    c = worker.client
    assert names(c.get("/api/v1/caseload", params={"status": "emergency_credit"}).json()) == ["Youssef El Amrani"]
    assert sorted(names(c.get("/api/v1/caseload", params={"status": "minimum_supply"}).json())) == [
        "Marie Claes", "Youssef El Amrani"]


def test_search_filters_and_paging(worker) -> None:
    c = worker.client
    assert names(c.get("/api/v1/caseload", params={"q": "peet"}).json()) == ["An Peeters"]
    assert names(c.get("/api/v1/caseload", params={"q": "20"}).json()) == ["Youssef El Amrani"]
    assert names(c.get("/api/v1/caseload", params={"q": "nobody"}).json()) == []
    assert names(c.get("/api/v1/caseload", params={"status": "emergency_credit"}).json()) == ["Youssef El Amrani"]
    assert "Sophie Dubois" in names(c.get("/api/v1/caseload", params={"days_left_at_most": 2}).json())
    bad = c.get("/api/v1/caseload", params={"status": "empty"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "validation_error"
    assert c.get("/api/v1/caseload", params={"cursor": "not-a-cursor"}).status_code == 422
    everyone = names(c.get("/api/v1/caseload").json())
    seen, cursor = [], None
    while True:
        page = c.get("/api/v1/caseload", params={"limit": 1, **({"cursor": cursor} if cursor else {})}).json()
        seen += names(page)
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == everyone


def test_detail_matches_the_households_own_view(server, worker) -> None:
    an_id = next(c["client_id"] for c in worker.client.get("/api/v1/caseload").json()["clients"] if c["display_name"] == "An Peeters")
    detail = worker.client.get(f"/api/v1/caseload/{an_id}")
    assert detail.status_code == 200, detail.text
    body = detail.json()
    an = household(server, "an")
    try:
        for meter in body["meters"]:
            own = an.get(f"/api/v1/meters/{meter['ean']}/balance").json()
            assert meter == own
        assert body["tariff"] == an.get("/api/v1/tariff").json()
        assert body["permissions"] == ["view", "prepare_topups"]
        ean = body["meters"][0]["ean"]
        pay = worker.client.get(f"/api/v1/caseload/{an_id}/meters/{ean}/payment-instructions", params={"amount_cents": 2000})
        assert pay.status_code == 200
        assert pay.json() == an.get(f"/api/v1/meters/{ean}/payment-instructions", params={"amount_cents": 2000}).json()
        # The household's access log names the member and organisation as the server knows them.
        log = an.get("/api/v1/access-log").json()["items"]
        staff_entries = [e for e in log if e["actor"] == "staff"]
        assert staff_entries and staff_entries[0]["helper_name"] == "Sam Peeters"
        assert all(e["verified"] is True and e["said_to_be"] is None for e in staff_entries)
        assert staff_entries[0]["helper_organisation"] == worker_org_name(server, worker)
        assert {e["method"] for e in staff_entries} >= {"share_code", "caseload"}
        mandates = an.get("/api/v1/mandates").json()
        mine = [m for m in mandates if m["organisation"] == worker_org_name(server, worker)]
        assert len(mine) == 1 and mine[0]["last_access"]["staff_name"] == "Sam Peeters"
        assert mine[0]["permissions"] == ["view", "prepare_topups"] and "T" in mine[0]["granted_at"]
    finally:
        an.close()


def worker_org_name(server, worker) -> str:
    return worker.client.get("/api/v1/staff/me").json()["organisation"]


def test_prepare_a_topup_once_per_key(server, worker) -> None:
    page = worker.client.get("/api/v1/caseload").json()
    sophie = next(c for c in page["clients"] if c["display_name"] == "Sophie Dubois")
    ean = sophie["meters"][0]["ean"]
    key = uuid.uuid4().hex
    path = f"/api/v1/caseload/{sophie['client_id']}/meters/{ean}/pending-topups"
    first = worker.client.post(path, json={"amount_cents": 2000}, headers={"Idempotency-Key": key})
    assert first.status_code == 201, first.text
    me = worker.client.get("/api/v1/staff/me").json()
    assert first.json()["prepared_by"] == f"Sam Peeters ({me['organisation']})"
    replay = worker.client.post(path, json={"amount_cents": 2000}, headers={"Idempotency-Key": key})
    assert replay.status_code == 200 and replay.json()["id"] == first.json()["id"]
    other = worker.client.post(path, json={"amount_cents": 2500}, headers={"Idempotency-Key": key})
    assert other.status_code == 409 and other.json()["error"]["code"] == "conflict"
    no_key = worker.client.post(path, json={"amount_cents": 2000})
    assert no_key.status_code == 422
    too_much = worker.client.post(path, json={"amount_cents": 10**9}, headers={"Idempotency-Key": uuid.uuid4().hex})
    assert too_much.status_code == 422
    wrong_meter = worker.client.post(
        f"/api/v1/caseload/{sophie['client_id']}/meters/541449999999999999/pending-topups",
        json={"amount_cents": 2000}, headers={"Idempotency-Key": uuid.uuid4().hex},
    )  # fmt: skip
    assert wrong_meter.status_code == 404
    after = next(c for c in worker.client.get("/api/v1/caseload").json()["clients"] if c["display_name"] == "Sophie Dubois")
    assert after["open_pending_topups"] >= 1


def test_a_view_only_mandate_cannot_prepare(server, org) -> None:
    member = org.add_member()
    r = member.client.post("/api/v1/caseload", json={"share_code": share_code_of(server, "marie", ["view"])})
    client_id = r.json()["client_id"]
    detail = member.client.get(f"/api/v1/caseload/{client_id}").json()
    assert detail["permissions"] == ["view"]
    ean = detail["meters"][0]["ean"]
    r = member.client.post(
        f"/api/v1/caseload/{client_id}/meters/{ean}/pending-topups", json={"amount_cents": 2000},
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )  # fmt: skip
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"


def test_export_has_every_meter_in_caseload_order(worker) -> None:
    r = worker.client.get("/api/v1/caseload/export.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    page = worker.client.get("/api/v1/caseload").json()
    assert [row["ean"] for row in rows] == [m["ean"] for c in page["clients"] for m in c["meters"]]
    assert rows[0].keys() >= {"client_id", "display_name", "urgency", "balance_cents", "status", "estimated_days_left"}


def test_the_household_ends_the_mandate(server, org) -> None:
    member = org.add_member()
    client_id = member.client.post("/api/v1/caseload", json={"share_code": share_code_of(server, "youssef")}).json()["client_id"]
    youssef = household(server, "youssef")
    try:
        mine = [m for m in youssef.get("/api/v1/mandates").json() if m["organisation"] == org.name]
        assert len(mine) == 1
        assert youssef.delete(f"/api/v1/mandates/{mine[0]['mandate_id']}").status_code == 204
        assert youssef.delete(f"/api/v1/mandates/{mine[0]['mandate_id']}").status_code == 404
        assert not [m for m in youssef.get("/api/v1/mandates").json() if m["organisation"] == org.name]
    finally:
        youssef.close()
    assert member.client.get(f"/api/v1/caseload/{client_id}").status_code == 404
    assert client_id not in [c["client_id"] for c in member.client.get("/api/v1/caseload").json()["clients"]]


def test_a_household_cannot_end_another_households_mandate(server, worker) -> None:
    an = household(server, "an")
    sophie = household(server, "sophie")
    try:
        an_mandate = an.get("/api/v1/mandates").json()[0]["mandate_id"]
        r = sophie.delete(f"/api/v1/mandates/{an_mandate}")
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
        assert any(m["mandate_id"] == an_mandate for m in an.get("/api/v1/mandates").json())
    finally:
        an.close()
        sophie.close()


def test_v1_helper_login_with_the_prepaid_code_keeps_working(server) -> None:
    with httpx.Client(base_url=server.url, timeout=20) as c:
        r = c.post("/api/v1/auth/prepaid", json={**DEMO["marie"], "helper": {"name": "Jan", "organisation": "CAW"}})
        assert r.status_code == 200 and r.json()["scope"] == "prepaid"
        log = c.get("/api/v1/access-log", headers={"Authorization": f"Bearer {r.json()['access_token']}"}).json()["items"]
        assert log[0]["actor"] == "prepaid_code" and log[0]["said_to_be"] == {"name": "Jan", "organisation": "CAW"}
        assert log[0]["verified"] is False


def test_an_expired_share_code_is_refused(server, org) -> None:
    from server.store.db import Database

    member = org.add_member()
    share = share_code_of(server, "sophie")
    db = Database(server.database)
    try:
        with db.transaction(write=True) as tx:
            # 24 hours have passed for every unused code (the code itself is stored only as a keyed hash).
            tx.execute("UPDATE share_codes SET expires_at = created_at - 1 WHERE used_at IS NULL")
    finally:
        db.close()
    r = member.client.post("/api/v1/caseload", json={"share_code": share})
    assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_credentials"
