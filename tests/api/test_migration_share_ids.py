"""Migration 7 (an opaque id for each share code) on a store holding v6 share codes, on both stores:
every code made before it gets a random id of its own, and ids stay unique afterwards."""

from __future__ import annotations

import re
import uuid

import pytest

from server.store import schema, share_codes
from server.store.db import Database, IntegrityError


@pytest.fixture
def database(backend, postgres, tmp_path) -> Database:
    if backend == "postgresql":
        return Database(postgres().create_database("bm_mig7_" + uuid.uuid4().hex[:12]))
    return Database(str(tmp_path / "v6.sqlite3"))


def test_codes_made_before_get_an_id(database: Database, monkeypatch) -> None:
    monkeypatch.setattr(schema, "MIGRATIONS", [m for m in schema.MIGRATIONS if m[0] <= 6])
    assert schema.migrate(database) == 6
    with database.transaction(write=True) as tx:
        account = tx.one(
            "INSERT INTO accounts (display_name, postal_code, prepaid_code_hash, prepaid_code_last_digits, created_at) "
            "VALUES ('A', '9000', 'h', '33', 1) RETURNING id"
        )["id"]
        for n, used_at in ((1, None), (2, None), (3, 50)):
            tx.execute(
                "INSERT INTO share_codes (code_hash, account_id, permissions, created_at, expires_at, used_at) "
                "VALUES (?, ?, 'view', ?, 100000, ?)",
                (f"hash{n}", account, n, used_at),
            )
    monkeypatch.undo()
    assert schema.migrate(database) == schema.LATEST_VERSION >= 7
    assert schema.migrate(database) == schema.LATEST_VERSION
    with database.transaction(write=True) as tx:
        rows = tx.all("SELECT code_hash, public_id FROM share_codes ORDER BY code_hash")
        ids = [r["public_id"] for r in rows]
        assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids) and len(set(ids)) == 3
        assert not {r["code_hash"] for r in rows} & set(ids)
        # Open ones, newest first, as the route lists them (the used one is not open).
        assert [r["public_id"] for r in share_codes.open_of_account(tx, account, now=10)] == [ids[1], ids[0]]
    with pytest.raises(IntegrityError):
        with database.transaction(write=True) as tx:
            share_codes.create(
                tx, code_hash="hash4", public_id=ids[0], account_id=account, permissions="view", now=4, expires_at=100000
            )
    database.close()
