"""When a meter's alerts fire (README, "Alerts"): pure rules, no store.

An alert fires once when its condition starts and re-arms when the condition ends: one alert per
episode. Conditions are judged on the meter's state after each applied reading, in the order the
readings were applied; a top-up is an episode of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

KINDS = ("balance_low", "days_left_low", "emergency_credit_started", "minimum_supply_started", "topup_loaded")
# The kinds that follow a condition of the meter's state (the rest follow events).
STATE_KINDS = ("balance_low", "days_left_low", "emergency_credit_started", "minimum_supply_started")

BALANCE_BELOW_MAX_CENTS = 100_000
DAYS_LEFT_MAX = 60
_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")


@dataclass(frozen=True)
class AlertRules:
    """A client's choice of alerts; the defaults are the README's ("Alerts")."""

    balance_below_cents: int = 500
    days_left_at_most: int = 3
    emergency_credit: bool = True
    minimum_supply: bool = True
    topup_loaded: bool = True

    def wants(self, kind: str) -> bool:
        return {
            "balance_low": self.balance_below_cents > 0,
            "days_left_low": self.days_left_at_most > 0,
            "emergency_credit_started": self.emergency_credit,
            "minimum_supply_started": self.minimum_supply,
            "topup_loaded": self.topup_loaded,
        }[kind]


DEFAULT_RULES = AlertRules()
DEFAULT_QUIET_HOURS = ("22:00", "07:00")


@dataclass(frozen=True)
class ReadingState:
    """A meter right after a reading was applied. days_left is None when the daily cost is not known
    yet (no days-left alert then: the app shows no estimate either)."""

    balance_cents: int
    days_left: int | None
    emergency_credit_in_use: bool
    minimum_supply_active: bool


#: One bit per state kind, in STATE_KINDS order: how the store keeps which conditions hold.
BITS = {kind: 1 << i for i, kind in enumerate(STATE_KINDS)}


def condition_bits(balance_cents: int, days_left: int | None, emergency_credit_in_use: bool,
                   minimum_supply_active: bool, balance_below_cents: int, days_left_at_most: int) -> int:
    """Which state conditions hold, as BITS, under the client's two thresholds (AlertRules'; plain
    arguments because this runs for every applied reading). A condition is judged even when its alert
    is switched off, so that switching it on later does not fire for an episode that began long before."""
    bits = 0
    if balance_cents < balance_below_cents:
        bits |= 1
    if days_left is not None and days_left <= days_left_at_most:
        bits |= 2
    # seed 002: "Zodra u deze limiet bereikt, kunt u via de meter uw noodkrediet activeren."
    if emergency_credit_in_use:
        bits |= 4
    # seed 001: "De stroombegrenzer in de budgetmeter zal er voor zorgen dat de geleverde
    # elektriciteit slechts 10 ampère is."
    if minimum_supply_active:
        bits |= 8
    return bits


def conditions(state: ReadingState, rules: AlertRules) -> dict[str, bool]:
    """condition_bits by name."""
    bits = condition_bits(state.balance_cents, state.days_left, state.emergency_credit_in_use,
                          state.minimum_supply_active, rules.balance_below_cents, rules.days_left_at_most)
    return {kind: bool(bits & bit) for kind, bit in BITS.items()}


def parse_clock(value: str) -> time:
    match = _CLOCK.fullmatch(value)
    if match is None:
        raise ValueError("a time of day as HH:MM (00:00 to 23:59)")
    return time(int(match.group(1)), int(match.group(2)))


def quiet_until(local_now: datetime, quiet: tuple[str, str] | None) -> datetime | None:
    """When the quiet hours around `local_now` (Belgian wall-clock time) end, or None when it is not
    quiet now. Quiet hours may span midnight (22:00 to 07:00); start == end means none."""
    if quiet is None:
        return None
    start, end = parse_clock(quiet[0]), parse_clock(quiet[1])
    if start == end:
        return None
    now = local_now.timetz().replace(tzinfo=None)
    today_end = datetime.combine(local_now.date(), end, tzinfo=local_now.tzinfo)
    if start < end:
        return today_end if start <= now < end else None
    if now >= start:  # the evening part: quiet until tomorrow's end
        return datetime.combine(local_now.date() + timedelta(days=1), end, tzinfo=local_now.tzinfo)
    if now < end:  # the morning part
        return today_end
    return None
