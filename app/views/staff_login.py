"""The log-in screen's third way in: a helper's own account (staff of an organisation), with the
authenticator's code. Remember-me keeps the username only, never the password or the code's secret."""

from __future__ import annotations

import flet as ft

from app.widgets.password_field import PasswordField
from app.ui.context import go, use_model
from app.ui.hooks import sent_value, switched, use_observable, use_typed
from app.widgets.labelled_switch import labelled_switch
from app.words.staff import staff_error_text


@ft.component
def StaffLoginForm():
    model = use_model(lambda m: m.language)
    t = model.t
    staff = use_observable(model.staff)
    username = use_typed(staff.remembered_username or "")
    password = use_typed("")
    code = use_typed("")
    remember = use_typed(bool(staff.remembered_username))

    async def load():
        await staff.load()
        if staff.remembered_username:
            username.set(username.value or staff.remembered_username)
            remember.set(True)

    ft.use_effect(lambda: ft.context.page.run_task(load), [])

    async def submit(_=None):
        if not await staff.login(username.value, password.value, code.value, remember=remember.value):
            return
        password.set("")
        code.set("")
        go("/staff/setup" if staff.stage == "setup" else "/staff")

    error = staff_error_text(t, staff.last_error)
    finished = (
        [ft.Text(t.gettext("Your account is set up. Log in with your new password and a new code from the app."), color=ft.Colors.PRIMARY)]
        if staff.setup_finished
        else []
    )
    return ft.Column(
        [
            *finished,
            ft.TextField(
                label=t.gettext("Username"), value=username.value, prefix_icon=ft.Icons.PERSON_OUTLINE,
                on_change=lambda e: username.set(sent_value(e)), on_submit=submit,
            ),
            PasswordField(
                t, label=t.gettext("Password"), value=password.value,
                prefix_icon=ft.Icons.LOCK_OUTLINE, on_change=lambda e: password.set(sent_value(e)), on_submit=submit,
            ),
            ft.TextField(
                label=t.gettext("Code from the authenticator app"), value=code.value, max_length=6,
                helper=t.gettext("Leave empty at your first log-in with an initial password"),
                helper_max_lines=3,  # one line was cut off on a phone (issue 20)
                keyboard_type=ft.KeyboardType.NUMBER, prefix_icon=ft.Icons.PHONELINK_LOCK,
                on_change=lambda e: code.set("".join(c for c in sent_value(e) if c.isdigit())[:6]), on_submit=submit,
            ),
            labelled_switch(
                t.gettext("Remember my username on this device"), value=remember.value,
                on_change=lambda e: remember.set(switched(e)),
            ),
            *([ft.Text(error, color=ft.Colors.ERROR, semantics_label=error)] if error else []),
            ft.Row(
                [
                    ft.FilledButton(
                        t.gettext("Log in"), icon=ft.Icons.LOGIN, disabled=staff.loading, on_click=submit, expand=True,
                        style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=24, vertical=18)),
                    )
                ]
            ),
            *([ft.ProgressBar(semantics_label=t.gettext("Logging in"))] if staff.loading else []),
        ],
        spacing=16,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )  # fmt: skip
