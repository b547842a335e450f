"""Isolation of the caseload: another organisation's household, an ended mandate, a removed staff
member: 404 or 401 on every caseload path, on both stores (issue 10)."""

from __future__ import annotations

import uuid

import pytest

from .staff_helpers import household, new_organisation, share_code_of


@pytest.fixture(scope="module")
def two_orgs(server):
    """OCMW A holds An's mandate; OCMW B holds none of An."""
    a, b = new_organisation(server), new_organisation(server)
    member_a = a.add_member("Aline A")
    member_b = b.add_member("Bart B")
    an_id = member_a.client.post("/api/v1/caseload", json={"share_code": share_code_of(server, "an")}).json()["client_id"]
    an = household(server, "an")
    ean = an.get("/api/v1/me").json()["meters"][0]["ean"]
    an.close()
    return a, b, member_a, member_b, an_id, ean


def client_paths(client_id: int, ean: str) -> list[tuple[str, str, dict]]:
    return [
        ("GET", f"/api/v1/caseload/{client_id}", {}),
        ("GET", f"/api/v1/caseload/{client_id}/meters/{ean}/payment-instructions", {}),
        (
            "POST",
            f"/api/v1/caseload/{client_id}/meters/{ean}/pending-topups",
            {"json": {"amount_cents": 2000}, "headers": {"Idempotency-Key": uuid.uuid4().hex}},
        ),
    ]


def listed(member, client_id: int) -> bool:
    page = member.client.get("/api/v1/caseload").json()["clients"]
    export = member.client.get("/api/v1/caseload/export.csv").text
    in_export = any(line.split(",", 1)[0] == str(client_id) for line in export.splitlines()[1:])
    return any(c["client_id"] == client_id for c in page) or in_export


def test_the_organisation_with_the_mandate_reaches_every_path(two_orgs) -> None:
    _, _, member_a, _, an_id, ean = two_orgs
    for method, path, kwargs in client_paths(an_id, ean):
        r = member_a.client.request(method, path, **kwargs)
        assert r.status_code in (200, 201), (path, r.text)
    assert listed(member_a, an_id)


def test_another_organisations_client_is_not_found(two_orgs) -> None:
    _, _, _, member_b, an_id, ean = two_orgs
    for method, path, kwargs in client_paths(an_id, ean):
        r = member_b.client.request(method, path, **kwargs)
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found", path
    assert not listed(member_b, an_id)
    # A client that does not exist at all answers the same.
    for method, path, kwargs in client_paths(10**9, ean):
        assert member_b.client.request(method, path, **kwargs).status_code == 404


def test_after_the_mandate_ended_every_path_is_not_found(server) -> None:
    org = new_organisation(server)
    member = org.add_member()
    sophie_id = member.client.post("/api/v1/caseload", json={"share_code": share_code_of(server, "sophie")}).json()["client_id"]
    sophie = household(server, "sophie")
    ean = sophie.get("/api/v1/me").json()["meters"][0]["ean"]
    mandate = next(m for m in sophie.get("/api/v1/mandates").json() if m["organisation"] == org.name)
    assert sophie.delete(f"/api/v1/mandates/{mandate['mandate_id']}").status_code == 204
    sophie.close()
    for method, path, kwargs in client_paths(sophie_id, ean):
        r = member.client.request(method, path, **kwargs)
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found", path
    assert not listed(member, sophie_id)


def test_a_removed_member_is_refused_at_once(server) -> None:
    org = new_organisation(server)
    member = org.add_member()
    marie_id = member.client.post("/api/v1/caseload", json={"share_code": share_code_of(server, "marie")}).json()["client_id"]
    marie = household(server, "marie")
    ean = marie.get("/api/v1/me").json()["meters"][0]["ean"]
    marie.close()
    assert member.client.get(f"/api/v1/caseload/{marie_id}").status_code == 200
    assert org.admin.client.delete(f"/api/v1/organisation/staff/{member.username}").status_code == 204
    for method, path, kwargs in [
        *client_paths(marie_id, ean),
        ("GET", "/api/v1/caseload", {}),
        ("GET", "/api/v1/caseload/export.csv", {}),
        ("POST", "/api/v1/caseload", {"json": {"share_code": share_code_of(server, "marie")}}),
        ("GET", "/api/v1/staff/me", {}),
    ]:
        r = member.client.request(method, path, **kwargs)
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized", path
    # The organisation keeps the household: another member still sees it.
    other = org.add_member()
    assert other.client.get(f"/api/v1/caseload/{marie_id}").status_code == 200
