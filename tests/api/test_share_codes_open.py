"""GET /api/v1/mandates/share-codes: the household's share codes a helper can still redeem, each named by
the opaque id its POST answer gave, so that the app can tell when the code it shows was used or expired
(seed 000, Vraag 8: a mandate instead of handing over log-in details)."""

from __future__ import annotations

import re

import httpx
import pytest

from server.store.db import Database

from .conftest import DEMO
from .operator_helpers import create_key
from .staff_helpers import household, new_organisation

PATH = "/api/v1/mandates/share-codes"


@pytest.fixture(scope="module")
def own_server(make_server):
    """A server of this module's own: other modules expire every open code of the shared one."""
    return make_server()


@pytest.fixture(scope="module")
def org(own_server):
    return new_organisation(own_server)


def make_code(client: httpx.Client, permissions: list[str]) -> dict:
    r = client.post(PATH, json={"permissions": permissions})
    assert r.status_code == 201, r.text
    return r.json()


def open_codes(client: httpx.Client) -> list[dict]:
    r = client.get(PATH)
    assert r.status_code == 200, r.text
    assert set(r.json()) == {"share_codes"}
    return r.json()["share_codes"]


def expire(database: str, public_id: str) -> None:
    """24 hours pass for this one code (the store holds only its keyed hash and its id)."""
    db = Database(database)
    try:
        with db.transaction(write=True) as tx:
            done = tx.execute("UPDATE share_codes SET expires_at = created_at - 1 WHERE public_id = ?", (public_id,))
            assert done.rowcount == 1
    finally:
        db.close()


def test_open_codes_are_listed_by_id(own_server) -> None:
    an = household(own_server, "an")
    try:
        first = make_code(an, ["view"])
        second = make_code(an, ["view", "prepare_topups"])
        # The POST answer keeps its contract fields and adds the id.
        assert set(first) == {"share_code", "expires_at", "id"}
        listed = [c for c in open_codes(an) if c["id"] in {first["id"], second["id"]}]
    finally:
        an.close()
    assert len(listed) == 2  # the order: test_newest_first_across_seconds (these two share a second)
    by_id = {c["id"]: c for c in listed}
    assert set(by_id[first["id"]]) == {"id", "expires_at", "permissions"}
    assert by_id[first["id"]]["permissions"] == ["view"]
    assert by_id[second["id"]]["permissions"] == ["view", "prepare_topups"]
    assert by_id[first["id"]]["expires_at"] == first["expires_at"]
    for made in (first, second):
        # An opaque id: random, never the code, in any spelling.
        assert re.fullmatch(r"[0-9a-f]{32}", made["id"])
        assert made["share_code"].replace("-", "").lower() not in made["id"]
    assert first["id"] != second["id"]


def test_newest_first_across_seconds(own_server) -> None:
    db = Database(own_server.database)
    an = household(own_server, "an")
    try:
        older, newer = make_code(an, ["view"]), make_code(an, ["view"])
        with db.transaction(write=True) as tx:  # the first was made an hour earlier
            tx.execute("UPDATE share_codes SET created_at = created_at - 3600 WHERE public_id = ?", (older["id"],))
        ids = [c["id"] for c in open_codes(an)]
    finally:
        an.close()
        db.close()
    assert ids.index(newer["id"]) < ids.index(older["id"])


def test_a_redeemed_code_is_no_longer_open(own_server, org) -> None:
    member = org.add_member()
    marie = household(own_server, "marie")
    try:
        used, waiting = make_code(marie, ["view"]), make_code(marie, ["view"])
        r = member.client.post("/api/v1/caseload", json={"share_code": used["share_code"]})
        assert r.status_code == 201, r.text
        ids = {c["id"] for c in open_codes(marie)}
        assert used["id"] not in ids and waiting["id"] in ids
        # Redeemed by an organisation that already has access: the code is used all the same.
        r = member.client.post("/api/v1/caseload", json={"share_code": waiting["share_code"]})
        assert r.status_code == 201, r.text
        assert waiting["id"] not in {c["id"] for c in open_codes(marie)}
    finally:
        marie.close()


def test_a_code_stays_open_when_staff_add_the_household_by_prepaid_code(own_server, org) -> None:
    member = org.add_member()
    youssef = household(own_server, "youssef")
    try:
        waiting = make_code(youssef, ["view"])
        r = member.client.post("/api/v1/caseload", json=DEMO["youssef"])
        assert r.status_code == 201, r.text
        assert waiting["id"] in {c["id"] for c in open_codes(youssef)}
    finally:
        youssef.close()


def test_an_expired_code_is_no_longer_open(own_server) -> None:
    sophie = household(own_server, "sophie")
    try:
        old, fresh = make_code(sophie, ["view"]), make_code(sophie, ["view"])
        expire(own_server.database, old["id"])
        ids = {c["id"] for c in open_codes(sophie)}
    finally:
        sophie.close()
    assert old["id"] not in ids and fresh["id"] in ids


def test_another_households_codes_are_never_listed(own_server) -> None:
    an, marie = household(own_server, "an"), household(own_server, "marie")
    try:
        ans = {make_code(an, ["view"])["id"] for _ in range(2)}
        maries = {make_code(marie, ["view"])["id"]}
        seen_by_marie = {c["id"] for c in open_codes(marie)}
        seen_by_an = {c["id"] for c in open_codes(an)}
    finally:
        an.close()
        marie.close()
    assert maries <= seen_by_marie and not ans & seen_by_marie
    assert ans <= seen_by_an and not maries & seen_by_an


def test_only_a_household_session_may_list(own_server, org) -> None:
    """Staff tokens and operator keys get the same 401 as on every household route (the household
    session is looked up among households' tokens only)."""
    member = org.add_member()
    key = create_key(own_server.database)
    refused = ({}, {"Authorization": f"Bearer {member.token}"}, {"Authorization": f"Bearer {key}"}, {"Authorization": "Bearer nope"})
    for headers in refused:
        for method in ("GET", "POST"):
            body = {"permissions": ["view"]} if method == "POST" else None
            r = httpx.request(method, own_server.url + PATH, headers=headers, json=body)
            assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized", (method, headers.keys())
        # The same refusal as the household's other routes give that credential.
        assert httpx.get(own_server.url + "/api/v1/mandates", headers=headers).status_code == 401
    assert key not in own_server.log()
