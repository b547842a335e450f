"""Last balances per profile, to show when the server cannot be reached (no secrets in here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import TypeAdapter, ValidationError

from app.api.models import Balance, Me

CACHE_KEY_PREFIX = "cache:"

_balances = TypeAdapter(list[Balance])
_aware = TypeAdapter(datetime)


@dataclass(frozen=True)
class CachedData:
    balances: list[Balance]
    fetched_at: datetime
    me: Me | None = None


class BalanceCache:
    def __init__(self, prefs) -> None:
        self.prefs = prefs

    @staticmethod
    def key(profile_id: str) -> str:
        return f"{CACHE_KEY_PREFIX}{profile_id}"

    async def get(self, profile_id: str) -> CachedData | None:
        raw = await self.prefs.get(self.key(profile_id))
        if not isinstance(raw, dict):
            return None
        try:
            fetched_at = _aware.validate_python(raw["fetched_at"])
            if fetched_at.tzinfo is None:
                return None
            me = Me.model_validate(raw["me"]) if raw.get("me") else None
            return CachedData(_balances.validate_python(raw.get("balances", [])), fetched_at, me)
        except (KeyError, ValidationError, ValueError):
            return None

    async def put(self, profile_id: str, balances: list[Balance], fetched_at: datetime, me: Me | None = None) -> None:
        await self.prefs.set(
            self.key(profile_id),
            {
                "fetched_at": fetched_at.isoformat(),
                "balances": [b.model_dump(mode="json") for b in balances],
                "me": me.model_dump(mode="json") if me is not None else None,
            },
        )

    async def delete(self, profile_id: str) -> None:
        await self.prefs.delete(self.key(profile_id))
