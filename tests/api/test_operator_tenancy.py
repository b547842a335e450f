"""Operator keys belong to an operator, accounts to the operator that created them, and every operator
write is audited (issue 19, finding 2): another operator's key gets 404 on an account (so it cannot
set a new Prepaid-code and log in as the household), its readings and top-ups for the account's
meters are rejected `not_found`, and its back office lists only its own households' preparations."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest

from server.store import schema
from server.store.db import Database

from .conftest import fresh_address
from .operator_helpers import (
    account_body,
    ago,
    cli,
    create_key,
    fresh_code,
    fresh_ean,
    fresh_name,
    fresh_ref,
    operator_client,
    reading,
)
from .test_migrations import database  # noqa: F401  (the fixture: a fresh store of each backend)

DEMO_EAN_AN = "541440000001010017"  # An's electricity meter (server.services.demo)


def _login(server, code: str, postal_code: str = "9000") -> httpx.Response:
    with httpx.Client(base_url=server.url, headers=fresh_address(), timeout=10) as c:
        return c.post("/api/v1/auth/prepaid", json={"prepaid_code": code, "postal_code": postal_code})


def _access_log(server, code: str) -> list[dict]:
    token = _login(server, code).json()["access_token"]
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=10) as c:
        return c.get("/api/v1/access-log").json()["items"]


def _audit(op: httpx.Client) -> list[dict]:
    items, cursor = [], None
    while True:
        page = op.get("/api/v1/operator/audit", params={"limit": 3, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return items


@pytest.fixture(scope="module")
def operators(server) -> dict[str, httpx.Client]:
    """Two operators' keys and a key of the default operator (a key made without --operator)."""
    keys = {
        "a": create_key(server.database, fresh_name("a-back-office"), operator=fresh_name("netbeheer-a")),
        "b": create_key(server.database, fresh_name("b-back-office"), operator=fresh_name("netbeheer-b")),
        "default": create_key(server.database),
    }
    clients = {k: operator_client(server.url, v) for k, v in keys.items()}
    yield clients
    for c in clients.values():
        c.close()


def test_another_operators_key_gets_404_on_its_accounts(server, operators) -> None:
    a, b = operators["a"], operators["b"]
    ref, code, el = fresh_ref(), fresh_code(), fresh_ean()
    assert a.put(f"/api/v1/operator/accounts/{ref}", json=account_body(code, (el, "electricity"))).json()["created"]
    assert a.post("/api/v1/operator/meter-readings", json={"readings": [reading("a0-" + el, el, ago(hours=3), 1500)]}).json()["applied"] == 1

    # B cannot take the household over: no new Prepaid-code, no other name; the account stays A's.
    taken = fresh_code()
    for other in (b, operators["default"]):
        r = other.put(f"/api/v1/operator/accounts/{ref}", json={**account_body(taken, (el, "electricity")), "display_name": "Overgenomen"})
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found", r.text
        r = other.put(f"/api/v1/operator/accounts/{ref}/social-tariff",
                      json={"checked_at": ago(hours=1), "protected_customer": True, "energies": []})  # fmt: skip
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found", r.text
    assert _login(server, taken).status_code == 401
    assert _login(server, code).status_code == 200

    # Its readings and top-ups for A's meter are rejected, per item, as for a meter that does not exist.
    r = b.post("/api/v1/operator/meter-readings", json={"readings": [reading("b0-" + el, el, ago(hours=1), 1)]}).json()
    assert (r["rejected"], r["results"][0]["error"]["code"]) == (1, "not_found")
    topup = {"event_id": "bt-" + el, "ean": el, "amount_cents": 500, "loaded_at": ago(hours=1), "channel": "terminal"}
    r = b.post("/api/v1/operator/topups", json={"topups": [topup]}).json()
    assert (r["rejected"], r["results"][0]["error"]["code"]) == (1, "not_found")
    token = _login(server, code).json()["access_token"]
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=10) as c:
        assert c.get(f"/api/v1/meters/{el}/balance").json()["balance_cents"] == 1500
        assert c.get(f"/api/v1/meters/{el}/topups").json()["items"] == []
        prepared = c.post(f"/api/v1/meters/{el}/pending-topups", json={"amount_cents": 2500},
                          headers={"Idempotency-Key": uuid.uuid4().hex}).json()["id"]  # fmt: skip

    # Each back office lists its own households' preparations only.
    def listed(op: httpx.Client) -> list[int]:
        return [i["pending_topup_id"] for i in op.get("/api/v1/operator/pending-topups", params={"limit": 500}).json()["items"]]

    assert prepared in listed(a)
    assert prepared not in listed(b) and prepared not in listed(operators["default"])
    # A top-up naming that preparation from B changes nothing either.
    r = b.post("/api/v1/operator/topups", json={"topups": [{**topup, "event_id": "bt2-" + el, "pending_topup_id": prepared}]}).json()
    assert r["rejected"] == 1
    assert prepared in listed(a)


