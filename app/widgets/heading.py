"""Headings: text that screen readers list and jump between (WCAG 1.3.1, 2.4.6). Level 1 names the
screen, level 2 its sections; Flutter's web engine writes them as headings with their level."""

from __future__ import annotations

import flet as ft

STYLE_OF_LEVEL = {1: ft.TextThemeStyle.HEADLINE_SMALL, 2: ft.TextThemeStyle.TITLE_MEDIUM, 3: ft.TextThemeStyle.TITLE_MEDIUM}


def heading(text: str, level: int = 1, *, style: ft.TextThemeStyle | None = None, expand: bool | int | None = None, **kwargs) -> ft.Control:
    return ft.Semantics(
        # Its own node: without it the header flag goes to the enclosing node, and a whole card
        # would be read as one heading.
        container=True,
        header=True,
        heading_level=level,
        expand=expand,
        content=ft.Text(text, theme_style=style or STYLE_OF_LEVEL[level], weight=ft.FontWeight.W_600, **kwargs),
    )
