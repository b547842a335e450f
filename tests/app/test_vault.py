"""TokenVault on its own, without a server: tokens per client, what is remembered, and the fallback
to memory when the secret store fails while in use (the keyring is a real KeyringSecretStore on an
in-memory keyring backend; "failing" is that backend raising, as a keyring whose D-Bus went away)."""

from __future__ import annotations

import json
import logging

import pytest

from app.credentials import KeyringSecretStore, MemorySecretStore
from app.state.profiles import ClientProfile, secret_key
from app.state.vault import TokenVault

from .conftest import MemoryKeyring

pytestmark = pytest.mark.anyio

CODE = "1111222233"
TOKEN = "tok-an-0123456789abcdef"


def profile(pid: str = "an", *, remember: bool = True, kind: str = "prepaid") -> ClientProfile:
    return ClientProfile(
        id=pid, display_name="An", prepaid_code_masked="33", postal_code="9000", login_kind=kind, remember=remember
    )


def keyring_vault(backend: MemoryKeyring | None = None, **kw) -> tuple[TokenVault, MemoryKeyring]:
    backend = backend or MemoryKeyring()
    return TokenVault(KeyringSecretStore(service="budgetmeter-test", backend=backend), **kw), backend


def stored(backend: MemoryKeyring, pid: str = "an") -> dict:
    raw = backend.values.get(("budgetmeter-test", secret_key(pid)))
    return json.loads(raw) if raw else {}


def broken(*_args):
    raise RuntimeError("D-Bus went away")


async def test_tokens_are_kept_per_client_in_memory() -> None:
    vault, backend = keyring_vault()
    vault.keep("an", "tok-an", code=CODE)
    vault.keep("youssef", "tok-youssef")
    assert vault.token("an") == "tok-an" and vault.token("youssef") == "tok-youssef"
    assert vault.token("marie") is None
    assert backend.values == {}  # nothing goes to the store before remember()
    assert vault.persistent


async def test_remember_stores_token_and_code_of_a_prepaid_login() -> None:
    vault, backend = keyring_vault()
    an = profile()
    vault.keep(an.id, TOKEN, code=CODE)
    await vault.remember(an)
    assert stored(backend) == {"token": TOKEN, "prepaid_code": CODE}
    assert await vault.remembered_code(an) == CODE


async def test_remember_stores_only_the_token_of_a_password_login() -> None:
    vault, backend = keyring_vault()
    pw = profile(kind="password")
    vault.keep(pw.id, TOKEN, code=CODE)  # a code typed earlier does not belong to a password login
    await vault.remember(pw)
    assert stored(backend) == {"token": TOKEN}
    assert await vault.remembered_code(pw) is None


async def test_a_new_login_without_code_forgets_the_old_code() -> None:
    vault, backend = keyring_vault()
    an = profile()
    vault.keep(an.id, "tok-1", code=CODE)
    vault.keep(an.id, "tok-2")
    await vault.remember(an)
    assert stored(backend) == {"token": "tok-2"}


async def test_remember_with_nothing_to_keep_erases_an_older_secret() -> None:
    vault, backend = keyring_vault()
    an = profile()
    await vault.write(an.id, {"token": "old"})
    await vault.remember(an)
    assert stored(backend) == {}


async def test_token_for_reads_the_store_only_for_a_remembered_profile() -> None:
    backend = MemoryKeyring()
    first, _ = keyring_vault(backend)
    await first.write("an", {"token": TOKEN, "prepaid_code": CODE})

    restarted, _ = keyring_vault(backend)  # a new run: nothing in memory
    assert await restarted.token_for(profile(remember=False)) is None
    assert await restarted.remembered_code(profile(remember=False)) is None
    assert await restarted.token_for(profile()) == TOKEN
    assert restarted.token("an") == TOKEN  # kept in memory from then on


@pytest.mark.parametrize("raw", ["not json", "[1, 2]", '"a string"', ""])
async def test_a_damaged_secret_reads_as_none(raw: str) -> None:
    vault, backend = keyring_vault()
    backend.values[("budgetmeter-test", secret_key("an"))] = raw
    assert await vault.read("an") == {}
    assert await vault.token_for(profile()) is None


async def test_only_string_values_are_read() -> None:
    vault, backend = keyring_vault()
    backend.values[("budgetmeter-test", secret_key("an"))] = json.dumps({"token": TOKEN, "prepaid_code": 12})
    assert await vault.read("an") == {"token": TOKEN}


