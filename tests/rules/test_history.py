"""Days of a meter's history and the average daily cost (server.rules.history)."""

from __future__ import annotations

from datetime import date, timedelta

from server.rules.history import MIN_DAYS, average_daily_cost, daily

TODAY = date(2026, 11, 27)


def d(n: int) -> date:
    return TODAY - timedelta(days=n)


def test_cost_is_balance_before_plus_topups_minus_balance() -> None:
    days = daily(
        previous_balance=None,
        readings=[(d(3), 1000), (d(2), 800), (d(2), 700), (d(1), 2400)],
        topups={d(1): 2000},
        first_day=d(3),
        today=TODAY,
        current_balance=2150,
    )
    assert [(x.date, x.balance_cents, x.cost_cents, x.topup_cents, x.cost_known) for x in days] == [
        (d(3), 1000, 0, 0, False),  # the first day: nothing to compare with
        (d(2), 700, 300, 0, True),  # the last reading of the day counts
        (d(1), 2400, 300, 2000, True),  # a top-up is not use
        (TODAY, 2150, 250, 0, True),  # today: the current balance
    ]


def test_a_day_without_readings_keeps_the_balance_before() -> None:
    days = daily(previous_balance=500, readings=[(d(1), 300)], topups={}, first_day=d(3), today=TODAY, current_balance=300)
    assert [(x.balance_cents, x.cost_cents) for x in days] == [(500, 0), (500, 0), (300, 200), (300, 0)]


def test_emergency_credit_paid_back_at_the_next_topup_is_not_use() -> None:
    # seed 002: "bij uw volgende oplaadbeurt [...] al uw verbruik en uw noodkrediet in één keer moeten
    # terugbetalen": from -1500, a top-up of 5000 leaves 3500 minus that day's use.
    days = daily(previous_balance=-1500, readings=[(d(1), 3300)], topups={d(1): 5000}, first_day=d(1), today=d(1), current_balance=3300)
    assert days[0].cost_cents == 200


def test_average_needs_seven_completed_days() -> None:
    def history(n: int) -> list:
        return daily(
            previous_balance=None,
            readings=[(d(i), 10_000 - (n - i) * 100) for i in range(n, 0, -1)],
            topups={},
            first_day=d(n),
            today=TODAY,
            current_balance=10_000 - n * 100,
        )

    assert average_daily_cost(history(MIN_DAYS), TODAY) is None  # 6 known days: the first is not
    assert average_daily_cost(history(MIN_DAYS + 1), TODAY) == 100


def test_average_uses_the_last_30_completed_days_only() -> None:
    balance, readings = 100_000, []
    for i in range(60, 0, -1):  # 50 a day until 31 days ago, then 120 a day
        balance -= 50 if i > 30 else 120
        readings.append((d(i), balance))
    days = daily(previous_balance=None, readings=readings, topups={}, first_day=d(60), today=TODAY, current_balance=readings[-1][1])
    assert average_daily_cost(days, TODAY) == 120
