"""Supply signals (issue 21, "Supply signals"): when a household has
gone without energy, or with too little, long enough that someone should look. Pure rules, no store.

Why at all: a third of UK prepayment households self-disconnected in a year and fewer than one in ten
called anyone about it; Ofgem makes suppliers identify self-disconnection. A meter that goes quiet says
nothing by itself, so the signal is judged from how long a state has lasted, not only from readings.

What the meter does is the seeds':
- interrupted, seed 002: "Als ook dit laatste krediet uitgeput is, wordt uw meter afgesloten en krijgt
  u geen energie meer geleverd."
- minimum supply, seed 001: "De stroombegrenzer in de budgetmeter zal er voor zorgen dat de geleverde
  elektriciteit slechts 10 ampère is." (electricity only: gas has no limiter)
- emergency credit, seed 001: "Indien u niet gaat herladen, valt u terug op een noodkrediet." and seed
  002: "Zodra u deze limiet bereikt, kunt u via de meter uw noodkrediet activeren."
- the winter period, seed 001: "Tijdens de winterperiode (1 december tot 1 maart) zijn er voorwaarden
  voor een minimale levering van gas en elektriciteit." (server.rules.winter)

Each rule answers with the signal's episode (the Unix time its state began: the same state judged
again, by a replay, a restart or a second worker, gives the same episode, and the store keeps one
signal per (ean, kind, episode)) or None when no signal is due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .history import Day
from .winter import in_winter_period

KINDS = ("off_supply", "limited_supply_long", "emergency_credit_long", "heating_dropped")
STATUSES = ("open", "acknowledged", "resolved")
NOTE_MAX = 500


@dataclass(frozen=True)
class Thresholds:
    """The defaults of issue 21; server.core.settings makes each a BUDGETMETER_SIGNAL_* setting."""

    off_supply_seconds: int = 6 * 3600
    limited_supply_seconds: int = 72 * 3600
    emergency_credit_seconds: int = 3 * 86400
    heating_days: int = 3
    heating_baseline_days: int = 30
    heating_percent: int = 30
    heating_balance_below_cents: int = 500


DEFAULTS = Thresholds()


def off_supply(interrupted_since: int | None, now: int, t: Thresholds = DEFAULTS) -> int | None:
    """Interrupted (no supply at all) for off_supply_seconds."""
    if interrupted_since is not None and now - interrupted_since >= t.off_supply_seconds:
        return interrupted_since
    return None


def limited_supply_long(energy: str, minimum_supply_since: int | None, now: int, t: Thresholds = DEFAULTS) -> int | None:
    """Electricity held at 10 A by the limiter for limited_supply_seconds."""
    if energy == "electricity" and minimum_supply_since is not None and now - minimum_supply_since >= t.limited_supply_seconds:
        return minimum_supply_since
    return None


def emergency_credit_long(emergency_credit_since: int | None, last_topup_at: int | None, now: int,
                          t: Thresholds = DEFAULTS) -> int | None:
    """On emergency credit for emergency_credit_seconds with no top-up in that time. A top-up that left
    the meter on emergency credit starts the count again (and, when it runs out, a new episode): the
    household did act, and then went without again."""
    if emergency_credit_since is None:
        return None
    start = max(emergency_credit_since, last_topup_at or emergency_credit_since)
    return start if now - start >= t.emergency_credit_seconds else None


def heating_dropped(energy: str, days: list[Day], today: date, *, balance_cents: int, emergency_credit_in_use: bool,
                    t: Thresholds = DEFAULTS) -> date | None:
    """In the winter period, a gas meter whose cost over the last `heating_days` full days is under
    `heating_percent` % of its own daily average over the `heating_baseline_days` before, while little
    or no money is left (balance under the threshold, or on emergency credit): the household has
    (nearly) stopped heating for want of money. Answers the first of the low days, or None. A meter
    without enough known days of its own (half the baseline) is not judged: its average would say little."""
    if energy != "gas" or not in_winter_period(today):
        return None
    if balance_cents >= t.heating_balance_below_cents and not emergency_credit_in_use:
        return None
    recent_start = today - timedelta(days=t.heating_days)
    baseline_start = recent_start - timedelta(days=t.heating_baseline_days)
    recent = [d.cost_cents for d in days if recent_start <= d.date < today and d.cost_known]
    baseline = [d.cost_cents for d in days if baseline_start <= d.date < recent_start and d.cost_known]
    if len(recent) < t.heating_days or len(baseline) < t.heating_baseline_days // 2:
        return None
    average = sum(baseline) / len(baseline)
    if average <= 0:
        return None
    # Compared in whole cents: recent total * 100 < percent * average * days.
    if sum(recent) * 100 < t.heating_percent * average * t.heating_days:
        return recent_start
    return None
