"""A yes/no question in a dialog before an action that cannot be undone with one tap (remove a team
member). Cancel is the safe default and comes first; the action is the filled button.

Flutter's web client leaves the route node around a dialog without a name even with semantics_label
(axe aria-dialog-name); where a screen is checked by axe with the question open, ask inside the card
instead, as "Stop access" does (app/views/mandates.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft


def ask_to_confirm(t, *, title: str, body: str, action: str, on_confirm: Callable[[], Awaitable[None]]) -> None:
    page = ft.context.page

    async def confirmed(_=None):
        page.pop_dialog()
        await on_confirm()

    page.show_dialog(
        ft.AlertDialog(
            title=ft.Text(title),
            semantics_label=title,  # the dialog's name for screen readers (axe aria-dialog-name)
            content=ft.Text(body),
            actions=[
                ft.TextButton(t.gettext("Cancel"), on_click=lambda: page.pop_dialog()),
                ft.FilledButton(action, on_click=confirmed),
            ],
        )
    )
