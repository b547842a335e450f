"""How passwords are hashed: argon2id with RFC 9106's recommended parameters unless the operator says
otherwise, never weaker than OWASP's minimum, and a hash made under either verifies under both (each
hash carries its parameters)."""

from __future__ import annotations

import os
import sqlite3

import pytest

from server.core import security
from server.core.settings import Settings
from tests.serverproc import start_server

from .staff_helpers import new_organisation


def test_the_default_is_rfc_9106_and_nothing_weaker_than_owasp_can_be_chosen(monkeypatch) -> None:
    monkeypatch.delenv("BUDGETMETER_PASSWORD_HASHING", raising=False)
    assert Settings(secret_key="k" * 40).password_hashing == "rfc9106"
    params = {name: (h.memory_cost, h.time_cost, h.parallelism) for name, h in security.PASSWORD_HASHING.items()}
    assert params == {"rfc9106": (65536, 3, 4), "owasp-minimum": (19456, 2, 1)}
    monkeypatch.setenv("BUDGETMETER_PASSWORD_HASHING", "md5")
    with pytest.raises(ValueError):
        Settings(secret_key="k" * 40)


def test_a_hash_made_under_one_verifies_under_the_other() -> None:
    try:
        security.use_password_hashing("owasp-minimum")
        light = security.hash_password("Kastanje-2026")
        assert light.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
        security.use_password_hashing("rfc9106")
        strong = security.hash_password("Kastanje-2026")
        assert strong.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
        assert security.verify_password(light, "Kastanje-2026") and not security.verify_password(light, "kastanje-2026")
        security.use_password_hashing("owasp-minimum")
        assert security.verify_password(strong, "Kastanje-2026")
    finally:
        security.use_password_hashing(os.environ.get("BUDGETMETER_PASSWORD_HASHING", "rfc9106"))


def test_a_server_left_to_its_default_stores_rfc_9106_hashes(tmp_path) -> None:
    # The suite runs its servers at OWASP's minimum (tests/conftest.py); this one is started without
    # the setting, as an operator's would be. Its first staff member's password is hashed by the server
    # (POST /api/v1/staff/setup), so the stored hash says which parameters the server used.
    server = start_server(tmp_path, env={"BUDGETMETER_PASSWORD_HASHING": None})
    try:
        org = new_organisation(server)
        with sqlite3.connect(server.database) as conn:
            stored = conn.execute("SELECT password_hash FROM staff WHERE username = ?", (org.admin.username,)).fetchone()[0]
        assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$"), stored[:40]
    finally:
        server.stop()
