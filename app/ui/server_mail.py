"""Where the server's mail goes, for a screen (issue 20): asked once per app session, followed like any
state object (app/state/server_mail.py)."""

from __future__ import annotations

import flet as ft

from app.state.server_mail import ServerMail
from app.ui.context import go
from app.ui.hooks import use_observable
from app.widgets.notice import notice
from app.words.mail import MAILBOX_ROUTE, demo_mailbox_text, mail_off_text


def use_server_mail(model) -> ServerMail:
    mail = use_observable(model.server_mail)
    ft.use_effect(lambda: ft.context.page.run_task(mail.load), [])
    return mail


def open_mailbox(model, came_from: str) -> None:
    """Opens the demo's mailbox; its Back button returns to ``came_from``."""
    model.server_mail.came_from = came_from
    go(MAILBOX_ROUTE)


def where_mail_goes(model, mail: ServerMail, came_from: str) -> list[ft.Control]:
    """Above a screen's mail settings: nothing when mail leaves; else that mail is off on this server,
    or that this demo keeps its mail in its mailbox, with the way there."""
    t = model.t
    if mail.mode == "off":
        return [notice(mail_off_text(t), icon=ft.Icons.UNSUBSCRIBE_OUTLINED)]
    if mail.mode == "demo_mailbox":
        return [
            notice(demo_mailbox_text(t), icon=ft.Icons.INBOX_OUTLINED),
            ft.Row([ft.OutlinedButton(t.gettext("Open the demo mailbox"), icon=ft.Icons.INBOX_OUTLINED,
                                      on_click=lambda: open_mailbox(model, came_from))]),
        ]
    return []
