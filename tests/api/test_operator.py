"""The operator data path against the real server on both stores (the operator data path: /api/v1/operator/):
keys, accounts, readings, top-ups, the back office's open preparations, social tariff, history."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from .conftest import fresh_address
from .operator_helpers import (
    account_body,
    ago,
    cli,
    create_key,
    fresh_code,
    fresh_ean,
    fresh_ref,
    operator_client,
    reading,
)


@pytest.fixture(scope="module")
def key(server) -> str:
    return create_key(server.database)


@pytest.fixture
def op(server, key) -> httpx.Client:
    with operator_client(server.url, key) as c:
        yield c


def new_household(op: httpx.Client, *meters: str, code: str | None = None) -> tuple[str, str, list[str]]:
    """A household with one meter per energy given; (account_ref, prepaid_code, eans)."""
    ref, code = fresh_ref(), code or fresh_code()
    eans = [fresh_ean() for _ in meters]
    r = op.put(f"/api/v1/operator/accounts/{ref}", json=account_body(code, *zip(eans, meters)))
    assert r.status_code == 200, r.text
    assert r.json() == {"account_ref": ref, "created": True}
    return ref, code, eans


@contextmanager
def household_login(server, code: str, postal_code: str = "9000") -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, headers=fresh_address(), timeout=10) as c:
        r = c.post("/api/v1/auth/prepaid", json={"prepaid_code": code, "postal_code": postal_code})
        assert r.status_code == 200, r.text
        c.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
        yield c


# --- keys -----------------------------------------------------------------------------------------


def test_no_key_unknown_key_and_revoked_key_are_401(server) -> None:
    name = f"revoke-me-{uuid.uuid4().hex[:8]}"
    revoked = create_key(server.database, name)
    assert httpx.get(f"{server.url}/api/v1/operator/pending-topups", headers={"Authorization": f"Bearer {revoked}"}).status_code == 200
    cli("operator-key", "revoke", name, "--database", server.database)
    for headers in ({}, {"Authorization": "Bearer bmk_not-a-key"}, {"Authorization": f"Bearer {revoked}"}):
        r = httpx.get(f"{server.url}/api/v1/operator/pending-topups", headers=headers)
        assert r.status_code == 401, headers
        assert r.json()["error"]["code"] == "unauthorized"
    listed = cli("operator-key", "list", "--database", server.database).stdout
    assert f"{name}\t" in listed and "revoked" in listed.split(f"{name}\t")[1].splitlines()[0]
    assert "bmk_" not in listed


def test_a_persons_token_is_forbidden_there(as_client) -> None:
    c = as_client("an")
    r = c.get("/api/v1/operator/pending-topups")
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"


def test_an_operator_key_opens_nothing_else(server, key) -> None:
    r = httpx.get(f"{server.url}/api/v1/me", headers={"Authorization": f"Bearer {key}"})
    assert r.status_code == 401


def test_the_key_is_never_logged(server, key, op) -> None:
    op.get("/api/v1/operator/pending-topups")
    assert key not in server.log()
    assert key[4:] not in server.log()


def test_a_key_name_is_unique(server) -> None:
    name = f"twice-{uuid.uuid4().hex[:8]}"
    create_key(server.database, name)
    again = cli("operator-key", "create", "--name", name, "--database", server.database, check=False)
    assert again.returncode == 1 and "already exists" in again.stderr and "bmk_" not in again.stdout


# --- accounts -------------------------------------------------------------------------------------


def test_a_loaded_household_logs_in_with_its_own_code(server, op) -> None:
    ref, code, (el, gas) = new_household(op, "electricity", "gas")
    with household_login(server, code) as c:
        me = c.get("/api/v1/me").json()
        assert me["display_name"] == "Test Huishouden"
        assert me["prepaid_code_masked"].endswith(code[-2:])
        assert {m["ean"]: m["energy"] for m in me["meters"]} == {el: "electricity", gas: "gas"}


def test_update_keeps_the_code_and_never_removes_meters(server, op) -> None:
    ref, code, (el,) = new_household(op, "electricity")
    gas = fresh_ean()
    body = account_body(code, (gas, "gas"))
    del body["prepaid_code"]
    body["display_name"] = "Nieuwe Naam"
    r = op.put(f"/api/v1/operator/accounts/{ref}", json=body)
    assert r.status_code == 200 and r.json() == {"account_ref": ref, "created": False}
    with household_login(server, code) as c:
        me = c.get("/api/v1/me").json()
        assert me["display_name"] == "Nieuwe Naam"
        assert {m["ean"] for m in me["meters"]} == {el, gas}


def test_a_new_account_needs_a_code(op) -> None:
    body = account_body(fresh_code(), (fresh_ean(), "electricity"))
    del body["prepaid_code"]
    r = op.put(f"/api/v1/operator/accounts/{fresh_ref()}", json=body)
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"


def test_an_ean_of_another_account_is_a_conflict(op) -> None:
    _, _, (el,) = new_household(op, "electricity")
    r = op.put(f"/api/v1/operator/accounts/{fresh_ref()}", json=account_body(fresh_code(), (el, "electricity")))
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"


def test_a_prepaid_code_in_use_is_a_conflict(op) -> None:
    # The demo's An Peeters has 1111 2222 33.
    r = op.put(f"/api/v1/operator/accounts/{fresh_ref()}", json=account_body("1111222233", (fresh_ean(), "gas")))
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"
    assert "1111" not in r.text


@pytest.mark.parametrize(
    "change,code",
    [
        ({"postal_code": "9999"}, "unknown_postal_code"),
        ({"postal_code": "90"}, "validation_error"),
        ({"language": "es"}, "validation_error"),
        ({"prepaid_code": "12345"}, "validation_error"),
        ({"meters": [{"ean": "541449000000000001", "energy": "gas", "emergency_credit_limit_cents": 0}]}, "validation_error"),
        ({"meters": [{"ean": "541449000000000000", "energy": "water", "emergency_credit_limit_cents": 0}]}, "validation_error"),
        ({"surprise": 1}, "validation_error"),
    ],
    ids=["unknown-postcode", "short-postcode", "language", "short-code", "gsrn-check-digit", "energy", "unknown-field"],
)
def test_bad_accounts_are_refused(op, change, code) -> None:
    body = {**account_body(fresh_code(), (fresh_ean(), "electricity")), **change}
    r = op.put(f"/api/v1/operator/accounts/{fresh_ref()}", json=body)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == code


def test_a_bad_account_ref_is_refused(op) -> None:
    r = op.put("/api/v1/operator/accounts/has%20space", json=account_body(fresh_code(), (fresh_ean(), "gas")))
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"


# --- readings -------------------------------------------------------------------------------------


def test_reading_statuses(server, op) -> None:
    _, code, (el,) = new_household(op, "electricity")
    batch = [
        reading("r1-" + el, el, ago(hours=3), 5000),
        reading("r2-" + el, el, ago(hours=2), 4800),
        reading("r0-" + el, el, ago(hours=5), 5300),  # older than the current state
        reading("r2-" + el, el, ago(hours=2), 4800),  # the same event again in the batch
        reading("r1-" + el, el, ago(hours=3), 1),  # same id, other content
        reading("r3-" + el, fresh_ean(), ago(hours=1), 100),  # unknown meter
        reading("r4-" + el, el[:-1] + str((int(el[-1]) + 1) % 10), ago(hours=1), 100),  # wrong check digit
        reading("r5-" + el, el, ago(minutes=-30), 100),  # 30 minutes in the future
        reading("r6-" + el, el, ago(hours=1), 10**9),  # out of range
        reading("r7-" + el, el, ago(hours=1), "4000"),  # a string
        {"event_id": "r8-" + el, "ean": el},  # missing fields
        42,  # not an object
    ]
    r = op.post("/api/v1/operator/meter-readings", json={"readings": batch})
    assert r.status_code == 200, r.text
    answer = r.json()
    got = [(x["status"], (x.get("error") or {}).get("code")) for x in answer["results"]]
    assert got == [
        ("applied", None),
        ("applied", None),
        ("stale", None),
        ("duplicate", None),
        ("rejected", "conflict"),
        ("rejected", "not_found"),
        ("rejected", "validation_error"),
        ("rejected", "validation_error"),
        ("rejected", "validation_error"),
        ("rejected", "validation_error"),
        ("rejected", "validation_error"),
        ("rejected", "validation_error"),
    ]
    assert (answer["applied"], answer["stale"], answer["duplicate"], answer["rejected"]) == (2, 1, 1, 8)
    assert [x["event_id"] for x in answer["results"]][:3] == ["r1-" + el, "r2-" + el, "r0-" + el]
    # The newest reading is the balance; a replay of the whole batch changes nothing.
    with household_login(server, code) as c:
        assert c.get(f"/api/v1/meters/{el}/balance").json()["balance_cents"] == 4800
    again = op.post("/api/v1/operator/meter-readings", json={"readings": batch[:3]}).json()
    assert [x["status"] for x in again["results"]] == ["duplicate"] * 3
    with household_login(server, code) as c:
        b = c.get(f"/api/v1/meters/{el}/balance").json()
        assert b["balance_cents"] == 4800 and b["status"] == "supplying"


def test_a_batch_of_new_and_stored_readings(server, op) -> None:
    """New readings beside stored ones in one batch: the store inserts first and looks back only at
    the event ids it did not insert (server.store.readings.insert_or_find), each answered rightly."""
    _, code, (el,) = new_household(op, "electricity")
    first = [reading("m1-" + el, el, ago(hours=4), 5000), reading("m2-" + el, el, ago(hours=3), 4900)]
    assert op.post("/api/v1/operator/meter-readings", json={"readings": first}).json()["applied"] == 2
    mixed = [
        reading("m3-" + el, el, ago(hours=2), 4700),  # new
        first[0],  # stored, same content: a replay
        reading("m2-" + el, el, ago(hours=3), 1),  # stored, other content: a conflict
        reading("m4-" + el, el, ago(hours=1), 4600),  # new, after a stored one in the batch
    ]
    answer = op.post("/api/v1/operator/meter-readings", json={"readings": mixed}).json()
    assert [(x["status"], (x.get("error") or {}).get("code")) for x in answer["results"]] == [
        ("applied", None), ("duplicate", None), ("rejected", "conflict"), ("applied", None)]
    with household_login(server, code) as c:
        assert c.get(f"/api/v1/meters/{el}/balance").json()["balance_cents"] == 4600


def test_reported_emergency_credit_is_shown(server, op) -> None:
    _, code, (el,) = new_household(op, "electricity")
    r = op.post(
        "/api/v1/operator/meter-readings",
        json={"readings": [reading("ec-" + el, el, ago(minutes=5), -500, emergency_credit_available_cents=1500, emergency_credit_in_use=True)]},
    )
    assert r.json()["applied"] == 1
    with household_login(server, code) as c:
        b = c.get(f"/api/v1/meters/{el}/balance").json()
    assert b["status"] == "emergency_credit"
    assert b["emergency_credit"] == {"limit_cents": 2000, "available_cents": 1500, "in_use": True}
    assert b["updated_at"].endswith(("+01:00", "+02:00"))


def test_more_than_5000_items_is_413(op) -> None:
    ean = fresh_ean()
    batch = [reading(f"big-{i}", ean, ago(hours=1), 100) for i in range(5001)]
    r = op.post("/api/v1/operator/meter-readings", json={"readings": batch})
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "payload_too_large"


def test_a_batch_of_5000_is_accepted(op) -> None:
    _, _, (el,) = new_household(op, "gas")
    batch = [reading(f"full-{el}-{i}", el, ago(minutes=5000 - i), 100_000 - i) for i in range(5000)]
    r = op.post("/api/v1/operator/meter-readings", json={"readings": batch})
    assert r.status_code == 200, r.text[:300]
    assert r.json()["applied"] == 5000


def test_a_large_body_without_a_key_is_refused_early(server) -> None:
    r = httpx.post(
        f"{server.url}/api/v1/operator/meter-readings", content=b'{"readings": [' + b" " * 200_000 + b"]}",
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"


def _peak_rss_bytes(server) -> int:
    """The server process's peak resident memory (VmHWM): the parsed body is freed after its answer,
    so the current VmRSS alone would miss it."""
    for line in open(f"/proc/{server.process.pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


def test_an_unauthenticated_large_body_is_never_read(make_server) -> None:
    """Only a key found in the store opens the operator's large body limit; a made-up key gets its
    401, and no key its 413, before the body is read (a fresh server: its heap not yet grown)."""
    server = make_server()
    nested = b"[" + b"[]," * (3 * 1024 * 1024) + b"[]]"  # 9 MiB that would parse into 3 million lists
    before = _peak_rss_bytes(server)
    for headers, status in (({"Authorization": "Bearer bmk_made-up-key"}, 401), ({}, 413)):
        r = httpx.put(
            f"{server.url}/api/v1/operator/topup-points", content=nested,
            headers={"Content-Type": "application/json", **headers}, timeout=60,
        )
        assert r.status_code == status, r.text[:300]
    assert _peak_rss_bytes(server) - before < 20 * 1024 * 1024
    # A real key still gets the large limit: its body is read and answered on its content.
    with operator_client(server.url, create_key(server.database)) as op:
        r = op.put("/api/v1/operator/topup-points", content=b'{"points": [' + b" " * 1_000_000 + b"]}",
                   headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error", r.text[:300]


# --- top-ups and the "klaarzetten" loop --------------------------------------------------------------


def test_a_topup_loads_a_preparation(server, op) -> None:
    _, code, (el,) = new_household(op, "electricity")
    op.post("/api/v1/operator/meter-readings", json={"readings": [reading("t0-" + el, el, ago(hours=4), 300)]})
    with household_login(server, code) as c:
        key = uuid.uuid4().hex
        prepared = c.post(f"/api/v1/meters/{el}/pending-topups", json={"amount_cents": 2500}, headers={"Idempotency-Key": key})
        assert prepared.status_code == 201 and prepared.json()["status"] == "awaiting_transfer"
        pending_id = prepared.json()["id"]

    listed = _all_open(op)
    mine = [i for i in listed if i["pending_topup_id"] == pending_id]
    assert mine and mine[0]["status"] == "open" and mine[0]["amount_cents"] == 2500 and mine[0]["ean"] == el
    created = [i["created_at"] for i in listed]
    assert created == sorted(created)

    topup = {"event_id": "tu-" + el, "ean": el, "amount_cents": 2500, "loaded_at": ago(hours=1), "channel": "transfer", "pending_topup_id": pending_id}
    r = op.post("/api/v1/operator/topups", json={"topups": [topup]})
    assert r.status_code == 200 and r.json()["results"] == [{"event_id": "tu-" + el, "status": "applied", "error": None}]
    # A second top-up for the same preparation is a conflict; a replay is a duplicate.
    other = {**topup, "event_id": "tu2-" + el}
    r = op.post("/api/v1/operator/topups", json={"topups": [topup, other]})
    assert [(x["status"], (x["error"] or {}).get("code")) for x in r.json()["results"]] == [("duplicate", None), ("rejected", "conflict")]
    assert pending_id not in [i["pending_topup_id"] for i in _all_open(op)]
    loaded = op.get("/api/v1/operator/pending-topups", params={"status": "loaded", "limit": 500}).json()["items"]
    assert pending_id in [i["pending_topup_id"] for i in loaded]

    with household_login(server, code) as c:
        # The balance did not change: the next reading will (no double counting).
        assert c.get(f"/api/v1/meters/{el}/balance").json()["balance_cents"] == 300
        items = c.get(f"/api/v1/meters/{el}/topups").json()["items"]
        assert items[0]["amount_cents"] == 2500 and items[0]["pending_topup_id"] == pending_id
        replay = c.post(f"/api/v1/meters/{el}/pending-topups", json={"amount_cents": 2500}, headers={"Idempotency-Key": key})
        assert replay.status_code == 200 and replay.json()["status"] == "loaded" and replay.json()["loaded_at"]


def _all_open(op: httpx.Client) -> list[dict]:
    items, cursor = [], None
    while True:
        page = op.get("/api/v1/operator/pending-topups", params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


def test_bad_topups_are_rejected(op) -> None:
    _, _, (el,) = new_household(op, "gas")
    base = {"ean": el, "amount_cents": 1000, "loaded_at": ago(hours=1), "channel": "terminal"}
    batch = [
        {**base, "event_id": "b1-" + el, "amount_cents": 0},
        {**base, "event_id": "b2-" + el, "channel": "cash"},
        {**base, "event_id": "b3-" + el, "ean": fresh_ean()},
        {**base, "event_id": "b4-" + el, "pending_topup_id": 999_999_999},
        {**base, "event_id": "b5-" + el, "loaded_at": ago(minutes=-20)},
        {**base, "event_id": "b6-" + el, "channel": "other", "location": "Elders"},
    ]
    r = op.post("/api/v1/operator/topups", json={"topups": batch})
    got = [(x["status"], (x["error"] or {}).get("code")) for x in r.json()["results"]]
    assert got == [
        ("rejected", "validation_error"),
        ("rejected", "validation_error"),
        ("rejected", "not_found"),
        ("rejected", "not_found"),
        ("rejected", "validation_error"),
        ("applied", None),
    ]


# JSON that Python's parser takes (NaN, Infinity) or turns into infinity (1e999), an integer longer
# than int() converts (4,300 digits), and an id beyond the store's 64-bit integers.
HOSTILE_NUMBERS = ["NaN", "Infinity", "-Infinity", "1e999", "9" * 5000, "-" + "9" * 5000]


@pytest.mark.parametrize("number", HOSTILE_NUMBERS, ids=["nan", "inf", "-inf", "1e999", "5000-digits", "-5000-digits"])
def test_non_finite_and_oversized_numbers_are_rejected_items(op, number: str) -> None:
    ean = fresh_ean()
    good = reading("nan-ok-" + ean, ean, ago(hours=1), 100)
    bad = json.dumps(reading("nan-" + ean, ean, ago(hours=1), 0)).replace('"balance_cents": 0', f'"balance_cents": {number}')
    r = op.post("/api/v1/operator/meter-readings", content=f'{{"readings": [{bad}, {json.dumps(good)}]}}',
                headers={"Content-Type": "application/json"})
    assert r.status_code == 200, r.text[:300]
    first, second = r.json()["results"]
    assert (first["status"], first["error"]["code"]) == ("rejected", "validation_error")
    assert first["error"]["message"].startswith("balance_cents: ") and len(first["error"]["message"]) < 200
    assert second["error"]["code"] != "validation_error"  # the batch goes on (an unknown EAN here)
    topup = {"event_id": "nan-t-" + ean, "ean": ean, "amount_cents": 0, "loaded_at": ago(hours=1), "channel": "terminal"}
    for field in ("amount_cents", "pending_topup_id"):
        bad = json.dumps(topup).replace('"amount_cents": 0', f'"{field}": {number}' if field == "amount_cents" else f'"amount_cents": 100, "{field}": {number}')
        r = op.post("/api/v1/operator/topups", content=f'{{"topups": [{bad}]}}', headers={"Content-Type": "application/json"})
        assert r.status_code == 200, r.text[:300]
        (result,) = r.json()["results"]
        assert (result["status"], result["error"]["code"]) == ("rejected", "validation_error"), result
        assert result["error"]["message"].startswith(f"{field}: ")


def test_a_pending_topup_id_beyond_the_store_is_rejected(op) -> None:
    ean = fresh_ean()
    topup = {"event_id": "big-id-" + ean, "ean": ean, "amount_cents": 100, "loaded_at": ago(hours=1),
             "channel": "terminal", "pending_topup_id": 2**63}
    (result,) = op.post("/api/v1/operator/topups", json={"topups": [topup]}).json()["results"]
    assert (result["status"], result["error"]["code"]) == ("rejected", "validation_error"), result


def test_bad_pending_cursor(op) -> None:
    r = op.get("/api/v1/operator/pending-topups", params={"cursor": "nope"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"


# --- social tariff ------------------------------------------------------------------------------


def test_social_tariff_is_replaced(server, op) -> None:
    ref, code, _ = new_household(op, "electricity", "gas")
    body = {
        "checked_at": ago(hours=1),
        "protected_customer": True,
        "energies": [
            {"energy": "electricity", "active": True, "category": "2B", "start": "2026-10-01", "end": "2026-12-31", "source": "automatic"},
            {"energy": "gas", "active": False},
        ],
    }
    r = op.put(f"/api/v1/operator/accounts/{ref}/social-tariff", json=body)
    assert r.status_code == 200, r.text
    with household_login(server, code) as c:
        t = c.get("/api/v1/tariff").json()
    assert t["protected_customer"] is True
    assert {e["energy"]: (e["active"], e["category"]) for e in t["social_tariff"]} == {
        "electricity": (True, "2B"), "gas": (False, None)
    }
    assert op.put(f"/api/v1/operator/accounts/{fresh_ref()}/social-tariff", json=body).status_code == 404
    bad = {**body, "energies": [{"energy": "electricity", "active": True, "category": "5"}]}
    r = op.put(f"/api/v1/operator/accounts/{ref}/social-tariff", json=bad)
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"
