from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Callable, Iterator

import httpx
import pytest

from tests.pgserver import PostgresServer, find_bindir, start_postgres
from tests.serverproc import ServerProcess, start_server

DEMO = {
    "an": {"prepaid_code": "1111 2222 33", "postal_code": "9000"},
    "youssef": {"prepaid_code": "4444 5555 66", "postal_code": "2000"},
    "marie": {"prepaid_code": "7777 8888 99", "postal_code": "3000"},
    "sophie": {"prepaid_code": "1234 5678 90", "postal_code": "1640"},
}

_addresses = itertools.count(1)


def fresh_address() -> dict[str, str]:
    """A client address of its own, so that tests do not share the per-address throttle."""
    n = next(_addresses)
    return {"X-Forwarded-For": f"198.51.100.{n % 250 + 1}" if n < 250 else f"203.0.113.{n % 250 + 1}"}


@pytest.fixture(scope="session")
def postgres() -> Iterator[Callable[[], PostgresServer]]:
    """A PostgreSQL server on loopback, started on first use and stopped after the run."""
    started: list[PostgresServer] = []

    def get() -> PostgresServer:
        if not started:
            started.append(start_postgres())
        return started[0]

    yield get
    for pg in started:
        pg.stop()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """Every API test runs against both stores: the embedded SQLite file and PostgreSQL."""
    if request.param == "postgresql" and find_bindir() is None:
        if os.environ.get("CI") or os.environ.get("BUDGETMETER_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL binaries are required here (apt-get install postgresql)")
        pytest.skip("PostgreSQL is not installed on this machine")
    return request.param


@pytest.fixture(scope="session")
def make_server(
    backend: str, postgres: Callable[[], PostgresServer], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., ServerProcess]]:
    """make_server(env=..., database=...) -> a server process on a fresh database of this backend."""
    started: list[ServerProcess] = []

    def make(**kwargs) -> ServerProcess:
        if backend == "postgresql" and "database" not in kwargs:
            kwargs["database"] = postgres().create_database("bm_" + uuid.uuid4().hex[:16])
        proc = start_server(tmp_path_factory.mktemp(backend), **kwargs)
        started.append(proc)
        return proc

    yield make
    for proc in started:
        proc.stop()


@pytest.fixture(scope="session")
def server(make_server: Callable[..., ServerProcess]) -> ServerProcess:
    return make_server()


@pytest.fixture
def client(server: ServerProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, headers=fresh_address(), timeout=10) as c:
        yield c


def login(client: httpx.Client, who: str, **extra) -> str:
    r = client.post("/api/v1/auth/prepaid", json={**DEMO[who], **extra})
    assert r.status_code == 200, r.text
    return r.json()["access_token"]


@pytest.fixture
def as_client(client: httpx.Client):
    """as_client("an") -> an httpx.Client logged in as that demo household."""

    def make(who: str, **extra) -> httpx.Client:
        token = login(client, who, **extra)
        client.headers["Authorization"] = f"Bearer {token}"
        return client

    return make
