"""Only the household grants access (issue 19, finding 1): a mandate it ended stays ended, and adding
it by Prepaid-code never revives it nor widens a mandate it limited to viewing."""

from __future__ import annotations

import uuid

from .conftest import DEMO
from .staff_helpers import household, new_organisation, share_code_of


def _mine(server, who: str, organisation: str) -> list[dict]:
    c = household(server, who)
    try:
        return [m for m in c.get("/api/v1/mandates").json() if m["organisation"] == organisation]
    finally:
        c.close()


def _staff_visits(server, who: str, organisation: str) -> int:
    c = household(server, who)
    try:
        items = c.get("/api/v1/access-log", params={"limit": 200}).json()["items"]
    finally:
        c.close()
    return sum(1 for e in items if e["actor"] == "staff" and e["helper_organisation"] == organisation)


def test_an_ended_mandate_is_not_revived_by_prepaid_code(server) -> None:
    org = new_organisation(server)
    member = org.add_member()
    client_id = member.client.post("/api/v1/caseload", json={"share_code": share_code_of(server, "an")}).json()["client_id"]
    an = household(server, "an")
    mandate = next(m for m in an.get("/api/v1/mandates").json() if m["organisation"] == org.name)
    assert an.delete(f"/api/v1/mandates/{mandate['mandate_id']}").status_code == 204
    an.close()
    visits = _staff_visits(server, "an", org.name)

    # Any member of that organisation, the one who added her or another: refused, and nothing done.
    # Three times each: were the right code counted as a failure, the sixth try would be 429.
    for staff in (member, org.add_member()):
        for _ in range(3):
            r = staff.client.post("/api/v1/caseload", json=DEMO["an"])
            assert r.status_code == 409 and r.json()["error"]["code"] == "mandate_ended", r.text
        assert staff.client.get(f"/api/v1/caseload/{client_id}").status_code == 404
    assert _mine(server, "an", org.name) == []
    assert _staff_visits(server, "an", org.name) == visits
    # The right code was given: the household's own log-in (same throttle) is not charged for it.
    an = household(server, "an")
    assert an.get("/api/v1/me").status_code == 200
    an.close()

    # Only the household grants access again: a new share code.
    r = member.client.post("/api/v1/caseload", json={"share_code": share_code_of(server, "an", ["view"])})
    assert r.status_code == 201 and r.json()["client_id"] == client_id
    assert [m["permissions"] for m in _mine(server, "an", org.name)] == [["view"]]


def test_prepaid_code_does_not_widen_a_view_only_mandate(server) -> None:
    org = new_organisation(server)
    member = org.add_member()
    client_id = member.client.post(
        "/api/v1/caseload", json={"share_code": share_code_of(server, "marie", ["view"])}
    ).json()["client_id"]
    r = member.client.post("/api/v1/caseload", json=DEMO["marie"])
    assert r.status_code == 201 and r.json()["client_id"] == client_id  # already in the caseload: stays so
    assert [m["permissions"] for m in _mine(server, "marie", org.name)] == [["view"]]
    detail = member.client.get(f"/api/v1/caseload/{client_id}").json()
    assert detail["permissions"] == ["view"]
    r = member.client.post(
        f"/api/v1/caseload/{client_id}/meters/{detail['meters'][0]['ean']}/pending-topups",
        json={"amount_cents": 2000}, headers={"Idempotency-Key": uuid.uuid4().hex},
    )  # fmt: skip
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    # The household itself may widen it, with a new share code.
    r = member.client.post("/api/v1/caseload", json={"share_code": share_code_of(server, "marie")})
    assert r.status_code == 201
    assert [m["permissions"] for m in _mine(server, "marie", org.name)] == [["view", "prepare_topups"]]


def test_another_organisation_may_still_add_by_prepaid_code(server) -> None:
    # The mandate ended is the first organisation's; the second never had one the household ended or
    # limited, so the v1 way for households without the app (their Prepaid-code) still works for it.
    first, second = new_organisation(server), new_organisation(server)
    member = first.add_member()
    member.client.post("/api/v1/caseload", json={"share_code": share_code_of(server, "sophie")})
    sophie = household(server, "sophie")
    mandate = next(m for m in sophie.get("/api/v1/mandates").json() if m["organisation"] == first.name)
    assert sophie.delete(f"/api/v1/mandates/{mandate['mandate_id']}").status_code == 204
    sophie.close()
    r = second.add_member().client.post("/api/v1/caseload", json=DEMO["sophie"])
    assert r.status_code == 201, r.text
    assert _mine(server, "sophie", first.name) == []
    assert [m["permissions"] for m in _mine(server, "sophie", second.name)] == [["view", "prepare_topups"]]
