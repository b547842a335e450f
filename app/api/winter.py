"""The winter period, from the server: ``GET /api/v1/winter-period?on=YYYY-MM-DD`` (public, no login).

The server owns the rule (seed 001: "Tijdens de winterperiode (1 december tot 1 maart) zijn er
voorwaarden voor een minimale levering van gas en elektriciteit."), so the app shows the dates it is
told instead of a copy of the rule. The answer is the period containing ``on``, else the next one, both
days inclusive.

Kept beside the client rather than in it: one public call, one typed answer. It goes through the
client's request helper of this package (retries, error envelope, timeouts as every other call).
"""

from __future__ import annotations

from datetime import date

from .client import API, BudgetmeterClient
from .models import _Model

PATH = f"{API}/winter-period"


class WinterPeriod(_Model):
    #: The day asked about.
    on: date
    in_winter_period: bool
    #: First and last day of the period containing ``on``, else of the next one (both inclusive).
    first_day: date
    last_day: date


async def winter_period(api: BudgetmeterClient, on: date) -> WinterPeriod:
    """The winter period on ``on`` (or the next one). Raises :class:`app.api.errors.ApiError`."""
    return await api._get_json(WinterPeriod, PATH, params={"on": on.isoformat()}, auth=False)


__all__ = ["PATH", "WinterPeriod", "winter_period"]
