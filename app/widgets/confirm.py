"""A yes/no question before an action that cannot be undone with one tap (stop a helper's access,
remove a team member). Cancel is the safe default and comes first; the action is the filled button."""

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
            content=ft.Text(body),
            actions=[
                ft.TextButton(t.gettext("Cancel"), on_click=lambda: page.pop_dialog()),
                ft.FilledButton(action, on_click=confirmed),
            ],
        )
    )
