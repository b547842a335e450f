"""The winter period the screens show, asked of the server once per app session (no Flet).

    winter = WinterInfo(api)
    await winter.load()          # never raises: offline, ``period`` stays None
    winter.period                # WinterPeriod or None; the UI then shows the seed's words

Seed 001: "Tijdens de winterperiode (1 december tot 1 maart) zijn er voorwaarden voor een minimale
levering van gas en elektriciteit." The dates come from the server, which owns that rule.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from app.api.client import BudgetmeterClient
from app.api.errors import ApiError
from app.api.winter_models import WinterPeriod
from app.clock import BRUSSELS

from .observable import Observable


def _today() -> date:
    return datetime.now(BRUSSELS).date()


class WinterInfo(Observable):
    def __init__(self, api: BudgetmeterClient, *, clock: Callable[[], date] = _today) -> None:
        super().__init__()
        self._api = api
        self._clock = clock
        self.period: WinterPeriod | None = None
        self.last_error: ApiError | None = None
        self._asked_on: date | None = None

    async def load(self) -> bool:
        """Ask the server for today's period, once a day; False (and ``last_error``) when it cannot
        be asked, and the screens keep the seed's words."""
        today = self._clock()
        if self._asked_on == today and self.period is not None:
            return True
        self._asked_on = today
        try:
            period = await self._api.winter_period(today)
        except ApiError as exc:
            self.last_error = exc
            return False
        with self.changes():
            self.period, self.last_error = period, None
        return True


__all__ = ["WinterInfo"]
