"""What this device keeps between runs, apart from secrets: the saved clients and which one is
current, the helper identity used last, the language choice, the last balances of each client.

All of it lives in the :class:`~app.credentials.PreferenceStore` (a JSON file, or the browser's or
phone's storage); the secrets are the :class:`~app.state.vault.TokenVault`'s.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.api.errors import ValidationFailed
from app.api.models import HelperIdentity
from app.credentials import PreferenceStore

from .cache import BalanceCache
from .inputs import normalise_helper
from .language import load_language_choice
from .profiles import ClientProfile, ProfileStore

HELPER_KEY = "helper_identity"


@dataclass(frozen=True)
class Remembered:
    profiles: list[ClientProfile]
    current_id: str | None
    language_choice: str | None
    #: Pre-fills the helper login form; not secret.
    helper: HelperIdentity | None


class DeviceRecords:
    def __init__(self, prefs: PreferenceStore) -> None:
        self.prefs = prefs
        self.profiles = ProfileStore(prefs)
        self.cache = BalanceCache(prefs)

    async def load(self) -> Remembered:
        raw_helper = await self.prefs.get(HELPER_KEY)
        try:
            helper = normalise_helper(raw_helper) if isinstance(raw_helper, dict) else None
        except ValidationFailed:
            helper = None  # a damaged entry: the form starts empty
        return Remembered(
            profiles=await self.profiles.load(),
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
