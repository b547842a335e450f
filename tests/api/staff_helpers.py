"""Organisations and staff members for the API tests: created the documented ways (the CLI, the admin
endpoints, the set-up with an authenticator code computed from the otpauth URI as a phone would)."""

from __future__ import annotations

import itertools
import time
import uuid
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

import httpx
import pyotp

from tests.commands import Done, run_command
from tests.serverproc import TEST_SECRET_KEY, ServerProcess

from .conftest import DEMO, fresh_address

NEW_PASSWORD = "Zelf-gekozen-2026"
_names = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}{next(_names)}{uuid.uuid4().hex[:6]}"


def org_create(database: str, *, name: str, admin_username: str, admin_name: str) -> Done:
    """`budgetmeter-server org create`, run in this process (tests/commands.py)."""
    return run_command("org", "create", "--name", name, "--admin-username", admin_username,
                       "--admin-name", admin_name, "--database", database,
                       env={"BUDGETMETER_SECRET_KEY": TEST_SECRET_KEY})  # fmt: skip


def secret_of(totp_uri: str) -> str:
    return parse_qs(urlparse(totp_uri).query)["secret"][0]


def code(secret: str, steps_ahead: int = 0) -> str:
    """The authenticator's code now, or `steps_ahead` 30-second steps later (each code logs in once)."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


@dataclass
class Member:
    username: str
    display_name: str
    password: str
    secret: str
    client: httpx.Client  # logged in with scope "staff"
    # The code of the last log-in and the moment it stands for: a test that replays it must not compute it
    # again (30 s later that would be the next, unused code).
    last_code: str = ""
    last_code_at: float = 0.0

    @property
    def token(self) -> str:
        return self.client.headers["Authorization"].split(" ", 1)[1]


def staff_client(server: ServerProcess, token: str | None = None) -> httpx.Client:
    c = httpx.Client(base_url=server.url, headers=fresh_address(), timeout=20)
    if token:
        c.headers["Authorization"] = f"Bearer {token}"
    return c


def set_up(server: ServerProcess, username: str, initial_password: str, display_name: str) -> Member:
    """First log-in with the initial password, a new password, the authenticator enrolled and
    confirmed with its current code, then a real log-in with the next code."""
    c = staff_client(server)
    r = c.post("/api/v1/auth/staff", json={"username": username, "password": initial_password})
    assert r.status_code == 200 and r.json()["scope"] == "staff_setup", r.text
    setup = {"Authorization": f"Bearer {r.json()['access_token']}"}
    r = c.post("/api/v1/staff/setup", json={"new_password": NEW_PASSWORD}, headers=setup)
    assert r.status_code == 200, r.text
    secret = secret_of(r.json()["totp_uri"])
    r = c.post("/api/v1/staff/setup/confirm", json={"totp": code(secret)}, headers=setup)
    assert r.status_code == 204, r.text
    at = time.time() + 30
    used = pyotp.TOTP(secret).at(at)
    r = c.post("/api/v1/auth/staff", json={"username": username, "password": NEW_PASSWORD, "totp": used})
    assert r.status_code == 200 and r.json()["scope"] == "staff", r.text
    c.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
    return Member(username, display_name, NEW_PASSWORD, secret, c, last_code=used, last_code_at=at)


@dataclass
class Organisation:
    name: str
    admin: Member
    server: ServerProcess

    def add_member(self, display_name: str = "Sam Maatschappelijk Werker") -> Member:
        username = unique("staff")
        r = self.admin.client.post("/api/v1/organisation/staff", json={"username": username, "display_name": display_name})
        assert r.status_code == 201, r.text
        return set_up(self.server, username, r.json()["initial_password"], display_name)


def new_organisation(server: ServerProcess, name: str | None = None) -> Organisation:
    name = name or unique("OCMW Test ")
    admin_username = unique("admin")
    done = org_create(server.database, name=name, admin_username=admin_username, admin_name="Ilse Verantwoordelijke")
    assert done.returncode == 0, done.stderr
    password = done.stdout.strip().splitlines()[-1]
    return Organisation(name, set_up(server, admin_username, password, "Ilse Verantwoordelijke"), server)


def share_code_of(server: ServerProcess, who: str, permissions: list[str] | None = None) -> str:
    with httpx.Client(base_url=server.url, headers=fresh_address(), timeout=20) as c:
        token = c.post("/api/v1/auth/prepaid", json=DEMO[who]).json()["access_token"]
        r = c.post(
            "/api/v1/mandates/share-codes",
            json={"permissions": permissions or ["view", "prepare_topups"]},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert r.status_code == 201, r.text
        return r.json()["share_code"]


def household(server: ServerProcess, who: str) -> httpx.Client:
    c = httpx.Client(base_url=server.url, headers=fresh_address(), timeout=20)
    token = c.post("/api/v1/auth/prepaid", json=DEMO[who]).json()["access_token"]
    c.headers["Authorization"] = f"Bearer {token}"
    return c
