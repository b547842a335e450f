"""The scrolling frame every logged-in screen draws in, and titled sections inside it."""

from __future__ import annotations

import flet as ft
from app.widgets.heading import heading


def page_frame(controls: list[ft.Control]) -> ft.Control:
    return ft.ListView(
        expand=True,
        padding=ft.Padding.symmetric(horizontal=16, vertical=16),
        spacing=16,
        controls=controls,
        # Build (and expose to screen readers) a screen's whole column, not just what is on screen and
        # 250 px beyond: a screen is a handful of sections. On a phone the tariff screen's visible
        # part holds only text, its button was not built, and axe found a scrolled region without
        # anything to focus (scrollable-region-focusable, serious).
        cache_extent=10_000,
    )


def section(title: str, controls: list[ft.Control], *, icon: ft.IconData | None = None, col=None) -> ft.Control:
    head = ft.Row(
        [
            *([ft.Icon(icon, color=ft.Colors.PRIMARY)] if icon else []),
            heading(title, 2, expand=True),
        ],
        spacing=8,
    )
    return ft.Card(
        col=col,
        content=ft.Container(padding=20, content=ft.Column([head, *controls], spacing=12)),
    )
