"""One liveness rule for every bearer token (server.core.token_life, issue 24): a household's and a
staff member's token alike stay open while used and close once idle longer than the idle time."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.serverproc import ServerProcess

from .conftest import fresh_address, login
from .staff_helpers import new_organisation


@pytest.fixture(scope="module")
def short_idle(make_server) -> ServerProcess:
    return make_server(env={"BUDGETMETER_TOKEN_IDLE_SECONDS": "2", "BUDGETMETER_TOKEN_ABSOLUTE_SECONDS": "600"})


def _alive(server: ServerProcess, path: str, token: str) -> bool:
    with httpx.Client(base_url=server.url, headers=fresh_address(), timeout=20) as c:
        status = c.get(path, headers={"Authorization": f"Bearer {token}"}).status_code
    assert status in (200, 401), status
    return status == 200


def test_used_tokens_stay_open_and_idle_ones_close(short_idle: ServerProcess) -> None:
    staff = new_organisation(short_idle).admin.token  # its last step is a log-in: a fresh token
    with httpx.Client(base_url=short_idle.url, headers=fresh_address(), timeout=20) as c:
        household = login(c, "an")
    doors = [("/api/v1/me", household), ("/api/v1/staff/me", staff)]
    # The store counts whole seconds: half a second between uses stays within the 2 s, and 3 s of
    # rest is past it whatever the rounding.
    for _ in range(8):  # 4 s in all, longer than the idle time: each use wrote the idle clock
        time.sleep(0.5)
        assert [_alive(short_idle, path, token) for path, token in doors] == [True, True]
    time.sleep(3)
    assert [_alive(short_idle, path, token) for path, token in doors] == [False, False]
