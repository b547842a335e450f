"""Organisations, staff log-in with an authenticator code, and the first-time set-up (issue 10)."""

from __future__ import annotations

import httpx
import pyotp
import pytest

from .staff_helpers import NEW_PASSWORD, code, household, new_organisation, org_create, secret_of, staff_client, unique


@pytest.fixture(scope="module")
def org(server):
    return new_organisation(server)


def test_org_create_prints_the_initial_password_last(server) -> None:
    # seed 000, Vraag 19: "De verantwoordelijke die aangesteld werd in ieder OCMW kan medewerkers toevoegen."
    username = unique("first")
    done = org_create(server.database, name=unique("OCMW Gent "), admin_username=username, admin_name="Ilse V")
    assert done.returncode == 0, done.stderr
    password = done.stdout.strip().splitlines()[-1]
    assert len(password) >= 16 and " " not in password
    with staff_client(server) as c:
        r = c.post("/api/v1/auth/staff", json={"username": username, "password": password})
        assert r.status_code == 200 and r.json()["scope"] == "staff_setup"


def test_org_create_refuses_a_taken_name_or_username(server, org) -> None:
    again = org_create(server.database, name=org.name, admin_username=unique("x"), admin_name="X")
    assert again.returncode == 1 and "exists" in again.stderr
    taken = org_create(server.database, name=unique("Other "), admin_username=org.admin.username, admin_name="X")
    assert taken.returncode == 1 and "taken" in taken.stderr
    bad = org_create(server.database, name=unique("Other "), admin_username="a b", admin_name="X")
    assert bad.returncode == 2


def test_setup_token_only_finishes_the_setup(server, org) -> None:
    r = org.admin.client.post("/api/v1/organisation/staff", json={"username": unique("new"), "display_name": "Nieuw"})
    username, initial = r.json()["username"], r.json()["initial_password"]
    with staff_client(server) as c:
        token = c.post("/api/v1/auth/staff", json={"username": username, "password": initial}).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        for method, path in [("GET", "/api/v1/caseload"), ("GET", "/api/v1/organisation/staff"), ("GET", "/api/v1/staff/me")]:
            r = c.request(method, path, headers=auth)
            assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden", (path, r.text)
        # Not a household's session either.
        assert c.get("/api/v1/me", headers=auth).status_code == 401
        # Confirming before choosing a password.
        assert c.post("/api/v1/staff/setup/confirm", json={"totp": "123456"}, headers=auth).status_code == 409
        # Too short a password; the initial password again.
        short = c.post("/api/v1/staff/setup", json={"new_password": "kort"}, headers=auth)
        assert short.status_code == 422 and short.json()["error"]["code"] == "validation_error"
        same = c.post("/api/v1/staff/setup", json={"new_password": initial}, headers=auth)
        assert same.status_code == 422
        r = c.post("/api/v1/staff/setup", json={"new_password": NEW_PASSWORD}, headers=auth)
        uri = r.json()["totp_uri"]
        assert uri.startswith("otpauth://totp/") and "issuer=budgetmeter" in uri
        secret = secret_of(uri)
        wrong = c.post("/api/v1/staff/setup/confirm", json={"totp": "000000" if code(secret) != "000000" else "111111"}, headers=auth)
        assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_credentials"
        # Until confirmed, the initial password still works and the new one does not.
        assert c.post("/api/v1/auth/staff", json={"username": username, "password": NEW_PASSWORD}).status_code == 401
        assert c.post("/api/v1/staff/setup/confirm", json={"totp": code(secret)}, headers=auth).status_code == 204
        # The set-up token ended with the set-up.
        assert c.post("/api/v1/staff/setup", json={"new_password": NEW_PASSWORD}, headers=auth).status_code == 401
        # Now the code is needed, and the initial password is gone.
        no_code = c.post("/api/v1/auth/staff", json={"username": username, "password": NEW_PASSWORD})
        assert no_code.status_code == 401 and no_code.json()["error"]["code"] == "invalid_credentials"
        old = c.post("/api/v1/auth/staff", json={"username": username, "password": initial, "totp": code(secret, 1)})
        assert old.status_code == 401
        ok = c.post("/api/v1/auth/staff", json={"username": username, "password": NEW_PASSWORD, "totp": code(secret, 1)})
        assert ok.status_code == 200 and ok.json()["scope"] == "staff"
        staff_auth = {"Authorization": f"Bearer {ok.json()['access_token']}"}
        me = c.get("/api/v1/staff/me", headers=staff_auth).json()
        assert me == {"username": username, "display_name": "Nieuw", "organisation": org.name, "is_admin": False,
                      "organisation_id": me["organisation_id"]}  # issue 21: the id a household's request names
        assert isinstance(me["organisation_id"], int)
        # A full staff token cannot redo the set-up.
        assert c.post("/api/v1/staff/setup", json={"new_password": NEW_PASSWORD}, headers=staff_auth).status_code == 403


