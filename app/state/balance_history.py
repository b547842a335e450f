"""What the balance chart shows and what its summary sentence says, from a meter's history (no Flet).

    chart = BalanceHistory(lambda days: session.screen_call(lambda api: api.meter_history(ean, days)), floor_cents=-(ec + ncl))
    await chart.load()            # 30 days; never raises: ``error`` holds what went wrong
    await chart.show_window(90)   # the switch
    chart.series                  # ChartSeries: the line (broken at missing days), top-ups, cost bars,
                                  # the zero line and the emergency-credit floor, the axis ticks
    chart.summary                 # HistorySummary: the numbers of the sentence (app/words/history.py)

The pure functions :func:`chart_series` and :func:`history_summary` take a :class:`MeterHistory` as it
came from any endpoint, so a helper's screen (staff client detail) draws the same chart from its own
call without this state object.

The floor: seed 002, "Stel dat uw negatieve kredietlimiet -50 euro bedraagt, dan betekent dit dat u
energie kunt verbruiken tot uw meter een negatief saldo van -50 euro bereikt. Zodra u deze limiet
bereikt, kunt u via de meter uw noodkrediet activeren." So the balance can go down to minus the negative
credit limit, and then by the emergency credit: :func:`emergency_credit_floor` is where supply stops
(server.rules.balance counts the same way).
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta

from app.api.errors import ApiError
from app.api.models import MeterHistory

from .observable import Observable

#: The chart's two lengths (the issue: "30 days, with a switch to 90").
WINDOWS = (30, 90)
DEFAULT_WINDOW = WINDOWS[0]

Fetch = Callable[[int], Awaitable[MeterHistory]]


def emergency_credit_floor(*, emergency_credit_limit_cents: int, negative_credit_limit_cents: int | None) -> int:
    """The lowest balance before supply stops: minus the negative credit limit, minus the emergency credit."""
    return -((negative_credit_limit_cents or 0) + emergency_credit_limit_cents)


@dataclass(frozen=True)
class ChartDay:
    #: Days since the window's first day (the chart's x).
    x: int
    day: date
    balance_cents: int
    cost_cents: int
    topup_cents: int


@dataclass(frozen=True)
class ChartSeries:
    window: int
    first_day: date
    last_day: date
    #: The balance line, one run of consecutive days per segment: a missing day breaks the line
    #: instead of drawing a straight line across days nobody measured.
    segments: tuple[tuple[ChartDay, ...], ...]
    #: Days with a top-up, marked on the line with a dot.
    topups: tuple[ChartDay, ...]
    #: Those whose amount is written above the chart: the newest, and older ones as long as they
    #: are not too close to the one after them to be read (every dot's tooltip has its amount).
    labelled_topups: tuple[ChartDay, ...]
    #: Every day with data, for the cost bars.
    days: tuple[ChartDay, ...]
    floor_cents: int | None
    #: The balance axis: from ``min_cents`` to ``max_cents``, labels at ``balance_ticks``; always
    #: holds zero and the floor, so both lines are drawn.
    min_cents: int
    max_cents: int
    balance_ticks: tuple[int, ...]
    #: The cost axis: 0 to ``max_cost_cents`` with labels at ``cost_ticks``.
    max_cost_cents: int
    cost_ticks: tuple[int, ...]
    #: Day offsets that get a date label.
    day_ticks: tuple[int, ...]

    def day_at(self, x: int) -> date:
        return self.first_day + timedelta(days=x)


@dataclass(frozen=True)
class HistorySummary:
    #: Days with data in the window (fewer than the window for a new meter).
    days: int
    average_cost_cents: int
    #: Days with a top-up (the history counts per day: two top-ups on one day count once).
    topup_days: int
    topup_total_cents: int
    #: Days that ended below zero.
    days_below_zero: int


def _step(span_cents: int, ticks: int) -> int:
    """A round step (1, 2, 5 x 10^n euros, at least 1 euro) giving about ``ticks`` labels over the span."""
    raw = max(span_cents / max(ticks, 1), 100)
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return int(factor * magnitude)
    return int(10 * magnitude)  # pragma: no cover - the loop always returns


def _ticks(low: int, high: int, step: int) -> tuple[int, ...]:
    first = math.floor(low / step) * step
    return tuple(range(first, high + step, step))


def _readable(topups: tuple[ChartDay, ...], min_gap: int) -> tuple[ChartDay, ...]:
    kept: list[ChartDay] = []
    for day in reversed(topups):
        if not kept or kept[-1].x - day.x >= min_gap:
            kept.append(day)
    return tuple(reversed(kept))


def chart_series(history: MeterHistory, window: int = DEFAULT_WINDOW, floor_cents: int | None = None) -> ChartSeries | None:
    """The chart of the last ``window`` days of ``history``; None when there is no day to draw."""
    entries = sorted(history.days, key=lambda d: d.date)
    if not entries:
        return None
    last_day = entries[-1].date
    first_day = last_day - timedelta(days=window - 1)
    days = tuple(
        ChartDay((d.date - first_day).days, d.date, d.balance_cents, d.cost_cents, d.topup_cents)
        for d in entries
        if d.date >= first_day
    )
    if not days:
        return None
    segments: list[tuple[ChartDay, ...]] = []
    run: list[ChartDay] = []
    for day in days:
        if run and day.x != run[-1].x + 1:
            segments.append(tuple(run))
            run = []
        run.append(day)
    segments.append(tuple(run))

    balances = [d.balance_cents for d in days]
    low = min([*balances, 0, *([floor_cents] if floor_cents is not None else [])])
    high = max([*balances, 0])
    step = _step(high - low, 5)
    balance_ticks = _ticks(low, high, step)
    max_cost = max([0, *(d.cost_cents for d in days)])
    cost_step = _step(max_cost, 2)
    cost_ticks = tuple(range(0, max_cost + cost_step, cost_step)) if max_cost > 0 else (0, cost_step)
    topups = tuple(d for d in days if d.topup_cents > 0)
    label_every = 7 if window <= 31 else 14 if window <= 92 else 61
    # Labels counted back from the last day, so today always has one.
    day_ticks = tuple(sorted(range(window - 1, -1, -label_every)))
    return ChartSeries(
        window=window,
        first_day=first_day,
        last_day=last_day,
        segments=tuple(segments),
        topups=topups,
        labelled_topups=_readable(topups, min_gap=max(1, window // 8)),
        days=days,
        floor_cents=floor_cents,
        min_cents=balance_ticks[0],
        max_cents=balance_ticks[-1],
        balance_ticks=balance_ticks,
        max_cost_cents=cost_ticks[-1],
        cost_ticks=cost_ticks,
        day_ticks=day_ticks,
    )


def history_summary(series: ChartSeries | None) -> HistorySummary | None:
    """The numbers of the one-sentence summary of what the chart shows; None without data."""
    if series is None:
        return None
    days = series.days
    total_cost = sum(d.cost_cents for d in days)
    return HistorySummary(
        days=len(days),
        # Half a cent rounds up (Python's round() would round it to even).
        average_cost_cents=math.floor(total_cost / len(days) + 0.5),
        topup_days=len(series.topups),
        topup_total_cents=sum(d.topup_cents for d in series.topups),
        days_below_zero=sum(1 for d in days if d.balance_cents < 0),
    )


class BalanceHistory(Observable):
    """One meter's chart on one screen: which window, the data, and whether it is loading."""

    def __init__(self, fetch: Fetch, *, floor_cents: int | None = None) -> None:
        super().__init__()
        self._fetch = fetch
        self._floor_cents = floor_cents
        self._asked = 0  # answers of an older request are dropped (a quick 30 -> 90 -> 30)
        self.window = DEFAULT_WINDOW
        self.loading = False
        self.loaded = False
        self.last_error: ApiError | None = None
        self.history: MeterHistory | None = None
        self.series: ChartSeries | None = None
        self.summary: HistorySummary | None = None

    @property
    def empty(self) -> bool:
        """Loaded, and nothing to draw: the screen says so in words instead of an empty chart."""
        return self.loaded and self.series is None

    def show(self, history: MeterHistory, window: int | None = None) -> None:
        """Compute what the chart shows from ``history`` (one notification)."""
        window = window or self.window
        series = chart_series(history, window, self._floor_cents)
        self.window = window
        self.history = history
        self.series = series
        self.summary = history_summary(series)
        self.loaded = True
        self.last_error = None

    def set_floor(self, floor_cents: int | None) -> None:
        if floor_cents != self._floor_cents:
            self._floor_cents = floor_cents
            if self.history is not None:
                self.show(self.history)

    async def load(self, window: int | None = None) -> bool:
        """Fetch the last ``window`` days (default: the one shown) and show them; False and
        ``last_error`` when the call failed (the last chart stays)."""
        window = window or self.window
        if window not in WINDOWS:
            raise ValueError(f"window must be one of {WINDOWS}")
        self._asked += 1
        asked = self._asked
        self.loading = True
        try:
            history = await self._fetch(window)
        except ApiError as exc:
            if asked == self._asked:
                with self.changes():
                    self.last_error = exc
                    self.loading = False
            return False
        if asked != self._asked:
            return False
        with self.changes():
            self.show(history, window)
            self.loading = False
        return True

    async def show_window(self, window: int) -> bool:
        """The switch between 30 and 90 days."""
        if window == self.window and self.loaded and self.last_error is None:
            return True
        return await self.load(window)


__all__ = [
    "DEFAULT_WINDOW",
    "WINDOWS",
    "BalanceHistory",
    "ChartDay",
    "ChartSeries",
    "HistorySummary",
    "chart_series",
    "emergency_credit_floor",
    "history_summary",
]
