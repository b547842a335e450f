"""Supply signals as pure rules (server.rules.signals; issue 21). Seed 002: "Als ook dit laatste
krediet uitgeput is, wordt uw meter afgesloten en krijgt u geen energie meer geleverd."; seed 001: "De
stroombegrenzer in de budgetmeter zal er voor zorgen dat de geleverde elektriciteit slechts 10 ampère
is." and "Tijdens de winterperiode (1 december tot 1 maart) ..."."""

from __future__ import annotations

from datetime import date, timedelta

from server.rules import signals
from server.rules.history import Day

H = 3600
NOW = 1_800_000_000


def test_off_supply_after_six_hours_of_interruption_with_its_start_as_episode() -> None:
    assert signals.off_supply(None, NOW) is None
    assert signals.off_supply(NOW - 6 * H + 1, NOW) is None
    assert signals.off_supply(NOW - 6 * H, NOW) == NOW - 6 * H


def test_limited_supply_long_is_electricity_only_after_72_hours() -> None:
    assert signals.limited_supply_long("electricity", NOW - 72 * H, NOW) == NOW - 72 * H
    assert signals.limited_supply_long("electricity", NOW - 71 * H, NOW) is None
    assert signals.limited_supply_long("gas", NOW - 100 * H, NOW) is None  # gas has no limiter (seed 001)


def test_emergency_credit_long_counts_from_the_last_top_up() -> None:
    assert signals.emergency_credit_long(NOW - 3 * 24 * H, None, NOW) == NOW - 3 * 24 * H
    assert signals.emergency_credit_long(NOW - 3 * 24 * H, NOW - 24 * H, NOW) is None
    assert signals.emergency_credit_long(NOW - 5 * 24 * H, NOW - 3 * 24 * H, NOW) == NOW - 3 * 24 * H
    assert signals.emergency_credit_long(None, None, NOW) is None


def _days(today: date, baseline: int, recent: int) -> list[Day]:
    out = []
    for back in range(34, 0, -1):
        d = today - timedelta(days=back)
        out.append(Day(d, 0, recent if back <= 3 else baseline, 0, True))
    return out


def test_heating_dropped_in_winter_when_gas_use_falls_under_30_percent_and_money_is_short() -> None:
    today = date(2026, 12, 20)
    days = _days(today, baseline=300, recent=80)
    assert signals.heating_dropped("gas", days, today, balance_cents=400, emergency_credit_in_use=False) == today - timedelta(days=3)
    assert signals.heating_dropped("gas", days, today, balance_cents=900, emergency_credit_in_use=True) is not None
    # Enough money, electricity, summer, or use not under 30 %: no signal.
    assert signals.heating_dropped("gas", days, today, balance_cents=900, emergency_credit_in_use=False) is None
    assert signals.heating_dropped("electricity", days, today, balance_cents=0, emergency_credit_in_use=False) is None
    summer = date(2026, 7, 20)
    assert signals.heating_dropped("gas", _days(summer, 300, 80), summer, balance_cents=0, emergency_credit_in_use=False) is None
    assert signals.heating_dropped("gas", _days(today, 300, 90), today, balance_cents=0, emergency_credit_in_use=False) is None


def test_heating_dropped_needs_a_history_of_its_own() -> None:
    today = date(2027, 1, 10)
    assert signals.heating_dropped("gas", _days(today, 300, 10)[-10:], today, balance_cents=0, emergency_credit_in_use=False) is None
