"""A top-up point's opening hours for the coming week as a table: today in bold, public holidays named."""

from __future__ import annotations

from datetime import date

import flet as ft
from babel.dates import format_date

from app.i18n import Translator
from app.words.opening import intervals_text, weekday_name


def opening_hours_table(t: Translator, week, *, today: date) -> ft.Control:
    """``week``: the point's days (``OpeningDay``: date, intervals, public holiday)."""
    rows: list[ft.DataRow] = []
    for day in week:
        name = weekday_name(t, day.date.weekday())
        label = f"{name} {format_date(day.date, 'd/MM', locale=t.locale)}"
        hours = intervals_text(t, day.intervals)
        if day.public_holiday:
            hours = t.gettext("{hours} ({holiday}, public holiday)").format(hours=hours, holiday=day.public_holiday)
        bold = ft.FontWeight.W_700 if day.date == today else None
        rows.append(
            ft.DataRow(
                cells=[
                    ft.DataCell(ft.Text(label, weight=bold)),
                    ft.DataCell(ft.Text(hours, weight=bold)),
                ]
            )
        )
    return ft.DataTable(
        columns=[ft.DataColumn(ft.Text(t.gettext("Day"))), ft.DataColumn(ft.Text(t.gettext("Opening hours")))],
        rows=rows,
        column_spacing=24,
        horizontal_margin=0,
        data_row_min_height=40,
        data_row_max_height=64,
    )
