"""What this device keeps between runs, apart from secrets: the saved clients and which one is
current, the helper identity used last, the language choice, the last balances of each client.

All of it lives in the :class:`~app.credentials.PreferenceStore` (a JSON file, or the browser's or
phone's storage); the secrets are the :class:`~app.state.vault.TokenVault`'s.

A store that cannot be read gives the default, as if nothing were saved; left at that, saved clients
would vanish without a word. So every read goes through :class:`WatchedPreferences`, and a problem
is logged (the key and the exception type, never a value) and handed to ``on_problem`` as a stable
code the UI translates:

* ``"preferences_unreadable"``: this device's storage could not be read (a call failed or timed out,
  a value or the whole file was damaged; a damaged file is moved aside as ``*.corrupt``);
* ``"saved_clients_damaged"``: some saved clients could not be read and are left out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.api.errors import ValidationFailed
from app.api.models import HelperIdentity
from app.credentials import PreferenceStore

from .cache import BalanceCache
from .inputs import normalise_helper
from .language import load_language_choice
from .profiles import ClientProfile, ProfileStore

log = logging.getLogger("budgetmeter.state")

HELPER_KEY = "helper_identity"
PREFERENCES_UNREADABLE = "preferences_unreadable"
SAVED_CLIENTS_DAMAGED = "saved_clients_damaged"

Problem = Callable[[str], Any]


class WatchedPreferences:
    """A :class:`~app.credentials.PreferenceStore` whose failed reads are reported, not silent."""

    def __init__(self, inner: PreferenceStore, on_problem: Problem | None = None) -> None:
        self.inner = inner
        self.on_problem = on_problem

    @property
    def read_problem(self) -> str | None:
        return getattr(self.inner, "read_problem", None)

    async def get(self, key: str, default: Any = None) -> Any:
        try:
            value = await self.inner.get(key, default)
        except Exception as exc:
            log.warning("Reading preference %r failed (%s); using the default", key, type(exc).__name__)
            self.report(PREFERENCES_UNREADABLE)
            return default
        if self.read_problem:  # the store gave the default itself, and said so
            self.report(self.read_problem)
        return value

    async def set(self, key: str, value: Any) -> None:
        await self.inner.set(key, value)

    async def delete(self, key: str) -> None:
        await self.inner.delete(key)

    def report(self, code: str) -> None:
        if self.on_problem is not None:
            self.on_problem(code)


@dataclass(frozen=True)
class Remembered:
    profiles: list[ClientProfile]
    current_id: str | None
    language_choice: str | None
    #: Pre-fills the helper login form; not secret.
    helper: HelperIdentity | None


class DeviceRecords:
    def __init__(self, prefs: PreferenceStore, *, on_problem: Problem | None = None) -> None:
        self.prefs = WatchedPreferences(prefs, on_problem)
        self.profiles = ProfileStore(self.prefs)
        self.cache = BalanceCache(self.prefs)

    async def load(self) -> Remembered:
        raw_helper = await self.prefs.get(HELPER_KEY)
        try:
            helper = normalise_helper(raw_helper) if isinstance(raw_helper, dict) else None
        except ValidationFailed:
            helper = None  # a damaged entry: the form starts empty
        profiles = await self.profiles.load()
        if self.profiles.damaged:
            self.prefs.report(SAVED_CLIENTS_DAMAGED)
        return Remembered(
            profiles=profiles,
            current_id=await self.profiles.current_id(),
            language_choice=await load_language_choice(self.prefs),
            helper=helper,
        )

    async def save_login(
        self, profiles: list[ClientProfile], current: ClientProfile, helper: HelperIdentity | None
    ) -> None:
        if helper is not None:
            await self.prefs.set(HELPER_KEY, helper.model_dump())
        await self.profiles.save(profiles)
        await self.profiles.set_current_id(current.id)

    async def forget(self, profile_id: str, profiles: list[ClientProfile]) -> None:
        """A client removed from this device: its cached balances, and ``profiles`` without it."""
        await self.cache.delete(profile_id)
        await self.profiles.save(profiles)
