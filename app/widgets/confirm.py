"""A question asked once more in place, before an action that cannot be undone with one tap (stop a
helper's access, remove a team member): the question is read out when it appears; Cancel comes
first, the action is the filled, red button.

In place rather than in a dialog: Flutter's web client writes a route node around a dialog that stays
without a name for screen readers (axe aria-dialog-name), even with the dialog's semantics_label."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.widgets.live import announced


def confirmation(t, *, question: str, consequence: str, action: str, icon: ft.IconData, on_confirm: Callable, on_cancel: Callable) -> list[ft.Control]:
    return [
        announced(
            ft.Column(
                [ft.Text(question, weight=ft.FontWeight.W_600), ft.Text(consequence)],
                spacing=4,
            )
        ),
        ft.Row(
            [
                ft.TextButton(t.gettext("Cancel"), on_click=on_cancel),
                ft.FilledButton(
                    action,
                    icon=icon,
                    style=ft.ButtonStyle(bgcolor=ft.Colors.ERROR, color=ft.Colors.ON_ERROR),
                    on_click=on_confirm,
                ),
            ],
            wrap=True,
        ),
    ]
