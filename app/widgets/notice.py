"""A one-line notice above a screen: an icon and a sentence, in the colours of a warning."""

from __future__ import annotations

import flet as ft
from app.widgets.live import announced


def notice(text: str, *, icon: ft.IconData = ft.Icons.WARNING_AMBER_ROUNDED) -> ft.Control | None:
    """None for no text, so a screen can list it unconditionally."""
    if not text:
        return None
    return announced(ft.Container(
        bgcolor=ft.Colors.TERTIARY_CONTAINER,
        padding=ft.Padding.symmetric(horizontal=16, vertical=8),
        content=ft.Row(
            [
                ft.Icon(icon, color=ft.Colors.ON_TERTIARY_CONTAINER, size=20),
                ft.Text(text, color=ft.Colors.ON_TERTIARY_CONTAINER, expand=True, semantics_label=text),
            ],
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
    ))
