"""A switch with its label beside it that wraps: Flet's ``Switch(label=...)`` keeps the label on one
line, so at 200 % text ("Onthoud mij op dit toestel") it ran out of the screen (WCAG 1.4.4, 1.4.10).
The two are merged into one node for screen readers: a switch named by its label (WCAG 4.1.2)."""

from __future__ import annotations

import flet as ft


def labelled_switch(label: str, *, value: bool, on_change, **switch_kwargs) -> ft.Control:
    return ft.MergeSemantics(
        content=ft.Row(
            [ft.Switch(value=value, on_change=on_change, **switch_kwargs), ft.Text(label, expand=True)],
            spacing=12,
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        )
    )
