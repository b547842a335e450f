"""One reading of `Authorization: Bearer <token>` (server.core.security.bearer_token) for every door:
a household's routes, the balance fast path, a staff member's routes and the operator API all take the
scheme in any case and the token with spaces around it, and all refuse an empty token or another
scheme alike (issue 24)."""

from __future__ import annotations

import httpx
import pytest

from tests.serverproc import ServerProcess

from .conftest import fresh_address, login
from .operator_helpers import create_key
from .staff_helpers import new_organisation

SPELLINGS = ["Bearer {}", "bearer {}", "BEARER   {}", "bEaReR \t{}"]
REFUSED = ["Bearer", "Token {}", "Basic {}", "{}", "Bearer{}"]


def _status(server: ServerProcess, path: str, header: str) -> int:
    with httpx.Client(base_url=server.url, headers=fresh_address(), timeout=20) as c:
        return c.get(path, headers={"Authorization": header}).status_code


@pytest.fixture(scope="module")
def doors(server: ServerProcess) -> list[tuple[str, str]]:
    """(path, token) for each kind of caller: household (a route and the fast path), staff, operator."""
    with httpx.Client(base_url=server.url, headers=fresh_address(), timeout=20) as c:
        household = login(c, "an")
        ean = c.get("/api/v1/me", headers={"Authorization": f"Bearer {household}"}).json()["meters"][0]["ean"]
    staff = new_organisation(server).admin.token
    operator = create_key(server.database)
    return [
        ("/api/v1/me", household),
        (f"/api/v1/meters/{ean}/balance", household),
        ("/api/v1/staff/me", staff),
        ("/api/v1/operator/pending-topups", operator),
    ]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_door_reads_the_header_alike(server: ServerProcess, doors, spelling: str) -> None:
    for path, token in doors:
        assert _status(server, path, spelling.format(token)) == 200, (path, spelling)


@pytest.mark.parametrize("spelling", REFUSED)
def test_every_door_refuses_the_same_headers(server: ServerProcess, doors, spelling: str) -> None:
    for path, token in doors:
        assert _status(server, path, spelling.format(token)) == 401, (path, spelling)
