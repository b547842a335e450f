"""Fixtures of the app-layer tests: the real API server on loopback (no mocks of our own server),
an in-memory keyring backend of our own, and helpers to make clients and sessions."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from tests.serverproc import ServerProcess, start_server

DEMO = {
    "an": ("1111 2222 33", "9000"),
    "youssef": ("4444 5555 66", "2000"),
    "marie": ("7777 8888 99", "3000"),
    "sophie": ("1234 5678 90", "1640"),
}
HELPER = {"name": "Lotte Janssens", "organisation": "OCMW Gent"}

_addresses = itertools.count(1)


def fresh_headers() -> dict[str, str]:
    """A client address of our own (the server trusts X-Forwarded-For from loopback), so tests do not
    share the per-address login throttle."""
    n = next(_addresses)
    return {"X-Forwarded-For": f"192.0.2.{n % 250 + 1}" if n < 250 else f"198.18.{n // 250}.{n % 250 + 1}"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def signed_in(server: ServerProcess, who: str = "an"):
    """An app model (app/ui/app_model.py) with a demo household logged in by Prepaid-code."""
    from app.api.client import BudgetmeterClient
    from app.credentials import MemoryPreferenceStore, MemorySecretStore
    from app.ui.app_model import AppModel

    model = AppModel(server.url)
    model.api = BudgetmeterClient(server.url, headers=fresh_headers())
    await model.start(MemorySecretStore(), MemoryPreferenceStore(), "nl_BE")
    assert await model.login("prepaid", *DEMO[who], remember=False, helper=None)
    return model


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    proc = start_server(tmp_path_factory.mktemp("app-api"))
    yield proc
    proc.stop()


class MemoryKeyring(KeyringBackend):
    """An in-memory keyring backend for tests (never keyrings.alt)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.values:
            raise PasswordDeleteError(username)
        del self.values[(service, username)]


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