def test_demo_households_and_old_keys_belong_to_the_default_operator(server, operators) -> None:
    read = reading("demo-" + uuid.uuid4().hex, DEMO_EAN_AN, ago(days=400), 4217)  # old: kept in history only
    r = operators["a"].post("/api/v1/operator/meter-readings", json={"readings": [read]}).json()
    assert r["results"][0]["status"] == "rejected" and r["results"][0]["error"]["code"] == "not_found"
    r = operators["default"].post("/api/v1/operator/meter-readings", json={"readings": [read]}).json()
    assert r["results"][0]["status"] == "stale"


def test_every_operator_write_is_audited_without_secrets(server, operators) -> None:
    a = operators["a"]
    key_name = cli("operator-key", "list", "--database", server.database).stdout
    ref, code, el = fresh_ref(), fresh_code(), fresh_ean()
    new_code = fresh_code()
    a.put(f"/api/v1/operator/accounts/{ref}", json=account_body(code, (el, "electricity")))
    a.put(f"/api/v1/operator/accounts/{ref}", json=account_body(new_code, (el, "electricity")))
    a.post("/api/v1/operator/meter-readings", json={"readings": [reading("au-" + el, el, ago(hours=2), 900), {"event_id": "bad"}]})
    a.post("/api/v1/operator/topups", json={"topups": [
        {"event_id": "aut-" + el, "ean": el, "amount_cents": 500, "loaded_at": ago(hours=1), "channel": "terminal"}]})  # fmt: skip
    a.put(f"/api/v1/operator/accounts/{ref}/social-tariff", json={"checked_at": ago(hours=1), "protected_customer": False, "energies": []})

    items = [i for i in _audit(a) if i["target"] in (ref, None)][:5]
    assert [i["operation"] for i in items] == [
        "put_social_tariff", "push_topups", "push_meter_readings", "upsert_account", "upsert_account"
    ]  # newest first  # fmt: skip
    names = {i["key_name"] for i in items}
    assert len(names) == 1 and next(iter(names)) in key_name and {i["via"] for i in items} == {"api"}
    assert items[4]["details"] == {"created": 1, "meters": 1, "prepaid_code_changed": 0}
    assert items[3]["details"] == {"created": 0, "meters": 1, "prepaid_code_changed": 1}
    assert items[2]["details"] == {"applied": 1, "duplicate": 0, "stale": 0, "rejected": 1}
    assert items[1]["details"] == {"applied": 1, "duplicate": 0, "stale": 0, "rejected": 0}
    text = json.dumps(_audit(a))
    assert code not in text and new_code not in text
    # Another operator's audit holds none of it.
    assert not [i for i in _audit(operators["b"]) if i["target"] == ref]
    assert operators["a"].get("/api/v1/operator/audit", params={"cursor": "x"}).status_code == 422


def test_a_prepaid_code_changed_by_an_operator_is_in_the_households_access_log(server, operators) -> None:
    ref, code, el = fresh_ref(), fresh_code(), fresh_ean()
    operators["a"].put(f"/api/v1/operator/accounts/{ref}", json=account_body(code, (el, "electricity")))
    assert not [e for e in _access_log(server, code) if e["actor"] == "operator"]
    new_code = fresh_code()
    operators["a"].put(f"/api/v1/operator/accounts/{ref}", json=account_body(new_code, (el, "electricity")))
    entries = [e for e in _access_log(server, new_code) if e["actor"] == "operator"]
    assert len(entries) == 1 and entries[0]["method"] == "prepaid_code_changed"
    assert entries[0]["helper_name"].startswith("a-back-office-") and entries[0]["helper_organisation"].startswith("netbeheer-a-")
    # The same code again is no change: nothing more in the log.
    operators["a"].put(f"/api/v1/operator/accounts/{ref}", json={**account_body(new_code, (el, "electricity")), "display_name": "X"})
    assert len([e for e in _access_log(server, new_code) if e["actor"] == "operator"]) == 1


