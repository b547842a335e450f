"""The server deletes dead tokens on a schedule (server/services/maintenance.py): a token past its absolute
expiry, idle too long or revoked is gone from the store within an interval; a live one stays."""

from __future__ import annotations

import time

import httpx

from server.core.clock import now_s
from server.core.security import token_hash
from server.store.db import Database

from .conftest import DEMO, fresh_address

IDLE_SECONDS = 600


def token_rows(db: Database, hashes: list[str]) -> set[str]:
    with db.transaction() as tx:
        marks = ", ".join("?" for _ in hashes)
        return {r["token_hash"] for r in tx.all(f"SELECT token_hash FROM tokens WHERE token_hash IN ({marks})", hashes)}


def test_dead_tokens_are_purged_and_live_ones_kept(make_server) -> None:
    proc = make_server(
        env={"BUDGETMETER_TOKEN_PURGE_INTERVAL_SECONDS": "0.5", "BUDGETMETER_TOKEN_IDLE_SECONDS": str(IDLE_SECONDS)}
    )
    with httpx.Client(base_url=proc.url, headers=fresh_address(), timeout=10) as client:
        tokens = [client.post("/api/v1/auth/prepaid", json=DEMO["an"]).json()["access_token"] for _ in range(4)]
        revoked = client.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {tokens[3]}"})
        assert revoked.status_code == 204
    live, expired, idle, _ = hashes = [token_hash(t) for t in tokens]
    db = Database(proc.database)
    try:
        now = now_s()
        with db.transaction(write=True) as tx:
            tx.execute("UPDATE tokens SET expires_at = ? WHERE token_hash = ?", (now - 1, expired))
            tx.execute("UPDATE tokens SET last_used_at = ? WHERE token_hash = ?", (now - IDLE_SECONDS - 1, idle))
        deadline = time.monotonic() + 15
        while token_rows(db, hashes) != {live} and time.monotonic() < deadline:
            time.sleep(0.2)
        assert token_rows(db, hashes) == {live}
    finally:
        db.close()
    # The live token still works after the purges.
    r = httpx.get(f"{proc.url}/api/v1/me", headers={"Authorization": f"Bearer {tokens[0]}"}, timeout=10)
    assert r.status_code == 200
    assert "Purged" in proc.log()
