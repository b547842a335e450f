"""Staff secrets at rest and in time: authenticator secrets are encrypted in the store (also those a store
kept in clear before), and an initial password that was never used expires after 7 days."""

from __future__ import annotations

import time

import pyotp

from server.store.db import Database

from .staff_helpers import NEW_PASSWORD, code, new_organisation, secret_of, staff_client, unique

DAY = 24 * 60 * 60


def stored_secret(database: str, username: str) -> str:
    db = Database(database)
    try:
        with db.transaction() as tx:
            return tx.one("SELECT totp_secret FROM staff WHERE username = ?", (username,))["totp_secret"]
    finally:
        db.close()


def log_in(server, member) -> int:
    """A log-in with the authenticator's current code. The set-up used the next step's code, and each
    step logs in once: the test forgets the step used instead of waiting a minute for a new one."""
    db = Database(server.database)
    try:
        with db.transaction(write=True) as tx:
            tx.execute("UPDATE staff SET last_totp_step = NULL WHERE username = ?", (member.username,))
    finally:
        db.close()
    with staff_client(server) as c:
        return c.post("/api/v1/auth/staff", json={"username": member.username, "password": member.password,
                                                  "totp": code(member.secret)}).status_code  # fmt: skip


def test_the_store_holds_no_authenticator_secret_in_clear(server) -> None:
    member = new_organisation(server).admin
    stored = stored_secret(server.database, member.username)
    assert stored.startswith("v1:") and member.secret not in stored and member.secret.lower() not in stored.lower()
    assert log_in(server, member) == 200


def test_a_secret_stored_in_clear_is_encrypted_at_start(make_server) -> None:
    first = make_server()
    member = new_organisation(first).admin
    first.stop()
    db = Database(first.database)
    try:
        with db.transaction(write=True) as tx:  # as a store from before the encryption held it
            tx.execute("UPDATE staff SET totp_secret = ? WHERE username = ?", (member.secret, member.username))
    finally:
        db.close()
    second = make_server(database=first.database)
    stored = stored_secret(second.database, member.username)
    assert stored.startswith("v1:") and member.secret not in stored
    assert log_in(second, member) == 200
    second.stop()
    # Started again: sealed once, not twice.
    third = make_server(database=first.database)
    assert stored_secret(third.database, member.username) == stored
    assert log_in(third, member) == 200


def test_an_initial_password_expires_after_seven_days(make_server, tmp_path) -> None:
    clock = tmp_path / "clock"
    clock.write_text("0")
    server = make_server(env={"BUDGETMETER_CLOCK_OFFSET_FILE": str(clock)})
    org = new_organisation(server)
    username = unique("late")
    r = org.admin.client.post("/api/v1/organisation/staff", json={"username": username, "display_name": "Laat"})
    initial = r.json()["initial_password"]
    offset = 7 * DAY + 60
    clock.write_text(str(offset))
    with staff_client(server) as c:
        r = c.post("/api/v1/auth/staff", json={"username": username, "password": initial})
        assert r.status_code == 401 and r.json()["error"]["code"] == "initial_password_expired", r.text
        # A wrong password still says only that it is wrong: the code tells nothing to a guesser.
        wrong = c.post("/api/v1/auth/staff", json={"username": username, "password": initial + "x"})
        assert wrong.json()["error"]["code"] == "invalid_credentials"
        # The administrator (their own password and code, on the server's clock) resets it.
        r = c.post("/api/v1/auth/staff", json={"username": org.admin.username, "password": NEW_PASSWORD,
                                               "totp": pyotp.TOTP(org.admin.secret).at(time.time() + offset)})  # fmt: skip
        assert r.status_code == 200, r.text
        admin = {"Authorization": f"Bearer {r.json()['access_token']}"}
        fresh = c.post(f"/api/v1/organisation/staff/{username}/reset", headers=admin).json()["initial_password"]
        r = c.post("/api/v1/auth/staff", json={"username": username, "password": fresh})
        assert r.status_code == 200 and r.json()["scope"] == "staff_setup", r.text
        # A password chosen at the set-up does not expire.
        setup = {"Authorization": f"Bearer {r.json()['access_token']}"}
        secret = secret_of(c.post("/api/v1/staff/setup", json={"new_password": NEW_PASSWORD}, headers=setup).json()["totp_uri"])
        at = time.time() + offset


        assert c.post("/api/v1/staff/setup/confirm", json={"totp": pyotp.TOTP(secret).at(at)}, headers=setup).status_code == 204
        clock.write_text(str(offset + 30 * DAY))
        later = time.time() + offset + 30 * DAY
        r = c.post("/api/v1/auth/staff", json={"username": username, "password": NEW_PASSWORD,
                                               "totp": pyotp.TOTP(secret).at(later)})  # fmt: skip
        assert r.status_code == 200 and r.json()["scope"] == "staff", r.text
