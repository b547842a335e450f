"""Unit tests of server.rules.alerts: the conditions of each alert and quiet hours."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from server.rules.alerts import DEFAULT_RULES, AlertRules, ReadingState, conditions, parse_clock, quiet_until

BRUSSELS = ZoneInfo("Europe/Brussels")


def state(balance: int = 1000, days: int | None = 10, ec: bool = False, minimum: bool = False) -> ReadingState:
    return ReadingState(balance_cents=balance, days_left=days, emergency_credit_in_use=ec, minimum_supply_active=minimum)


def test_defaults_are_the_designed_ones() -> None:
    assert DEFAULT_RULES == AlertRules(500, 3, True, True, True)


def test_balance_below_is_strict_and_days_left_at_most_is_inclusive() -> None:
    assert conditions(state(balance=499), DEFAULT_RULES)["balance_low"] is True
    assert conditions(state(balance=500), DEFAULT_RULES)["balance_low"] is False
    assert conditions(state(days=3), DEFAULT_RULES)["days_left_low"] is True
    assert conditions(state(days=4), DEFAULT_RULES)["days_left_low"] is False


def test_no_days_left_alert_without_a_known_daily_cost() -> None:
    assert conditions(state(days=None), DEFAULT_RULES)["days_left_low"] is False


def test_emergency_credit_and_minimum_supply_follow_what_the_meter_reported() -> None:
    # seed 002 ("uw noodkrediet activeren") and seed 001 ("slechts 10 ampère").
    held = conditions(state(balance=-320, ec=True, minimum=True), DEFAULT_RULES)
    assert held["emergency_credit_started"] and held["minimum_supply_started"]


def test_a_condition_is_judged_even_when_its_alert_is_off() -> None:
    off = AlertRules(emergency_credit=False, balance_below_cents=0)
    assert conditions(state(ec=True), off)["emergency_credit_started"] is True
    assert not off.wants("emergency_credit_started") and not off.wants("balance_low")


@pytest.mark.parametrize("clock, quiet, until", [
    ("23:00", ("22:00", "07:00"), "2026-11-28 07:00"),
    ("22:00", ("22:00", "07:00"), "2026-11-28 07:00"),
    ("03:00", ("22:00", "07:00"), "2026-11-27 07:00"),
    ("06:59", ("22:00", "07:00"), "2026-11-27 07:00"),
    ("07:00", ("22:00", "07:00"), None),
    ("12:00", ("22:00", "07:00"), None),
    ("13:00", ("12:00", "14:00"), "2026-11-27 14:00"),
    ("14:00", ("12:00", "14:00"), None),
    ("13:00", ("08:00", "08:00"), None),
])
def test_quiet_hours_may_span_midnight(clock: str, quiet: tuple[str, str], until: str | None) -> None:
    hour, minute = map(int, clock.split(":"))
    now = datetime(2026, 11, 27, hour, minute, tzinfo=BRUSSELS)
    found = quiet_until(now, quiet)
    assert (found.strftime("%Y-%m-%d %H:%M") if found else None) == until
    assert quiet_until(now, None) is None


def test_clock_times_are_checked() -> None:
    assert parse_clock("07:05").minute == 5
    for bad in ("24:00", "7:00", "07:60", "x"):
        with pytest.raises(ValueError):
            parse_clock(bad)
