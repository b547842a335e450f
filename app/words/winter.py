"""The winter period in words: its dates as the server gives them, or nothing when it could not be asked
(the texts around it then keep the seed's "1 December to 1 March")."""

from __future__ import annotations

from app.api.winter_models import WinterPeriod
from app.i18n import Translator


def winter_period_text(t: Translator, period: WinterPeriod | None) -> str | None:
    """"Winter period: 1 December 2026 to 28 February 2027" (both days included), or None."""
    if period is None:
        return None
    return t.gettext("Winter period: {first} to {last}").format(
        first=t.date(period.first_day, "long"), last=t.date(period.last_day, "long")
    )


def winter_now_text(t: Translator, period: WinterPeriod | None) -> str | None:
    """Whether today falls in it, or None when not known."""
    if period is None:
        return None
    if period.in_winter_period:
        return t.gettext("It is the winter period now.")
    return t.gettext("It is not the winter period now: these are the dates of the next one.")
