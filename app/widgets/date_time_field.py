"""A typed date ("dd/mm/yyyy") with a calendar button, and optionally a typed time ("10:00") with a
clock button: the one date/time field of the top-up point finder ("open at") and the eligibility
wizard (dates of a decision). The text is the state's: this field only shows it and reports changes.

Typing stays possible (a picker is slow on a phone, and screen readers read a text field best); the
pickers fill the same text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

import flet as ft

from app.clock import now_brussels, parse_date, parse_time
from app.i18n import Translator
from app.ui.hooks import sent_value


def _day_of(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


@ft.component
def DateTimeField(
    t: Translator,
    *,
    date_text: str,
    on_date_text: Callable[[str], None],
    on_pick_date: Callable[[date], None],
    first_date: date,
    last_date: date,
    time_text: str | None = None,
    on_time_text: Callable[[str], None] | None = None,
    on_pick_time: Callable[[time], None] | None = None,
    on_submit=None,
    help_text: str | None = None,
    date_width: float = 170,
):
    """The date field, and the time field when ``time_text`` is given (not None)."""
    page = ft.context.page

    def pick_date(_=None):
        def on_change(e: ft.Event[ft.DatePicker]):
            if e.control.value is not None:
                on_pick_date(_day_of(e.control.value))

        shown = parse_date(date_text) or min(max(now_brussels().date(), first_date), last_date)
        page.show_dialog(
            ft.DatePicker(value=shown, first_date=first_date, last_date=last_date, help_text=help_text, on_change=on_change)
        )

    def pick_time(_=None):
        def on_change(e: ft.Event[ft.TimePicker]):
            if e.control.value is not None and on_pick_time is not None:
                on_pick_time(e.control.value)

        page.show_dialog(
            ft.TimePicker(value=parse_time(time_text or "") or time(10), help_text=help_text, on_change=on_change)
        )

    fields: list[ft.Control] = [
        ft.Row(
            [
                ft.TextField(
                    label=t.gettext("Date"),
                    hint_text=t.gettext("dd/mm/yyyy"),
                    value=date_text,
                    keyboard_type=ft.KeyboardType.DATETIME,
                    on_change=lambda e: on_date_text(sent_value(e)),
                    on_submit=on_submit,
                    width=date_width,
                ),
                ft.IconButton(
                    ft.Icon(ft.Icons.CALENDAR_MONTH, semantics_label=t.gettext("Pick a date")),
                    tooltip=t.gettext("Pick a date"),
                    on_click=pick_date,
                ),
            ],
            spacing=4,
            tight=True,
        )
    ]
    if time_text is not None and on_time_text is not None:
        fields.append(
            ft.Row(
                [
                    ft.TextField(
                        label=t.gettext("Time"),
                        hint_text="10:00",
                        value=time_text,
                        keyboard_type=ft.KeyboardType.DATETIME,
                        on_change=lambda e: on_time_text(sent_value(e)),
                        on_submit=on_submit,
                        width=110,
                    ),
                    ft.IconButton(
                        ft.Icon(ft.Icons.ACCESS_TIME, semantics_label=t.gettext("Pick a time")),
                        tooltip=t.gettext("Pick a time"),
                        on_click=pick_time,
                    ),
                ],
                spacing=4,
                tight=True,
            )
        )
    return ft.Semantics(container=True, content=ft.Row(fields, wrap=True, spacing=12, run_spacing=8))
