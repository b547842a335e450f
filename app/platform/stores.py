"""Secrets and preferences on the user's own device through Flet services.

* :class:`SecureStorageSecretStore`: Flet SecureStorage, which runs in the *client* (the browser's
  WebCrypto-encrypted storage, the phone's Keychain/Keystore). In web mode this is the only persistent
  secret store allowed: the Python process runs on the server, so its OS keyring would be the server's.
* :class:`SharedPreferencesStore`: Flet SharedPreferences (localStorage in the browser) for values that
  are not secret: saved client profiles without secrets, cached balances, language, theme.

:func:`stores_for_page` picks them for a page: desktop window -> OS keyring + a JSON file in the user
data folder; browser or phone -> the device's SecureStorage + SharedPreferences. When no secret store
works, :func:`app.credentials.choose_secret_store` falls back to memory and the UI says so.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import flet as ft

from app.credentials import (
    JsonFilePreferenceStore,
    KeyringSecretStore,
    PreferenceStore,
    SecretStore,
    choose_secret_store,
)

log = logging.getLogger("budgetmeter.platform")

PREFIX = "budgetmeter."
#: A client that does not answer a storage call within this time is treated as having no storage.
CALL_TIMEOUT = 5.0


class SecureStorageSecretStore:
    persistent = True
    kind = "secure_storage"

    def __init__(self) -> None:
        from flet_secure_storage import SecureStorage

        self._storage = SecureStorage()
        self.refusal: str | None = None

    def __repr__(self) -> str:
        return "SecureStorageSecretStore()"

    async def usable(self) -> bool:
        probe = PREFIX + "probe"
        try:
            await asyncio.wait_for(self._storage.set(probe, "probe"), CALL_TIMEOUT)
            ok = await asyncio.wait_for(self._storage.get(probe), CALL_TIMEOUT) == "probe"
            await asyncio.wait_for(self._storage.remove(probe), CALL_TIMEOUT)
        except Exception as exc:  # no secure context, no plugin, ...
            log.info("SecureStorage unusable: %s", type(exc).__name__)
            self.refusal = "secure_storage_failed"
            return False
        if not ok:
            self.refusal = "secure_storage_failed"
        return ok

    async def get(self, key: str) -> str | None:
        return await asyncio.wait_for(self._storage.get(PREFIX + key), CALL_TIMEOUT)

    async def set(self, key: str, value: str) -> None:
        await asyncio.wait_for(self._storage.set(PREFIX + key, value), CALL_TIMEOUT)

    async def delete(self, key: str) -> None:
        await asyncio.wait_for(self._storage.remove(PREFIX + key), CALL_TIMEOUT)


class SharedPreferencesStore:
    """JSON values as strings in Flet SharedPreferences (localStorage in a browser)."""

    def __init__(self) -> None:
        self._prefs = ft.SharedPreferences()
        self.read_problem: str | None = None

    async def get(self, key: str, default: Any = None) -> Any:
        # A failed read gives the default, but says so (read_problem): the caller must not take
        # "nothing stored" for "could not read", or saved clients vanish without a word.
        try:
            raw = await asyncio.wait_for(self._prefs.get(PREFIX + key), CALL_TIMEOUT)
        except Exception as exc:
            log.warning("SharedPreferences get of %r failed: %s", key, type(exc).__name__)
            self.read_problem = "preferences_unreadable"
            return default
        if raw is None:
            return default
        try:
            return json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            log.warning("SharedPreferences value of %r is not JSON; using the default", key)
            self.read_problem = "preferences_unreadable"
            return default

    async def set(self, key: str, value: Any) -> None:
        await asyncio.wait_for(self._prefs.set(PREFIX + key, json.dumps(value, ensure_ascii=False)), CALL_TIMEOUT)

    async def delete(self, key: str) -> None:
        await asyncio.wait_for(self._prefs.remove(PREFIX + key), CALL_TIMEOUT)


def runs_on_users_device(page: ft.Page) -> bool:
    """True when the Python process runs on the user's own machine (desktop window)."""
    if page.web:
        return False
    return page.platform in (ft.PagePlatform.WINDOWS, ft.PagePlatform.MACOS, ft.PagePlatform.LINUX)


async def stores_for_page(page: ft.Page) -> tuple[SecretStore, PreferenceStore]:
    """The secret store and preference store for this page (must run inside the page's context)."""
    if runs_on_users_device(page):
        secrets = await choose_secret_store([KeyringSecretStore()])
        return secrets, JsonFilePreferenceStore()
    # Browser or phone: the client's own storage; never this process's keyring or files.
    try:
        candidates: list[SecretStore] = [SecureStorageSecretStore()]
    except ImportError:  # flet-secure-storage not installed: say "memory only"
        log.warning("flet-secure-storage is not installed; logins are kept in memory only")
        candidates = []
    secrets = await choose_secret_store(candidates)
    return secrets, SharedPreferencesStore()
