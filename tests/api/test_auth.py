"""Logging in and out against the real server process."""

from __future__ import annotations

import time

import httpx
import pytest

from .conftest import DEMO, fresh_address, login


@pytest.mark.parametrize(
    "code",
    ["1111 2222 33", "1111222233", "1111-2222-33", " 1111 2222 33 "],
    ids=["grouped", "compact", "dashes", "padded"],
)
def test_prepaid_login_accepts_spaces_and_dashes(client: httpx.Client, code: str) -> None:
    r = client.post("/api/v1/auth/prepaid", json={"prepaid_code": code, "postal_code": "9000"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["token_type"] == "bearer" and body["scope"] == "prepaid"
    assert body["expires_in"] > 0 and len(body["access_token"]) >= 40


def test_wrong_code_and_wrong_postcode_answer_alike(client: httpx.Client) -> None:
    wrong_postcode = client.post("/api/v1/auth/prepaid", json={"prepaid_code": "1111 2222 33", "postal_code": "9050"})
    client.headers.update(fresh_address())
    wrong_code = client.post("/api/v1/auth/prepaid", json={"prepaid_code": "1111 2222 34", "postal_code": "9000"})
    assert wrong_postcode.status_code == wrong_code.status_code == 401
    assert wrong_postcode.json() == wrong_code.json() == {
        "error": {"code": "invalid_credentials", "message": "These login details are not right"}
    }


def test_password_login_gives_full_scope(client: httpx.Client) -> None:
    r = client.post("/api/v1/auth/login", json={"username": "an.peeters", "password": "Demo-2026!"})
    assert r.status_code == 200, r.text
    assert r.json()["scope"] == "full"
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {r.json()['access_token']}"}).json()
    assert me["display_name"] == "An Peeters" and me["scope"] == "full"


@pytest.mark.parametrize(
    "body",
    [
        {"username": "an.peeters", "password": "demo-2026!"},
        {"username": "nobody.here", "password": "Demo-2026!"},
    ],
    ids=["wrong-password", "unknown-user"],
)
def test_wrong_password_or_user_is_invalid_credentials(client: httpx.Client, body: dict) -> None:
    r = client.post("/api/v1/auth/login", json=body)
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "invalid_credentials"


def test_me_masks_the_prepaid_code(as_client) -> None:
    me = as_client("an").get("/api/v1/me").json()
    # seed 000, Vraag 12: "daarom is een gedeelte van de gegevens geblurd"
    assert me["prepaid_code_masked"] == "•••• •••• 33"
    assert "1111" not in str(me) and "2222" not in str(me)
    assert me["postal_code"] == "9000" and me["language"] == "nl"
    assert [m["energy"] for m in me["meters"]] == ["electricity", "gas"]
    for meter in me["meters"]:
        # seed 000, Vraag 6: "het referentienummer ... (13 cijfers na 54144 van EAN)"
        assert meter["ean"].startswith("54144") and len(meter["ean"]) == 18
        assert meter["reference_number"] == meter["ean"][5:]


def test_logout_revokes_the_token(client: httpx.Client) -> None:
    token = login(client, "youssef")
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me", headers=auth).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=auth).status_code == 204
    r = client.get("/api/v1/me", headers=auth)
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize(
    "header", [None, "Bearer", "Bearer not-a-token", "Basic YWJjOmRlZg=="], ids=["none", "empty", "unknown", "basic"]
)
def test_requests_without_a_valid_token_are_unauthorized(client: httpx.Client, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    r = client.get("/api/v1/me", headers=headers)
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "unauthorized"


def test_a_prepaid_code_visit_says_who_it_claimed_to_be_unverified(client: httpx.Client) -> None:
    """The v1 helper log-in stays (seed 000, Vraag 8: "Via Prepaid-basic kunnen hulpverleners aan de hand
    van zijn Prepaid-code inloggen"), but anyone with the code can type any name (issue 20): the entry
    says it was the Prepaid-code, who it said it was, and that nobody checked, never like a staff
    member's entry."""
    login(client, "marie", helper={"name": "Els Janssens", "organisation": "OCMW Leuven"})
    own = login(client, "marie")
    log = client.get("/api/v1/access-log", headers={"Authorization": f"Bearer {own}"}).json()["items"]
    assert log[0]["actor"] == "client" and log[0]["verified"] is True  # newest first: the client's own login came last
    visit = log[1]
    assert {k: visit[k] for k in ("actor", "method", "said_to_be", "verified", "helper_name", "helper_organisation")} == {
        "actor": "prepaid_code", "method": "prepaid", "said_to_be": {"name": "Els Janssens", "organisation": "OCMW Leuven"},
        "verified": False, "helper_name": None, "helper_organisation": None,
    }
    assert not [e for e in log if e["actor"] == "helper"]


def test_helper_token_says_who_acts(as_client) -> None:
    me = as_client("an", helper={"name": "Karim B.", "organisation": "CAW Oost-Vlaanderen"}).get("/api/v1/me").json()
    assert me["acting_helper"] == {"name": "Karim B.", "organisation": "CAW Oost-Vlaanderen"}


@pytest.fixture
def strict_server(make_server):
    proc = make_server(
        env={
            "BUDGETMETER_THROTTLE_BASE_LOCK_SECONDS": "2",
            "BUDGETMETER_TOKEN_IDLE_SECONDS": "2",
            "BUDGETMETER_TOKEN_ABSOLUTE_SECONDS": "4",
        },
    )
    yield proc
    proc.stop()


def test_throttling_after_five_failures_with_growing_retry_after(strict_server) -> None:
    with httpx.Client(base_url=strict_server.url, headers=fresh_address(), timeout=10) as c:
        wrong = {"prepaid_code": "1111 2222 33", "postal_code": "1000"}
        for _ in range(5):
            assert c.post("/api/v1/auth/prepaid", json=wrong).status_code == 401
        locked = c.post("/api/v1/auth/prepaid", json=DEMO["an"])
        assert locked.status_code == 429
        assert locked.json()["error"]["code"] == "too_many_attempts"
        first_wait = int(locked.headers["Retry-After"])
        assert 1 <= first_wait <= 2
        # Another address is locked out of this code too: throttling is per Prepaid-code.
        other = c.post("/api/v1/auth/prepaid", json=DEMO["an"], headers=fresh_address())
        assert other.status_code == 429
        time.sleep(first_wait + 0.2)
        assert c.post("/api/v1/auth/prepaid", json=wrong).status_code == 401
        again = c.post("/api/v1/auth/prepaid", json=DEMO["an"])
        assert again.status_code == 429
        assert int(again.headers["Retry-After"]) > first_wait  # grows with repeats
        # Other households are not affected.
        assert c.post("/api/v1/auth/prepaid", json=DEMO["sophie"], headers=fresh_address()).status_code == 200


def test_throttling_survives_a_restart(make_server) -> None:
    env = {"BUDGETMETER_THROTTLE_BASE_LOCK_SECONDS": "300"}
    first = make_server(env=env)
    address = fresh_address()
    try:
        with httpx.Client(base_url=first.url, headers=address, timeout=10) as c:
            for _ in range(5):
                c.post("/api/v1/auth/login", json={"username": "an.peeters", "password": "guess"})
    finally:
        first.stop()
    second = make_server(database=first.database, env=env)
    try:
        with httpx.Client(base_url=second.url, headers=fresh_address(), timeout=10) as c:
            r = c.post("/api/v1/auth/login", json={"username": "an.peeters", "password": "Demo-2026!"})
            assert r.status_code == 429
            assert 200 < int(r.headers["Retry-After"]) <= 300
    finally:
        second.stop()


def test_per_address_throttle(make_server) -> None:
    proc = make_server(env={"BUDGETMETER_THROTTLE_MAX_FAILURES_PER_ADDRESS": "3"})
    try:
        with httpx.Client(base_url=proc.url, headers=fresh_address(), timeout=10) as c:
            for code in ("0000 0000 01", "0000 0000 02", "0000 0000 03"):
                assert c.post("/api/v1/auth/prepaid", json={"prepaid_code": code, "postal_code": "9000"}).status_code == 401
            # A fourth, different code from the same address is refused before it is checked.
            r = c.post("/api/v1/auth/prepaid", json=DEMO["an"])
            assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    finally:
        proc.stop()


def test_a_known_code_is_delayed_never_locked_out(make_server) -> None:
    """Anyone who knows a household's Prepaid-code can make its log-in wait, never lock it out: each
    failure beyond five adds a doubling delay, capped (here 2 s; a few minutes by default)."""
    proc = make_server(env={"BUDGETMETER_THROTTLE_BASE_LOCK_SECONDS": "1", "BUDGETMETER_THROTTLE_MAX_DELAY_SECONDS": "2"})
    wrong = {**DEMO["an"], "postal_code": "1000"}
    waits = []
    for _ in range(10):  # from a new address each time: only the code's own rule applies
        r = httpx.post(f"{proc.url}/api/v1/auth/prepaid", json=wrong, headers=fresh_address(), timeout=10)
        if r.status_code == 429:
            waits.append(int(r.headers["Retry-After"]))
            time.sleep(waits[-1] + 0.2)
        else:
            assert r.status_code == 401
    assert waits and max(waits) <= 2, waits
    # The owner, after the delay: in.
    time.sleep(2.2)
    assert httpx.post(f"{proc.url}/api/v1/auth/prepaid", json=DEMO["an"], headers=fresh_address(), timeout=10).status_code == 200


def test_per_address_throttle_counts_an_ipv6_64_as_one_address(make_server) -> None:
    # One IPv6 /64 is one subscriber: its addresses rotate freely, so they share one count.
    proc = make_server(env={"BUDGETMETER_THROTTLE_MAX_FAILURES_PER_ADDRESS": "3"})
    post = lambda body, address: httpx.post(  # noqa: E731
        f"{proc.url}/api/v1/auth/prepaid", json=body, headers={"X-Forwarded-For": address}, timeout=10
    )
    for n, address in enumerate(("2001:db8:5:6::1", "2001:db8:5:6::2", "2001:db8:5:6:a:b:c:d"), start=1):
        assert post({"prepaid_code": f"0000 0000 0{n}", "postal_code": "9000"}, address).status_code == 401
    r = post(DEMO["an"], "2001:db8:5:6:ffff:ffff:ffff:ffff")
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    # The next /64 is someone else.
    assert post(DEMO["an"], "2001:db8:5:7::1").status_code == 200


def test_idle_and_absolute_expiry(strict_server) -> None:
    with httpx.Client(base_url=strict_server.url, headers=fresh_address(), timeout=10) as c:
        token = login(c, "an")
        auth = {"Authorization": f"Bearer {token}"}
        assert c.get("/api/v1/me", headers=auth).status_code == 200
        time.sleep(2.2)  # idle longer than the 2 s idle timeout
        r = c.get("/api/v1/me", headers=auth)
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"

        token = login(c, "an")
        auth = {"Authorization": f"Bearer {token}"}
        for _ in range(5):  # kept busy, yet the 4 s absolute lifetime ends it
            time.sleep(0.9)
            last = c.get("/api/v1/me", headers=auth)
        assert last.status_code == 401
