from __future__ import annotations

import json
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import NoKeyringError

from app.credentials import (
    JsonFilePreferenceStore,
    KeyringSecretStore,
    MemoryPreferenceStore,
    MemorySecretStore,
    PreferenceStore,
    SecretStore,
    SecretStoreError,
    choose_secret_store,
)

from .conftest import MemoryKeyring

pytestmark = pytest.mark.anyio


class RefusingKeyring(KeyringBackend):
    """Looks like a real keyring but refuses writes, as on a headless box without Secret Service."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service, username):
        return None

    def set_password(self, service, username, password):
        raise NoKeyringError("no backend")

    def delete_password(self, service, username):
        raise NoKeyringError("no backend")


# A class that claims to come from keyrings.alt, like PlaintextKeyring (we do not install keyrings.alt).
PlaintextKeyring = type(
    "PlaintextKeyring",
    (MemoryKeyring,),
    {"__module__": "keyrings.alt.file"},
)


async def test_memory_secret_store() -> None:
    store = MemorySecretStore()
    assert isinstance(store, SecretStore)
    assert store.persistent is False and store.kind == "memory"
    assert await store.get("k") is None
    await store.set("k", "v")
    assert await store.get("k") == "v"
    await store.delete("k")
    await store.delete("k")
    assert await store.get("k") is None


async def test_keyring_store_with_a_working_backend(memory_keyring: MemoryKeyring) -> None:
    store = KeyringSecretStore()
    assert isinstance(store, SecretStore)
    assert await store.usable()
    chosen = await choose_secret_store([store])
    assert chosen is store and chosen.persistent
    await store.set("profile:x", "secret")
    assert memory_keyring.values == {("budgetmeter", "profile:x"): "secret"}  # the probe cleaned up
    assert await store.get("profile:x") == "secret"
    await store.delete("profile:x")
    await store.delete("profile:x")  # deleting what is not there is fine
    assert await store.get("profile:x") is None


async def test_fail_backend_falls_back_to_memory() -> None:
    store = KeyringSecretStore(backend=fail.Keyring())
    assert not await store.usable()
    assert store.refusal == "no_keyring"
    chosen = await choose_secret_store([store])
    assert isinstance(chosen, MemorySecretStore)
    assert chosen.persistent is False and chosen.fallback and chosen.fallback_reason == "no_keyring"


async def test_backend_refusing_writes_falls_back() -> None:
    chosen = await choose_secret_store([KeyringSecretStore(backend=RefusingKeyring())])
    assert isinstance(chosen, MemorySecretStore) and chosen.fallback_reason == "keyring_failed"


async def test_plaintext_backend_is_never_used() -> None:
    backend = PlaintextKeyring()
    store = KeyringSecretStore(backend=backend)
    assert not await store.usable()
    assert store.refusal == "plaintext_keyring"
    assert backend.values == {}  # not even the probe was written
    assert isinstance(await choose_secret_store([store]), MemorySecretStore)


async def test_first_usable_candidate_wins(memory_keyring: MemoryKeyring) -> None:
    bad = KeyringSecretStore(backend=fail.Keyring())
    good = KeyringSecretStore()
    assert await choose_secret_store([bad, good]) is good
    assert isinstance(await choose_secret_store([]), MemorySecretStore)


async def test_errors_of_a_keyring_in_use_are_typed() -> None:
    store = KeyringSecretStore(backend=RefusingKeyring())
    with pytest.raises(SecretStoreError) as info:
        await store.set("k", "the-secret-value")
    assert "the-secret-value" not in str(info.value)


async def test_memory_preferences_hold_copies() -> None:
    prefs = MemoryPreferenceStore()
    assert isinstance(prefs, PreferenceStore)
    value = {"a": [1, 2]}
    await prefs.set("k", value)
    value["a"].append(3)
    got = await prefs.get("k")
    assert got == {"a": [1, 2]}
    got["a"].append(4)
    assert await prefs.get("k") == {"a": [1, 2]}
    assert await prefs.get("missing", "default") == "default"
    with pytest.raises(TypeError):
        await prefs.set("bad", object())


async def test_json_file_preferences(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "preferences.json"
    prefs = JsonFilePreferenceStore(path)
    assert await prefs.get("language") is None
    await prefs.set("language", "fr")
    await prefs.set("profiles", [{"id": "x"}])
    assert json.loads(path.read_text()) == {"language": "fr", "profiles": [{"id": "x"}]}
    again = JsonFilePreferenceStore(path)
    assert await again.get("profiles") == [{"id": "x"}]
    await again.delete("language")
    assert await JsonFilePreferenceStore(path).get("language") is None
    assert list(path.parent.iterdir()) == [path]  # no temp files left behind


async def test_damaged_preferences_file_starts_empty(tmp_path: Path) -> None:
    path = tmp_path / "preferences.json"
    path.write_text("{not json")
    prefs = JsonFilePreferenceStore(path)
    assert await prefs.get("language") is None
    await prefs.set("language", "nl")
    assert (tmp_path / "preferences.json.corrupt").exists()
    assert json.loads(path.read_text()) == {"language": "nl"}
