"""The scheduled purge (server/services/maintenance.py) also deletes staff members' dead tokens and share codes
that were used or expired; live ones stay."""

from __future__ import annotations

import time

from server.core.security import token_hash
from server.store.db import Database

from .staff_helpers import household, new_organisation


def rows(db: Database, sql: str) -> list[dict]:
    with db.transaction() as tx:
        return tx.all(sql)


def test_dead_staff_tokens_and_share_codes_are_purged(make_server) -> None:
    proc = make_server(env={"BUDGETMETER_TOKEN_PURGE_INTERVAL_SECONDS": "0.5"})
    org = new_organisation(proc)
    member = org.add_member()
    an = household(proc, "an")
    used = an.post("/api/v1/mandates/share-codes", json={"permissions": ["view"]}).json()["share_code"]
    an.post("/api/v1/mandates/share-codes", json={"permissions": ["view"]})  # stays: unused, not expired
    an.close()
    assert member.client.post("/api/v1/caseload", json={"share_code": used}).status_code == 201
    ended = member.token
    assert member.client.post("/api/v1/staff/logout").status_code == 204
    live = org.admin.token
    db = Database(proc.database)
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            tokens = {r["token_hash"] for r in rows(db, "SELECT token_hash FROM staff_tokens")}
            codes = rows(db, "SELECT used_at FROM share_codes")
            if token_hash(ended) not in tokens and all(c["used_at"] is None for c in codes):
                break
            time.sleep(0.2)
        assert token_hash(ended) not in tokens and token_hash(live) in tokens
        assert len(codes) >= 1 and all(c["used_at"] is None for c in codes)
    finally:
        db.close()
    assert org.admin.client.get("/api/v1/staff/me").status_code == 200
