"""Migration 2 (the operator data path) on a store holding v1 data, on both stores."""

from __future__ import annotations

import uuid

import pytest

from server.store import schema
from server.store.db import Database


@pytest.fixture
def database(backend, postgres, tmp_path) -> Database:
    if backend == "postgresql":
        return Database(postgres().create_database("bm_mig_" + uuid.uuid4().hex[:12]))
    return Database(str(tmp_path / "v1.sqlite3"))


def test_a_v1_store_migrates_with_its_data(database: Database, monkeypatch) -> None:
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
    assert schema.migrate(database) == 1
    with database.transaction(write=True) as tx:
        account = tx.one(
            "INSERT INTO accounts (display_name, postal_code, prepaid_code_hash, prepaid_code_last_digits, created_at) "
            "VALUES ('A', '9000', 'h', '33', 1) RETURNING id"
        )["id"]
        tx.execute(
            "INSERT INTO meters (ean, account_id, energy, balance_cents, emergency_credit_limit_cents, "
            "average_daily_cost_cents, updated_at) VALUES ('541448000000101001', ?, 'gas', 100, 0, 50, 1)",
            (account,),
        )
        tx.execute("INSERT INTO topups (ean, amount_cents, channel, at) VALUES ('541448000000101001', 500, 'terminal', 1)")
        tx.execute(
            "INSERT INTO pending_topups (account_id, ean, idempotency_key, request_fingerprint, amount_cents, created_at) "
            "VALUES (?, '541448000000101001', 'k', 'f', 500, 1)",
            (account,),
        )
    monkeypatch.undo()
    # Later migrations (3: helpers' own accounts) run on top; a second start changes nothing.
    assert schema.migrate(database) == schema.LATEST_VERSION >= 2
    assert schema.migrate(database) == schema.LATEST_VERSION
    with database.transaction() as tx:
        assert tx.one("SELECT status, loaded_topup_id FROM pending_topups") == {"status": "open", "loaded_topup_id": None}
        assert tx.one("SELECT history_version, read_at FROM meters") == {"history_version": 0, "read_at": None}
        assert tx.one("SELECT event_id, pending_topup_id FROM topups") == {"event_id": None, "pending_topup_id": None}
        assert tx.one("SELECT account_ref FROM accounts") == {"account_ref": None}
        assert tx.one("SELECT COUNT(*) AS n FROM readings") == {"n": 0}
        assert tx.one("SELECT COUNT(*) AS n FROM operator_keys") == {"n": 0}


def test_a_version_added_below_the_stores_newest_is_still_applied(database: Database, monkeypatch) -> None:
    """Migrations built on separate branches (3: staff, 4: alerts) may reach a store in either order:
    a store at 1, 2 and 4 gets 3 when it appears, and each version runs once."""
    gap = (3, "made up for the test", ["CREATE TABLE gap_probe (id INTEGER)"])
    # Versions 1, 2 and 4: later ones (5, the staff digest; 6, the caseload) build on 3's staff table.
    without = [m for m in schema.MIGRATIONS if m[0] in (1, 2, 4)]
    monkeypatch.setattr(schema, "MIGRATIONS", without)
    schema.migrate(database)
    with database.transaction() as tx:
        versions = [r["version"] for r in tx.all("SELECT version FROM schema_version ORDER BY version")]
    assert 3 not in versions and 4 in versions
    monkeypatch.setattr(schema, "MIGRATIONS", sorted([*without, gap]))
    schema.migrate(database)
    schema.migrate(database)
    with database.transaction() as tx:
        versions = [r["version"] for r in tx.all("SELECT version FROM schema_version ORDER BY version")]
        assert tx.one("SELECT COUNT(*) AS n FROM gap_probe") == {"n": 0}
    assert versions == sorted(set(versions)) and 3 in versions