async def test_drop_token_keeps_a_remembered_code() -> None:
    vault, backend = keyring_vault()
    an = profile()
    vault.keep(an.id, TOKEN, code=CODE)
    await vault.remember(an)
    await vault.drop_token(an)
    assert vault.token(an.id) is None
    assert stored(backend) == {"prepaid_code": CODE}


async def test_drop_token_erases_a_secret_that_held_only_the_token() -> None:
    vault, backend = keyring_vault()
    pw = profile(kind="password")
    vault.keep(pw.id, TOKEN)
    await vault.remember(pw)
    await vault.drop_token(pw)
    assert backend.values == {}


async def test_drop_token_leaves_a_token_another_call_already_renewed() -> None:
    vault, backend = keyring_vault()
    an = profile()
    vault.keep(an.id, "old")
    await vault.renew(an, "new")
    await vault.drop_token(an, "old")
    assert vault.token(an.id) == "new" and stored(backend) == {"token": "new"}
    await vault.drop_token(an, "new")
    assert vault.token(an.id) is None


async def test_renew_writes_the_store_only_when_remembered() -> None:
    vault, backend = keyring_vault()
    await vault.renew(profile(remember=False), TOKEN)
    assert vault.token("an") == TOKEN and backend.values == {}
    await vault.write("an", {"prepaid_code": CODE})
    await vault.renew(profile(), "tok-2")
    assert stored(backend) == {"prepaid_code": CODE, "token": "tok-2"}


async def test_release_returns_the_token_and_keeps_the_remembered_code() -> None:
    vault, backend = keyring_vault()
    an = profile()
    vault.keep(an.id, TOKEN, code=CODE)
    await vault.remember(an)
    assert await vault.release(an) == TOKEN
    assert vault.token(an.id) is None
    assert stored(backend) == {"prepaid_code": CODE}
    await vault.remember(an)  # the code typed in this run is gone from memory too
    assert stored(backend) == {}


async def test_forget_and_forget_code() -> None:
    vault, backend = keyring_vault()
    an = profile()
    vault.keep(an.id, TOKEN, code=CODE)
    await vault.remember(an)
    await vault.forget_code(an.id)
    assert backend.values == {} and vault.token(an.id) == TOKEN
    await vault.forget(an.id)
    assert vault.token(an.id) is None


async def test_a_store_failing_on_read_falls_back_to_memory(caplog: pytest.LogCaptureFixture) -> None:
    told: list[bool] = []
    vault, backend = keyring_vault(on_fallback=lambda: told.append(True))
    await vault.write("an", {"token": TOKEN, "prepaid_code": CODE})
    backend.get_password = broken  # type: ignore[method-assign]
    with caplog.at_level(logging.WARNING, logger="budgetmeter.session"):
        assert await vault.read("an") == {}  # the memory store holds nothing yet
    assert vault.failed and told == [True]
    assert isinstance(vault.store, MemorySecretStore) and vault.store.fallback_reason == "secret_store_failed"
    assert not vault.persistent
    assert "keyring" in caplog.text and "SecretStoreError" in caplog.text
    assert TOKEN not in caplog.text and CODE not in caplog.text


async def test_a_store_failing_on_write_keeps_the_secret_in_memory(caplog: pytest.LogCaptureFixture) -> None:
    vault, backend = keyring_vault()
    backend.set_password = broken  # type: ignore[method-assign]
    an = profile()
    vault.keep(an.id, TOKEN, code=CODE)
    with caplog.at_level(logging.DEBUG):
        await vault.remember(an)
    assert vault.failed and backend.values == {}
    assert await vault.read(an.id) == {"token": TOKEN, "prepaid_code": CODE}
    assert await vault.remembered_code(an) == CODE
    assert TOKEN not in caplog.text and CODE not in caplog.text


async def test_a_store_failing_on_delete_does_not_raise() -> None:
    vault, backend = keyring_vault()
    backend.delete_password = broken  # type: ignore[method-assign]
    await vault.erase("an")
    assert vault.failed and not vault.persistent


async def test_without_a_store_secrets_live_in_memory_only() -> None:
    vault = TokenVault()
    assert not vault.persistent and not vault.failed
    an = profile()
    vault.keep(an.id, TOKEN, code=CODE)
    await vault.remember(an)
    assert await vault.read(an.id) == {"token": TOKEN, "prepaid_code": CODE}
