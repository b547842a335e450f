"""/healthz reports the schema version the store holds, read from its migration table, not the
version this code was written for."""

from __future__ import annotations

import httpx

from server.store.db import Database
from server.store.schema import LATEST_VERSION


def test_health_reports_the_stores_schema_version(make_server) -> None:
    proc = make_server()
    r = httpx.get(f"{proc.url}/healthz", timeout=10)
    # A demo server without SMTP (issue 20): its mail stays in the demo mailbox.
    assert r.status_code == 200 and r.json() == {
        "status": "ok", "schema_version": LATEST_VERSION, "demo": True, "mail": "demo_mailbox"
    }

    # Another process on the same store migrates it further than this code knows of.
    newer = LATEST_VERSION + 7
    db = Database(proc.database)
    try:
        with db.transaction(write=True) as tx:
            tx.execute("INSERT INTO schema_version (version, description) VALUES (?, ?)", (newer, "from a newer release"))
    finally:
        db.close()
    r = httpx.get(f"{proc.url}/healthz", timeout=10)
    assert r.status_code == 200 and r.json()["schema_version"] == newer
