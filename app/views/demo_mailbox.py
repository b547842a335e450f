"""The demo's mailbox (issue 20): a demo server without SMTP sends no mail, so what it would have
mailed (the 6-digit codes of a new address, alerts, digests) is shown here, newest first. Reached from
the log-in screen and from the mail settings, only when the server says it is a demo."""

from __future__ import annotations

import flet as ft

from app.ui.context import go, use_model
from app.ui.server_mail import use_server_mail
from app.widgets.heading import heading
from app.widgets.live import announced
from app.widgets.page_frame import section
from app.words.mail import demo_mailbox_text
from app.words.messages import error_text


@ft.component
def DemoMailboxView():
    model = use_model(lambda m: (m.language, m.logged_in))
    t = model.t
    mail = use_server_mail(model)
    ft.use_effect(lambda: ft.context.page.run_task(mail.load_mailbox), [])
    back_to = mail.came_from or ("/" if model.logged_in else "/login")

    rows: list[ft.Control] = [
        ft.Row([ft.TextButton(t.gettext("Back"), icon=ft.Icons.ARROW_BACK, on_click=lambda: go(back_to))]),
        ft.Row(
            [
                heading(t.gettext("Demo mailbox"), expand=True),
                ft.OutlinedButton(t.gettext("Refresh"), icon=ft.Icons.REFRESH, on_click=mail.load_mailbox,
                                  disabled=mail.loading),
            ],
        ),
        ft.Text(demo_mailbox_text(t), color=ft.Colors.ON_SURFACE_VARIANT),
    ]
    if mail.loading:
        rows.append(ft.ProgressBar(semantics_label=t.gettext("Loading")))
    if mail.last_error is not None:
        rows.append(announced(ft.Text(error_text(t, mail.last_error), color=ft.Colors.ERROR)))
    elif mail.mailbox_loaded and not mail.mailbox:
        rows.append(ft.Text(t.gettext("No mail yet."), color=ft.Colors.ON_SURFACE_VARIANT))
    for m in mail.mailbox:
        rows.append(
            section(
                m.subject,
                [
                    ft.Text(t.gettext("To {address}, {when}").format(address=m.to_address, when=t.datetime(m.created_at)),
                            color=ft.Colors.ON_SURFACE_VARIANT),
                    ft.Text(m.text),  # not selectable: an unlabelled text field for screen readers
                ],
                icon=ft.Icons.MAIL_OUTLINE,
            )
        )
    return ft.SafeArea(
        expand=True,
        content=ft.ListView(
            expand=True,
            padding=ft.Padding.symmetric(horizontal=20, vertical=24),
            cache_extent=10_000,
            controls=[
                ft.ResponsiveRow(
                    [ft.Container(content=ft.Column(rows, spacing=16), col={"xs": 12, "md": 10, "lg": 8})],
                    alignment=ft.MainAxisAlignment.CENTER,
                )
            ],
        ),
    )
