"""Migration 3 (helpers' own accounts) on a store holding v2 data, on both stores: the access log keeps
every row (SQLite rebuilds the table to let it name a third actor, 'staff') and goes on numbering."""

from __future__ import annotations

import uuid

import pytest

from server.store import schema
from server.store.db import Database, IntegrityError


@pytest.fixture
def database(backend, postgres, tmp_path) -> Database:
    if backend == "postgresql":
        return Database(postgres().create_database("bm_mig3_" + uuid.uuid4().hex[:12]))
    return Database(str(tmp_path / "v2.sqlite3"))


def test_a_v2_store_keeps_its_access_log(database: Database, monkeypatch) -> None:
    monkeypatch.setattr(schema, "MIGRATIONS", [m for m in schema.MIGRATIONS if m[0] <= 2])
    assert schema.migrate(database) == 2
    with database.transaction(write=True) as tx:
        account = tx.one(
            "INSERT INTO accounts (display_name, postal_code, prepaid_code_hash, prepaid_code_last_digits, created_at) "
            "VALUES ('A', '9000', 'h', '33', 1) RETURNING id"
        )["id"]
        for at, actor in ((10, "client"), (20, "helper")):
            tx.execute(
                "INSERT INTO access_log (account_id, at, actor, method, helper_name, helper_organisation) "
                "VALUES (?, ?, ?, 'prepaid', ?, ?)",
                (account, at, actor, "Jan" if actor == "helper" else None, "CAW" if actor == "helper" else None),
            )
    with pytest.raises(IntegrityError):  # v2 knows no staff
        with database.transaction(write=True) as tx:
            tx.execute("INSERT INTO access_log (account_id, at, actor, method) VALUES (?, 30, 'staff', 'caseload')", (account,))
    monkeypatch.undo()
    assert schema.migrate(database) == schema.LATEST_VERSION >= 3
    assert schema.migrate(database) == schema.LATEST_VERSION
    with database.transaction(write=True) as tx:
        rows = tx.all("SELECT id, at, actor, helper_name, staff_id FROM access_log ORDER BY id")
        assert [(r["at"], r["actor"], r["helper_name"], r["staff_id"]) for r in rows] == [
            (10, "client", None, None),
            (20, "helper", "Jan", None),
        ]
        new = tx.one(
            "INSERT INTO access_log (account_id, at, actor, method) VALUES (?, 30, 'staff', 'caseload') RETURNING id",
            (account,),
        )["id"]
        assert new > rows[-1]["id"]
        with pytest.raises(IntegrityError):
            tx.execute("INSERT INTO access_log (account_id, at, actor, method) VALUES (?, 40, 'robot', 'x')", (account,))
