"""Balances, history, payment instructions and prepared top-ups against the real server."""

from __future__ import annotations

import threading
import uuid

import httpx
import pytest
import segno

from .conftest import login


def _meters(c: httpx.Client) -> dict[str, dict]:
    return {m["energy"]: m for m in c.get("/api/v1/me").json()["meters"]}


def _balance(c: httpx.Client, energy: str) -> dict:
    ean = _meters(c)[energy]["ean"]
    r = c.get(f"/api/v1/meters/{ean}/balance")
    assert r.status_code == 200, r.text
    return r.json()


# The README's demo table, exactly.
DEMO_BALANCES = [
    ("an", "electricity", 4217, "supplying", 2000, False, 29),
    ("an", "gas", 1250, "supplying", 2000, False, 9),
    ("youssef", "electricity", -320, "emergency_credit", 1680, True, 6),
    ("youssef", "gas", 0, "minimum_supply", 0, False, 0),
    ("marie", "electricity", -2500, "minimum_supply", 0, True, 0),
    ("sophie", "electricity", 805, "supplying", 2000, False, 2),
]


@pytest.mark.parametrize(
    "who,energy,balance,status,ec_available,ec_in_use,days", DEMO_BALANCES, ids=[f"{r[0]}-{r[1]}" for r in DEMO_BALANCES]
)
def test_demo_balances(as_client, who, energy, balance, status, ec_available, ec_in_use, days) -> None:
    b = _balance(as_client(who), energy)
    assert b["balance_cents"] == balance
    assert b["status"] == status
    assert b["emergency_credit"]["available_cents"] == ec_available
    assert b["emergency_credit"]["in_use"] is ec_in_use
    assert b["estimated_days_left"] == days
    assert b["updated_at"].endswith(("+01:00", "+02:00"))  # Europe/Brussels