def test_the_cli_writes_as_the_operator_it_names(server, operators, tmp_path) -> None:
    operator = fresh_name("netbeheer-cli")
    key = create_key(server.database, fresh_name("cli-key"), operator=operator)
    listed = cli("operator-key", "list", "--database", server.database).stdout
    assert any(operator in line for line in listed.splitlines())
    ref, code, el = fresh_ref(), fresh_code(), fresh_ean()
    path = tmp_path / "accounts.jsonl"
    body = account_body(code, (el, "electricity"))
    row = {"account_ref": ref, **{k: v for k, v in body.items() if k != "meters"}, **body["meters"][0]}  # one line per meter
    path.write_text(json.dumps(row) + "\n")
    done = cli("import", "accounts", str(path), "--operator", operator, "--database", server.database)
    assert done.stdout.strip().splitlines()[-1] == "applied 1, duplicate 0, stale 0, rejected 0"
    readings = tmp_path / "readings.jsonl"
    readings.write_text(json.dumps(reading("cli-" + el, el, ago(hours=1), 700)) + "\n")
    # Without --operator the import writes as the default operator: not this operator's meter.
    refused = cli("import", "readings", str(readings), "--database", server.database, check=False)
    assert refused.returncode == 1 and ": not_found: " in refused.stderr
    assert cli("import", "readings", str(readings), "--operator", operator, "--database", server.database).returncode == 0
    with operator_client(server.url, key) as op:
        items = _audit(op)
        assert [(i["operation"], i["via"], i["key_name"]) for i in items[:2]] == [
            ("push_meter_readings", "cli", None), ("upsert_account", "cli", None)
        ]  # fmt: skip
        assert items[1]["target"] == ref
        # The account is this operator's: the default operator's key gets 404 on it.
        assert op.put(f"/api/v1/operator/accounts/{ref}", json=account_body(code, (el, "electricity"))).status_code == 200
    assert operators["default"].put(f"/api/v1/operator/accounts/{ref}", json=account_body(code, (el, "electricity"))).status_code == 404
    bad = cli("operator-key", "create", "--name", fresh_name("k"), "--operator", "no spaces", "--database", server.database, check=False)
    assert bad.returncode == 2


def test_keys_and_accounts_made_before_operators_belong_to_the_default_one(database: Database, monkeypatch) -> None:  # noqa: F811
    monkeypatch.setattr(schema, "MIGRATIONS", [m for m in schema.MIGRATIONS if m[0] <= 7])
    schema.migrate(database)
    with database.transaction(write=True) as tx:
        tx.execute("INSERT INTO operator_keys (name, key_hash, created_at) VALUES ('old', 'h', 1)")
        account = tx.one(
            "INSERT INTO accounts (display_name, postal_code, prepaid_code_hash, prepaid_code_last_digits, created_at, "
            "account_ref) VALUES ('A', '9000', 'h', '33', 1, 'r1') RETURNING id"
        )["id"]
        tx.execute(
            "INSERT INTO access_log (account_id, at, actor, method, helper_name, helper_organisation) "
            "VALUES (?, 5, 'client', 'prepaid', NULL, NULL)",
            (account,),
        )
    monkeypatch.undo()
    assert schema.migrate(database) == schema.LATEST_VERSION >= 8
    with database.transaction(write=True) as tx:
        assert tx.one("SELECT operator FROM operator_keys") == {"operator": "default"}
        assert tx.one("SELECT operator FROM accounts") == {"operator": "default"}
        assert tx.one("SELECT at, actor FROM access_log") == {"at": 5, "actor": "client"}
        tx.execute(
            "INSERT INTO access_log (account_id, at, actor, method) VALUES (?, 6, 'operator', 'prepaid_code_changed')",
            (account,),
        )
    database.close()

