"""The balance chart's series and its summary sentence (app/state/balance_history.py, app/words/history.py):
top-ups, missing days, negative balances, the floor, the 30/90 switch, and the sentence in nl/fr/de/en."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest

from app.api.errors import ApiError, ServerUnreachable
from app.api.models import HistoryDay, MeterHistory
from app.i18n import Translator
from app.state.balance_history import (
    BalanceHistory,
    chart_series,
    emergency_credit_floor,
    history_summary,
)
from app.words.history import euros, summary_sentence

TODAY = date(2026, 11, 27)


def history(rows: list[tuple[int, int, int, int]]) -> MeterHistory:
    """rows: (days before today, balance, cost, top-up) in cents."""
    return MeterHistory(
        ean="541448820000000011",
        energy="electricity",
        days=[
            HistoryDay(date=TODAY - timedelta(days=ago), balance_cents=b, cost_cents=c, topup_cents=u)
            for ago, b, c, u in rows
        ],
    )


def steady(days: int, *, start: int = 5000, cost: int = 145, topups: dict[int, int] | None = None):
    """``days`` consecutive days ending today, ``cost`` a day, top-ups on the given days-ago."""
    topups = topups or {}
    rows, balance = [], start
    for ago in range(days - 1, -1, -1):
        balance = balance - cost + topups.get(ago, 0)
        rows.append((ago, balance, cost, topups.get(ago, 0)))
    return history(rows)


def test_floor_is_negative_credit_then_emergency_credit() -> None:
    # seed 002: "... tot uw meter een negatief saldo van -50 euro bereikt. Zodra u deze limiet bereikt,
    # kunt u via de meter uw noodkrediet activeren."
    assert emergency_credit_floor(emergency_credit_limit_cents=2000, negative_credit_limit_cents=5000) == -7000
    assert emergency_credit_floor(emergency_credit_limit_cents=2000, negative_credit_limit_cents=None) == -2000


def test_thirty_days_with_two_topups() -> None:
    s = chart_series(steady(30, topups={20: 2000, 5: 2000}), 30, floor_cents=-2000)
    assert s is not None
    assert s.first_day == TODAY - timedelta(days=29) and s.last_day == TODAY
    assert len(s.segments) == 1 and [d.x for d in s.segments[0]] == list(range(30))
    assert [(d.x, d.topup_cents) for d in s.topups] == [(9, 2000), (24, 2000)]
    # The axis holds the zero line and the floor even when the balance never came near them.
    assert s.min_cents <= -2000 and s.max_cents >= max(d.balance_cents for d in s.days)
    assert s.balance_ticks[0] == s.min_cents and s.balance_ticks[-1] == s.max_cents and 0 in s.balance_ticks
    assert s.day_ticks[-1] == 29  # today is labelled

    summary = history_summary(s)
    assert summary is not None
    assert (summary.days, summary.average_cost_cents, summary.topup_days, summary.topup_total_cents) == (30, 145, 2, 4000)
    assert summary.days_below_zero == 0


def test_top_up_amounts_written_only_where_they_can_be_read() -> None:
    s30 = chart_series(steady(30, topups={20: 2000, 5: 2000, 4: 1000}), 30)
    # 30 days: at least 3 days apart; the newest always.
    assert [d.x for d in s30.topups] == [9, 24, 25] and [d.x for d in s30.labelled_topups] == [9, 25]
    s90 = chart_series(steady(90, topups={ago: 3000 for ago in range(0, 90, 9)}), 90)
    xs = [d.x for d in s90.labelled_topups]
    assert len(s90.topups) == 10 and xs[-1] == 89 and all(b - a >= 11 for a, b in zip(xs, xs[1:]))


def test_the_window_keeps_only_its_days() -> None:
    h = steady(90, topups={60: 3000, 10: 2000})
    s30, s90 = chart_series(h, 30), chart_series(h, 90)
    assert len(s30.days) == 30 and [d.topup_cents for d in s30.topups] == [2000]
    assert len(s90.days) == 90 and [d.topup_cents for d in s90.topups] == [3000, 2000]


def test_a_missing_day_breaks_the_line_and_has_no_bar() -> None:
    rows = [(ago, 1000 - ago, 100, 0) for ago in range(9, -1, -1) if ago not in (4, 5)]
    s = chart_series(history(rows), 30)
    assert [[d.x for d in run] for run in s.segments] == [[20, 21, 22, 23], [26, 27, 28, 29]]
    assert {d.x for d in s.days} == {20, 21, 22, 23, 26, 27, 28, 29}
    summary = history_summary(s)
    assert summary.days == 8 and summary.average_cost_cents == 100  # over the days there is data for


def test_negative_balances_reach_the_axis_and_the_sentence() -> None:
    rows = [(3, 300, 200, 0), (2, -150, 450, 0), (1, -600, 450, 0), (0, 1400, 0, 2000)]
    s = chart_series(history(rows), 30, floor_cents=-7000)
    assert s.min_cents <= -7000  # the floor is below every balance here
    summary = history_summary(s)
    assert summary.days_below_zero == 2
    assert summary.average_cost_cents == 275  # (200 + 450 + 450 + 0) / 4
    t = Translator("en")
    assert summary_sentence(t, summary) == (
        f"Over 4 days you used about {t.money(275)} a day; you topped up once, {t.money(2000)}; "
        "the balance ended below zero on 2 days."
    )


def test_a_balance_below_the_floor_still_fits() -> None:
    s = chart_series(history([(1, -9000, 100, 0), (0, -9100, 100, 0)]), 30, floor_cents=-7000)
    assert s.min_cents <= -9100 and s.max_cents >= 0


def test_no_history_is_no_chart() -> None:
    assert chart_series(history([]), 30) is None
    assert history_summary(None) is None
    # History older than the window: nothing to draw either.
    assert chart_series(MeterHistory(ean="1", energy="gas", days=[]), 90) is None


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Over 30 days you used about 1,45\xa0€ a day; you topped up twice, 40,00\xa0€ in total."),
        ("nl", "Over 30 dagen verbruikte u ongeveer €\xa01,45 per dag; u laadde twee keer op, in totaal €\xa040,00."),
        ("fr", "Sur 30 jours, vous avez consommé environ 1,45\xa0€ par jour; vous avez rechargé deux fois, 40,00\xa0€ au total."),
        ("de", "In 30 Tagen haben Sie etwa 1,45\xa0€ pro Tag verbraucht; Sie haben zweimal aufgeladen, insgesamt 40,00\xa0€."),
    ],
)
def test_the_issue_sentence_in_each_language(lang: str, expected: str) -> None:
    s = history_summary(chart_series(steady(30, topups={20: 2000, 5: 2000}), 30))
    assert summary_sentence(Translator(lang), s) == expected


@pytest.mark.parametrize(("count", "words"), [(0, "you did not top up"), (1, "you topped up once"), (3, "you topped up 3 times")])
def test_top_up_counts(count: int, words: str) -> None:
    s = history_summary(chart_series(steady(30, topups={ago: 1000 for ago in range(count)}), 30))
    assert words in summary_sentence(Translator("en"), s)


def test_axis_money_is_whole_euros_in_the_language() -> None:
    assert euros(Translator("nl"), -2000) == "€\xa0-20"
    assert euros(Translator("fr"), 5000) == "50\xa0€"


def _run(coro):
    return asyncio.run(coro)


def test_state_loads_switches_and_keeps_the_last_chart_on_error() -> None:
    asked: list[int] = []
    fail = {"now": False}

    async def fetch(days: int) -> MeterHistory:
        asked.append(days)
        if fail["now"]:
            raise ServerUnreachable("no network")
        return steady(days, topups={3: 2000})

    state = BalanceHistory(fetch, floor_cents=-2000)
    seen: list[tuple[bool, int]] = []
    state.subscribe(lambda s: seen.append((s.loading, s.window)))
    assert _run(state.load()) is True
    assert asked == [30] and state.window == 30 and len(state.series.days) == 30 and not state.empty
    assert seen[0] == (True, 30) and seen[-1] == (False, 30)
    assert _run(state.show_window(90)) is True
    assert asked == [30, 90] and state.summary.days == 90 and state.series.floor_cents == -2000
    fail["now"] = True
    assert _run(state.show_window(30)) is False
    assert isinstance(state.last_error, ApiError) and state.window == 90 and state.series is not None
    assert state.loading is False


def test_state_of_a_new_meter_is_empty_in_words() -> None:
    async def fetch(days: int) -> MeterHistory:
        return history([])

    state = BalanceHistory(fetch)
    assert state.empty is False  # not loaded yet: no "no history" before we know
    _run(state.load())
    assert state.empty is True and state.series is None and state.summary is None


def test_an_older_answer_does_not_overwrite_a_newer_one() -> None:
    async def scenario():
        gates = {30: asyncio.Event(), 90: asyncio.Event()}

        async def fetch(days: int) -> MeterHistory:
            await gates[days].wait()
            return steady(days)

        state = BalanceHistory(fetch)
        first = asyncio.create_task(state.load(30))
        await asyncio.sleep(0)
        second = asyncio.create_task(state.load(90))
        await asyncio.sleep(0)
        gates[90].set()
        await second
        gates[30].set()
        await first
        return state

    state = _run(scenario())
    assert state.window == 90 and state.summary.days == 90
