"""POST /api/v1/operator/organisations: the operator creates a helper organisation and its first
administrator, as `budgetmeter-server org create` does (issue 10)."""

from __future__ import annotations

import httpx
import pytest

from .operator_helpers import create_key, operator_client
from .staff_helpers import household, new_organisation, set_up, unique


@pytest.fixture(scope="module")
def operator(server):
    with operator_client(server.url, create_key(server.database)) as c:
        yield c


def test_operator_creates_an_organisation_whose_admin_sets_up(server, operator) -> None:
    username = unique("Admin.")
    r = operator.post("/api/v1/operator/organisations", json={"name": unique("OCMW Leuven "), "admin": {"username": username, "display_name": "Ilse"}})
    assert r.status_code == 201, r.text
    body = r.json()
    assert set(body) == {"organisation_id", "admin_username", "initial_password"}
    assert body["admin_username"] == username.lower() and isinstance(body["organisation_id"], int)
    admin = set_up(server, body["admin_username"], body["initial_password"], "Ilse")
    me = admin.client.get("/api/v1/staff/me").json()
    assert me["is_admin"] is True and me["display_name"] == "Ilse"


def test_taken_names_and_bad_bodies(server, operator) -> None:
    name = unique("OCMW Mechelen ")
    first = operator.post("/api/v1/operator/organisations", json={"name": name, "admin": {"username": unique("a"), "display_name": "A"}})
    assert first.status_code == 201
    again = operator.post("/api/v1/operator/organisations", json={"name": name, "admin": {"username": unique("b"), "display_name": "B"}})
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    for body in (
        {"name": unique("X "), "admin": {"username": "a b", "display_name": "A"}},
        {"name": "", "admin": {"username": unique("c"), "display_name": "A"}},
        {"name": unique("X "), "admin": {"username": unique("d")}},
        {"name": unique("X "), "admin": {"username": unique("e"), "display_name": "A"}, "extra": 1},
    ):
        r = operator.post("/api/v1/operator/organisations", json=body)
        assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error", body


def test_only_an_operator_key_creates_organisations(server) -> None:
    body = {"name": unique("OCMW Nope "), "admin": {"username": unique("n"), "display_name": "N"}}
    assert httpx.post(server.url + "/api/v1/operator/organisations", json=body).status_code == 401
    an = household(server, "an")
    try:
        r = an.post("/api/v1/operator/organisations", json=body)
        assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    finally:
        an.close()
    # A staff member's token is a person's session too.
    org = new_organisation(server)
    r = org.admin.client.post("/api/v1/operator/organisations", json=body)
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    r = org.admin.client.get("/api/v1/operator/pending-topups")
    assert r.status_code == 403