# Issue 20: days before the emergency credit (the household's own money) and the smallest top-up back to
# full supply, per demo meter: (who, energy, days_until_emergency_credit, topup_needed_cents).
DEMO_TRUTH = [
    ("an", "electricity", 4217 // 210, 0),
    ("an", "gas", 1250 // 340, 0),
    # seed 002: "dan moet u die 50 euro terugbetalen, plus het bedrag van uw oplaadbeurt (minimaal 0,50 euro)"
    ("youssef", "electricity", 0, 320 + 50),
    ("youssef", "gas", 0, 50),
    ("marie", "electricity", 0, 2500 + 50),
    ("sophie", "electricity", 0, 0),  # € 8,05 at € 10,00 a day: less than a day, then emergency credit
]


@pytest.mark.parametrize("who,energy,days,needed", DEMO_TRUTH, ids=[f"{r[0]}-{r[1]}" for r in DEMO_TRUTH])
def test_demo_days_until_emergency_credit_and_topup_needed(as_client, who, energy, days, needed) -> None:
    b = _balance(as_client(who), energy)
    assert (b["days_until_emergency_credit"], b["topup_needed_cents"]) == (days, needed)
    keys = list(b)  # after the v1 days left, which keep their meaning (emergency credit included)
    assert keys.index("days_until_emergency_credit") == keys.index("estimated_days_left") + 1


def test_minimum_supply_is_ten_ampere_on_electricity(as_client) -> None:
    b = _balance(as_client("marie"), "electricity")
    # seed 001: "de geleverde elektriciteit slechts 10 ampère is"
    assert b["minimum_supply"] == {"active": True, "max_current_a": 10}


def test_households_without_gas_have_one_meter(as_client) -> None:
    assert list(_meters(as_client("sophie"))) == ["electricity"]


def test_another_clients_meter_is_not_found(client: httpx.Client) -> None:
    youssef = login(client, "youssef")
    an = login(client, "an")
    an_ean = _meters(httpx.Client(base_url=str(client.base_url), headers={"Authorization": f"Bearer {an}"}))["electricity"]["ean"]
    auth = {"Authorization": f"Bearer {youssef}"}
    for path in ("balance", "topups", "payment-instructions"):
        r = client.get(f"/api/v1/meters/{an_ean}/{path}", headers=auth)
        assert r.status_code == 404, path
        assert r.json()["error"]["code"] == "not_found"
    r = client.post(
        f"/api/v1/meters/{an_ean}/pending-topups",
        json={"amount_cents": 2000},
        headers={**auth, "Idempotency-Key": uuid.uuid4().hex},
    )
    assert r.status_code == 404


def test_unknown_ean_is_not_found(as_client) -> None:
    r = as_client("an").get("/api/v1/meters/541448000000999999/balance")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_topup_history_is_paged_newest_first(as_client) -> None:
    c = as_client("an")
    ean = _meters(c)["electricity"]["ean"]
    seen, cursor = [], None
    while True:
        params = {"limit": 10, **({"cursor": cursor} if cursor else {})}
        page = c.get(f"/api/v1/meters/{ean}/topups", params=params).json()
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 25
    assert len({t["id"] for t in seen}) == 25
    times = [t["at"] for t in seen]
    assert times == sorted(times, reverse=True)
    # The newest, at a terminal; its amount follows from the demo history (server.services.demo: it obeys the meter).
    assert seen[0]["channel"] == "terminal" and seen[0]["location"] == "Dagbladhandel De Krant, Gent"
    assert all(t["amount_cents"] >= 500 for t in seen)


def test_bad_cursor_is_a_validation_error(as_client) -> None:
    c = as_client("an")
    ean = _meters(c)["electricity"]["ean"]
    r = c.get(f"/api/v1/meters/{ean}/topups", params={"cursor": "!!nope!!"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"


def test_payment_instructions_with_sepa_qr(as_client) -> None:
    c = as_client("an")
    meter = _meters(c)["gas"]
    r = c.get(f"/api/v1/meters/{meter['ean']}/payment-instructions", params={"amount_cents": 2500})
    assert r.status_code == 200, r.text
    p = r.json()
    assert p["reference_number"] == meter["ean"][5:] and len(p["reference_number"]) == 13
    lines = p["epc_qr_payload"].split("\n")
    assert lines[:4] == ["BCD", "002", "1", "SCT"]
    assert p["iban"] in lines and "EUR25.00" in lines and p["reference_number"] in lines
    segno.make(p["epc_qr_payload"], error="m")  # encodes as a QR code


@pytest.mark.parametrize("amount", [0, 10, -500, 100_001, 10**12])
def test_payment_amount_out_of_range(as_client, amount: int) -> None:
    c = as_client("an")
    ean = _meters(c)["gas"]["ean"]
    r = c.get(f"/api/v1/meters/{ean}/payment-instructions", params={"amount_cents": amount})
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"


# seed 002: "het bedrag van uw oplaadbeurt (minimaal 0,50 euro)"; at most 1000 euro, in whole cents.
@pytest.mark.parametrize(("amount", "status"), [(50, 201), (100_000, 201), (49, 422), (100_001, 422), (12.5, 422), (True, 422), ("2000", 422)])
def test_prepared_amount_bounds(as_client, amount: object, status: int) -> None:
    c = as_client("an")
    ean = _meters(c)["gas"]["ean"]
    r = c.post(f"/api/v1/meters/{ean}/pending-topups", json={"amount_cents": amount}, headers={"Idempotency-Key": uuid.uuid4().hex})
    assert r.status_code == status, r.text


def test_pending_topup_is_idempotent(as_client) -> None:
    c = as_client("youssef", helper={"name": "Els", "organisation": "OCMW Antwerpen"})
    ean = _meters(c)["electricity"]["ean"]
    key = uuid.uuid4().hex
    first = c.post(f"/api/v1/meters/{ean}/pending-topups", json={"amount_cents": 2000}, headers={"Idempotency-Key": key})
    assert first.status_code == 201, first.text
    assert first.json()["prepared_by"] == "Els (OCMW Antwerpen)"
    replay = c.post(f"/api/v1/meters/{ean}/pending-topups", json={"amount_cents": 2000}, headers={"Idempotency-Key": key})
    assert replay.status_code == 200 and replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == first.json()
    other = c.post(f"/api/v1/meters/{ean}/pending-topups", json={"amount_cents": 3000}, headers={"Idempotency-Key": key})
    assert other.status_code == 409 and other.json()["error"]["code"] == "conflict"


def test_concurrent_requests_with_one_key_prepare_once(server, as_client) -> None:
    c = as_client("an")
    token = c.headers["Authorization"]
    ean = _meters(c)["electricity"]["ean"]
    key = uuid.uuid4().hex
    results: list[httpx.Response] = []
    barrier = threading.Barrier(8)

    def send() -> None:
        with httpx.Client(base_url=server.url, timeout=20) as own:
            barrier.wait()
            results.append(
                own.post(
                    f"/api/v1/meters/{ean}/pending-topups",
                    json={"amount_cents": 1500},
                    headers={"Authorization": token, "Idempotency-Key": key},
                )
            )

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(r.status_code for r in results)
    assert statuses == [200] * 7 + [201]
    assert len({r.json()["id"] for r in results}) == 1


@pytest.mark.parametrize(
    "headers,body,code",
    [
        ({}, {"amount_cents": 2000}, "validation_error"),
        ({"Idempotency-Key": "short"}, {"amount_cents": 2000}, "validation_error"),
        ({"Idempotency-Key": "x" * 20}, {"amount_cents": 20}, "validation_error"),
        ({"Idempotency-Key": "x" * 21}, {"amount_cents": "twenty"}, "validation_error"),
        ({"Idempotency-Key": "x" * 22}, {"amount_cents": 2000, "extra": 1}, "validation_error"),
    ],
    ids=["no-key", "short-key", "too-small", "not-a-number", "unknown-field"],
)
def test_pending_topup_bad_input(as_client, headers, body, code) -> None:
    c = as_client("an")
    ean = _meters(c)["gas"]["ean"]
    r = c.post(f"/api/v1/meters/{ean}/pending-topups", json=body, headers=headers)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == code