def test_the_same_code_does_not_log_in_twice(server, org) -> None:
    member = org.add_member()  # logged in once with the code one step ahead
    with staff_client(server) as c:
        replay = c.post(
            "/api/v1/auth/staff", json={"username": member.username, "password": member.password, "totp": member.last_code}
        )
        # Said as such (issue 20): the member waits for the next code instead of retrying this one.
        assert replay.status_code == 401 and replay.json()["error"]["code"] == "code_already_used"
        # An older code than the last one used is refused as well.
        older = c.post(
            "/api/v1/auth/staff",
            json={"username": member.username, "password": member.password, "totp": pyotp.TOTP(member.secret).at(member.last_code_at - 30)},
        )
        assert older.status_code == 401 and older.json()["error"]["code"] == "code_already_used"
        # A wrong password with that code says nothing about the code.
        wrong = c.post(
            "/api/v1/auth/staff", json={"username": member.username, "password": "Niet-het-wachtwoord", "totp": member.last_code}
        )
        assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_credentials"


def test_wrong_password_unknown_user_and_wrong_code_answer_alike(server, org) -> None:
    member = org.add_member()
    answers = []
    for body in (
        {"username": member.username, "password": "Niet-het-wachtwoord", "totp": code(member.secret, 1)},
        {"username": unique("nobody"), "password": member.password, "totp": code(member.secret, 1)},
        {"username": member.username, "password": member.password, "totp": "12345x"},
    ):
        with staff_client(server) as c:
            r = c.post("/api/v1/auth/staff", json=body)
        answers.append((r.status_code, r.json()))
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 401 and answers[0][1]["error"]["code"] == "invalid_credentials"


def test_staff_login_is_throttled_like_v1(server, org) -> None:
    member = org.add_member()
    with staff_client(server) as c:
        for _ in range(5):
            assert c.post("/api/v1/auth/staff", json={"username": member.username, "password": "fout-fout-fout"}).status_code == 401
    with staff_client(server) as other_address:
        r = other_address.post(
            "/api/v1/auth/staff", json={"username": member.username, "password": member.password, "totp": code(member.secret, 2)}
        )
    assert r.status_code == 429 and r.json()["error"]["code"] == "too_many_attempts"
    assert int(r.headers["Retry-After"]) > 0


def test_staff_and_household_tokens_never_cross(server, org) -> None:
    member = org.add_member()
    an = household(server, "an")
    try:
        staff_token = {"Authorization": f"Bearer {member.token}"}
        ean = an.get("/api/v1/me").json()["meters"][0]["ean"]
        for path in ("/api/v1/me", f"/api/v1/meters/{ean}/balance", "/api/v1/access-log", "/api/v1/tariff", "/api/v1/mandates"):
            r = httpx.get(server.url + path, headers=staff_token)
            assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized", path
        client_token = {"Authorization": an.headers["Authorization"]}
        for path in ("/api/v1/caseload", "/api/v1/caseload/1", "/api/v1/caseload/export.csv", "/api/v1/organisation/staff", "/api/v1/staff/me"):
            r = httpx.get(server.url + path, headers=client_token)
            assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized", path
        r = httpx.post(server.url + "/api/v1/caseload", json={"share_code": "ACDE-FGHJ"}, headers=client_token)
        assert r.status_code == 401
    finally:
        an.close()


def test_staff_logout_ends_the_token(server, org) -> None:
    member = org.add_member()
    assert member.client.get("/api/v1/caseload").status_code == 200
    assert member.client.post("/api/v1/staff/logout").status_code == 204
    assert member.client.get("/api/v1/caseload").status_code == 401
    assert member.client.post("/api/v1/staff/logout").status_code == 401
