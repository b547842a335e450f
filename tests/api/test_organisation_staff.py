"""Org admins add, reset and remove staff; seed 000, Vraag 19 and 23 (issue 10)."""

from __future__ import annotations

import pytest

from .staff_helpers import code, new_organisation, set_up, staff_client, unique


@pytest.fixture(scope="module")
def org(server):
    return new_organisation(server)


def test_admin_adds_members_beyond_two(org) -> None:
    # seed 000, Vraag 23: "Normaal kunnen meer dan twee medewerkers worden toegevoegd."
    added = []
    for i in range(3):
        r = org.admin.client.post("/api/v1/organisation/staff", json={"username": unique("Team."), "display_name": f"Lid {i}"})
        assert r.status_code == 201, r.text
        body = r.json()
        assert body["username"] == body["username"].lower() and len(body["initial_password"]) >= 16
        added.append(body["username"])
    staff = org.admin.client.get("/api/v1/organisation/staff").json()["staff"]
    usernames = {s["username"]: s for s in staff}
    assert set(added) <= set(usernames)
    assert usernames[added[0]]["set_up"] is False and usernames[added[0]]["is_admin"] is False
    assert usernames[org.admin.username]["set_up"] is True and usernames[org.admin.username]["is_admin"] is True
    assert "initial_password" not in staff[0]


def test_add_refuses_taken_and_bad_usernames(org) -> None:
    taken = org.admin.client.post("/api/v1/organisation/staff", json={"username": org.admin.username, "display_name": "X"})
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "conflict"
    for body in ({"username": "a b c", "display_name": "X"}, {"username": "ok.name", "display_name": ""}, {"username": "x"}):
        r = org.admin.client.post("/api/v1/organisation/staff", json=body)
        assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error", body


def test_members_who_are_not_admins_cannot_manage(org) -> None:
    member = org.add_member()
    for method, path, kwargs in [
        ("GET", "/api/v1/organisation/staff", {}),
        ("POST", "/api/v1/organisation/staff", {"json": {"username": unique("x"), "display_name": "X"}}),
        ("POST", f"/api/v1/organisation/staff/{org.admin.username}/reset", {}),
        ("DELETE", f"/api/v1/organisation/staff/{org.admin.username}", {}),
    ]:
        r = member.client.request(method, path, **kwargs)
        assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden", path


def test_reset_gives_a_new_initial_password_and_ends_sessions(server, org) -> None:
    member = org.add_member()
    r = org.admin.client.post(f"/api/v1/organisation/staff/{member.username}/reset")
    assert r.status_code == 200, r.text
    assert member.client.get("/api/v1/caseload").status_code == 401
    with staff_client(server) as c:
        old = c.post("/api/v1/auth/staff", json={"username": member.username, "password": member.password, "totp": code(member.secret, 2)})
        assert old.status_code == 401
    # The member sets up again, with a new authenticator.
    again = set_up(server, member.username, r.json()["initial_password"], member.display_name)
    assert again.secret != member.secret
    assert again.client.get("/api/v1/caseload").status_code == 200


def test_remove_ends_the_members_sessions_at_once(server, org) -> None:
    member = org.add_member()
    assert member.client.get("/api/v1/staff/me").status_code == 200
    assert org.admin.client.delete(f"/api/v1/organisation/staff/{member.username}").status_code == 204
    assert member.client.get("/api/v1/staff/me").status_code == 401
    assert member.username not in {s["username"] for s in org.admin.client.get("/api/v1/organisation/staff").json()["staff"]}
    with staff_client(server) as c:
        r = c.post("/api/v1/auth/staff", json={"username": member.username, "password": member.password, "totp": code(member.secret, 2)})
        assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_credentials"
    assert org.admin.client.delete(f"/api/v1/organisation/staff/{member.username}").status_code == 404
    assert org.admin.client.post(f"/api/v1/organisation/staff/{member.username}/reset").status_code == 404
    # A removed member's username is not given out again.
    reuse = org.admin.client.post("/api/v1/organisation/staff", json={"username": member.username, "display_name": "X"})
    assert reuse.status_code == 409


def test_another_organisations_member_is_not_found(server, org) -> None:
    other = new_organisation(server)
    for method, path in [
        ("POST", f"/api/v1/organisation/staff/{other.admin.username}/reset"),
        ("DELETE", f"/api/v1/organisation/staff/{other.admin.username}"),
    ]:
        r = org.admin.client.request(method, path)
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert other.admin.client.get("/api/v1/staff/me").status_code == 200


def test_the_last_admin_cannot_be_removed(org) -> None:
    r = org.admin.client.delete(f"/api/v1/organisation/staff/{org.admin.username}")
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"
