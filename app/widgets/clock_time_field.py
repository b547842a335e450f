"""A named time-of-day field ("22:00"): a text field with its label, and a clock button that fills it
from the time picker. A typed field rather than a dropdown of hours: screen readers read a labelled
text field by its name (Flutter's dropdown button reached the semantics tree unnamed: axe
aria-command-name), any minute can be typed, and the picker helps whoever prefers it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

import flet as ft

from app.clock import format_time_field, parse_time
from app.i18n import Translator
from app.ui.hooks import sent_value


def clock_time_field(
    t: Translator, *, label: str, value: str, on_change: Callable[[str], None], error: str | None = None,
    width: float = 150, helper: str | None = None,
) -> ft.Control:  # fmt: skip
    """Called while a component renders (it takes that component's page for the picker). Keep
    ``label`` short (it floats on the field's border, on one line at any text size) and say more in
    ``helper``, under the field, where it may wrap."""
    page = ft.context.page

    def pick(_=None) -> None:
        def picked(p: ft.Event[ft.TimePicker]) -> None:
            if p.control.value is not None:
                on_change(format_time_field(p.control.value))

        page.show_dialog(ft.TimePicker(value=parse_time(value) or time(8), help_text=label, on_change=picked))

    return ft.Row(
        [
            ft.TextField(
                label=label,
                hint_text="08:00",
                value=value,
                keyboard_type=ft.KeyboardType.DATETIME,
                error=error,
                helper=helper,
                helper_max_lines=3,
                on_change=lambda e: on_change(sent_value(e)),
                width=width,
            ),
            ft.IconButton(
                ft.Icon(ft.Icons.ACCESS_TIME, semantics_label=t.gettext("Pick a time: {label}").format(label=label)),
                tooltip=t.gettext("Pick a time: {label}").format(label=label),
                on_click=pick,
            ),
        ],
        spacing=4,
        tight=True,
        vertical_alignment=ft.CrossAxisAlignment.START,
    )
