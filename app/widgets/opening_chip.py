"""A top-up point's open state as an icon and words ("Open until 17:00", "Closed, opens Monday 09:00")."""

from __future__ import annotations

from typing import Any

import flet as ft

from app.i18n import Translator
from app.words.opening import is_open, opening_text


def opening_chip(t: Translator, kind: str, data: dict[str, Any], *, relative: bool = True) -> ft.Control:
    """The open state as an icon and words (never colour alone)."""
    text = opening_text(t, kind, data, relative=relative)
    open_ = is_open(kind)
    colour = ft.Colors.PRIMARY if open_ else ft.Colors.ERROR
    icon = ft.Icons.CHECK_CIRCLE if open_ else (ft.Icons.EVENT_BUSY if kind == "closed_holiday" else ft.Icons.DO_NOT_DISTURB_ON)
    # One node of plain text for screen readers, its words as its name (issue 20: the state was read out
    # as a text field, merged with the selectable address beside it).
    return ft.Semantics(
        label=text,
        container=True,
        exclude_semantics=True,
        content=ft.Row(
            [
                ft.Icon(icon, color=colour, size=18),
                ft.Text(text, color=colour, weight=ft.FontWeight.W_600, expand=True),
            ],
            spacing=6,
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
    )
