"""The scrolling frame every logged-in screen draws in: padding, a readable maximum width."""

from __future__ import annotations

import flet as ft


def PageFrame(controls: list[ft.Control], *, max_width: int = 1100, on_refresh=None) -> ft.Control:
    column = ft.Column(controls, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    return ft.ListView(
        expand=True,
        padding=ft.Padding.symmetric(horizontal=16, vertical=16),
        controls=[ft.Row([ft.Container(column, expand=True, width=max_width)], alignment=ft.MainAxisAlignment.CENTER)],
    )
