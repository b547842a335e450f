"""The balance chart (flet-charts): the balance per day as a line, top-ups marked on it with their amount,
the zero line and the emergency-credit floor dashed across, and the day's cost as bars underneath.

Two entry points:

* :func:`balance_chart` draws a :class:`ChartSeries` (app/state/balance_history.py): any screen that has
  a meter's history draws it, e.g. the staff client detail:
  ``balance_chart(t, chart_series(history, 30, floor_cents))``.
* :func:`balance_history_section` is the meter screen's panel around it: the 30/90-day switch, the
  one-sentence summary (what a screen reader reads; the chart itself is excluded from the semantics
  tree, its numbers would be noise), and words instead of an empty chart when there is no history.

The y values are euros (the axis and tooltips say them in the user's Belgian format).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import flet as ft
import flet_charts as fch

from app.i18n import Translator
from app.state.balance_history import WINDOWS, BalanceHistory, ChartSeries
from app.words.history import (
    balance_tooltip,
    cost_tooltip,
    day_label,
    euros,
    no_history_sentence,
    summary_sentence,
    topup_label,
    window_name,
)
from app.widgets.page_frame import section
from app.words.messages import error_text

LINE_HEIGHT = 220
BARS_HEIGHT = 90
AXIS_WIDTH = 56
_LABEL = 11
TOPUP_COLOR = ft.Colors.GREEN_700
FLOOR_COLOR = ft.Colors.ERROR
ZERO_COLOR = ft.Colors.ON_SURFACE_VARIANT


def _e(cents: int) -> float:
    return cents / 100


def _axis_text(text: str) -> ft.Text:
    return ft.Text(text, size=_LABEL, color=ft.Colors.ON_SURFACE_VARIANT, no_wrap=True)


def _flat_line(y_cents: int, series: ChartSeries, color: str) -> fch.LineChartData:
    """A dashed horizontal line across the whole window (the zero line, the floor): no points, no tooltips."""
    return fch.LineChartData(
        points=[
            fch.LineChartDataPoint(x, _e(y_cents), show_tooltip=False, point=False)
            for x in (0, series.window - 1)
        ],
        color=color,
        stroke_width=1.5,
        dash_pattern=[6, 4],
        point=False,
    )


#: A tooltip's colours: the theme's inverse pair, as a snack bar's, readable in light and dark (issue 20:
#: the charts' default tooltips were dark text on a dark blue-grey). tests/app/test_contrast.py checks it.
TOOLTIP_BG = ft.Colors.INVERSE_SURFACE
TOOLTIP_FG = ft.Colors.ON_INVERSE_SURFACE
_TOOLTIP_TEXT = ft.TextStyle(color=TOOLTIP_FG, size=13, weight=ft.FontWeight.W_500)


def _balance_line(t: Translator, run, color: str) -> fch.LineChartData:
    return fch.LineChartData(
        points=[
            fch.LineChartDataPoint(
                d.x,
                _e(d.balance_cents),
                tooltip=fch.LineChartDataPointTooltip(
                    text=balance_tooltip(t, d.day, d.balance_cents, d.topup_cents), text_style=_TOOLTIP_TEXT
                ),
                # A top-up is a visible dot on the line; other days are plain line.
                point=fch.ChartCirclePoint(color=TOPUP_COLOR, radius=5, stroke_color=ft.Colors.SURFACE, stroke_width=2)
                if d.topup_cents
                else False,
            )
            for d in run
        ],
        color=color,
        stroke_width=2.5,
        curved=False,
        point=False,
    )


def _day_axis(t: Translator, series: ChartSeries) -> fch.ChartAxis:
    return fch.ChartAxis(
        labels=[fch.ChartAxisLabel(value=x, label=_axis_text(day_label(t, series.day_at(x)))) for x in series.day_ticks],
        # The chart asks for a label at every multiple of the spacing and shows the ones given: every
        # day is asked, the ticks are answered.
        label_spacing=1,
        label_size=22,
    )


def balance_line_chart(t: Translator, series: ChartSeries) -> fch.LineChart:
    lines = [_flat_line(0, series, ZERO_COLOR)]
    if series.floor_cents is not None:
        lines.append(_flat_line(series.floor_cents, series, FLOOR_COLOR))
    lines += [_balance_line(t, run, ft.Colors.PRIMARY) for run in series.segments]
    return fch.LineChart(
        data_series=lines,
        min_x=0,
        max_x=series.window - 1,
        min_y=_e(series.min_cents),
        max_y=_e(series.max_cents),
        height=LINE_HEIGHT,
        interactive=True,
        animation=ft.Animation(0),
        horizontal_grid_lines=fch.ChartGridLines(
            interval=_e(series.balance_ticks[1] - series.balance_ticks[0]) if len(series.balance_ticks) > 1 else None,
            color=ft.Colors.with_opacity(0.15, ft.Colors.ON_SURFACE),
            width=1,
        ),
        left_axis=fch.ChartAxis(
            labels=[fch.ChartAxisLabel(value=_e(c), label=_axis_text(euros(t, c))) for c in series.balance_ticks],
            label_spacing=_e(series.balance_ticks[1] - series.balance_ticks[0]) if len(series.balance_ticks) > 1 else None,
            label_size=AXIS_WIDTH,
        ),
        # The top-ups' amounts above their dots, so they read without hovering.
        top_axis=fch.ChartAxis(
            labels=[
                fch.ChartAxisLabel(
                    value=d.x,
                    label=ft.Text(euros(t, d.topup_cents), size=_LABEL, color=TOPUP_COLOR, weight=ft.FontWeight.W_600, no_wrap=True),
                )
                for d in series.labelled_topups
            ],
            label_spacing=1,
            label_size=20,
            show_min=False,
            show_max=False,
        ),
        bottom_axis=_day_axis(t, series),
        right_axis=fch.ChartAxis(show_labels=False, label_size=8),
        tooltip=fch.LineChartTooltip(bgcolor=TOOLTIP_BG, max_width=180, fit_inside_horizontally=True, fit_inside_vertically=True),
    )


def cost_bar_chart(t: Translator, series: ChartSeries) -> fch.BarChart:
    by_x = {d.x: d for d in series.days}
    bar_width = max(2, min(10, 300 // series.window))
    groups = []
    for x in range(series.window):
        day = by_x.get(x)
        cost = max(0, day.cost_cents) if day else 0
        groups.append(
            fch.BarChartGroup(
                x=x,
                rods=[
                    fch.BarChartRod(
                        to_y=_e(cost),
                        width=bar_width,
                        color=ft.Colors.TERTIARY,
                        border_radius=1,
                        tooltip=fch.BarChartRodTooltip(
                            text=cost_tooltip(t, day.day, day.cost_cents) if day else "", text_style=_TOOLTIP_TEXT
                        ),
                        show_tooltip=day is not None,
                    )
                ],
            )
        )
    return fch.BarChart(
        groups=groups,
        min_y=0,
        max_y=_e(series.max_cost_cents),
        height=BARS_HEIGHT,
        group_spacing=1,
        animation=ft.Animation(0),
        left_axis=fch.ChartAxis(
            labels=[fch.ChartAxisLabel(value=_e(c), label=_axis_text(euros(t, c))) for c in series.cost_ticks],
            label_spacing=_e(series.cost_ticks[1] - series.cost_ticks[0]),
            label_size=AXIS_WIDTH,
        ),
        right_axis=fch.ChartAxis(show_labels=False, label_size=8),
        bottom_axis=fch.ChartAxis(show_labels=False, label_size=0),
        horizontal_grid_lines=fch.ChartGridLines(color=ft.Colors.with_opacity(0.15, ft.Colors.ON_SURFACE), width=1),
        tooltip=fch.BarChartTooltip(bgcolor=TOOLTIP_BG, fit_inside_horizontally=True, fit_inside_vertically=True),
    )


def _key(color: str, text: str, *, dashed: bool = False, dot: bool = False) -> ft.Control:
    if dot:
        mark = ft.Container(width=10, height=10, bgcolor=color, border_radius=5)
    else:
        mark = ft.Container(width=18, height=2 if not dashed else 1.5, bgcolor=color)
    return ft.Row([mark, ft.Text(text, size=12)], spacing=6, tight=True)


def legend(t: Translator, series: ChartSeries) -> ft.Control:
    keys = [
        _key(ft.Colors.PRIMARY, t.gettext("Balance at the end of the day")),
        _key(TOPUP_COLOR, t.gettext("Top-up"), dot=True),
        _key(ZERO_COLOR, t.gettext("Zero"), dashed=True),
    ]
    if series.floor_cents is not None:
        keys.append(
            _key(FLOOR_COLOR, t.gettext("Emergency credit used up: {amount}").format(amount=t.money(series.floor_cents)), dashed=True)
        )
    keys.append(_key(ft.Colors.TERTIARY, t.gettext("Used per day (bars)")))
    return ft.Row(keys, wrap=True, spacing=16, run_spacing=4)


def balance_chart(t: Translator, series: ChartSeries) -> ft.Control:
    """The line, the bars under it on the same days, and the legend. Hidden from screen readers: the
    summary sentence next to it says what it shows."""
    return ft.Semantics(
        exclude_semantics=True,
        content=ft.Column(
            [
                balance_line_chart(t, series),
                ft.Text(t.gettext("Used per day"), size=12, color=ft.Colors.ON_SURFACE_VARIANT),
                cost_bar_chart(t, series),
                legend(t, series),
            ],
            spacing=6,
        ),
    )


def balance_history_section(t: Translator, state: BalanceHistory, on_window: Callable[[int], Awaitable[Any]]) -> ft.Control:
    """The meter screen's chart panel: title, 30/90 switch, the summary sentence, the chart (or words)."""

    async def changed(e: ft.Event[ft.SegmentedButton]):
        chosen = int((e.control.selected or [str(state.window)])[0])
        await on_window(chosen)

    switch = ft.SegmentedButton(
        segments=[ft.Segment(value=str(w), label=window_name(t, w)) for w in WINDOWS],
        selected=[str(state.window)],
        on_change=changed,
        show_selected_icon=False,
    )
    body: list[ft.Control] = []
    if state.summary is not None:
        body.append(ft.Text(summary_sentence(t, state.summary), weight=ft.FontWeight.W_500))
    elif state.empty:
        body.append(ft.Text(no_history_sentence(t), color=ft.Colors.ON_SURFACE_VARIANT))
    if state.last_error is not None:
        body.append(ft.Text(error_text(t, state.last_error), color=ft.Colors.ERROR))
    if state.loading:
        body.append(ft.ProgressBar(semantics_label=t.gettext("Loading")))
    if state.series is not None:
        body.append(balance_chart(t, state.series))
    return section(
        t.gettext("Balance per day"),
        [ft.Row([switch], wrap=True), *body],
        icon=ft.Icons.SHOW_CHART,
    )


__all__ = ["balance_chart", "balance_history_section", "balance_line_chart", "cost_bar_chart", "legend"]
