"""The household's social tariff on the Social tariff screen (no Flet): asked of the server when the
screen opens and for each client a helper switches to; never raises, ``error`` says what went wrong
(the screen offers "Try again")."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from app.api.errors import ApiError
from app.api.models import SocialTariffEntry, Tariff

from .observable import Observable


class TariffStatus(Observable):
    def __init__(self, fetch: Callable[[], Awaitable[Tariff]]) -> None:
        super().__init__()
        self._fetch = fetch
        self.tariff: Tariff | None = None
        self.loading = False
        self.error: ApiError | None = None

    def entry(self, energy: str) -> SocialTariffEntry | None:
        """The tariff of one energy, None when the server lists none (not active)."""
        if self.tariff is None:
            return None
        return next((e for e in self.tariff.social_tariff if e.energy == energy), None)

    async def load(self) -> bool:
        with self.changes():
            self.loading, self.error = True, None
        try:
            tariff = await self._fetch()
        except ApiError as exc:
            with self.changes():
                self.loading, self.error = False, exc
            return False
        with self.changes():
            self.tariff, self.loading = tariff, False
        return True


__all__ = ["TariffStatus"]
