"""An email address with its 6-digit verification code: the address field, then "verified" or the
code from the mail with its Verify button. One widget for the household's alert settings and a staff
member's digest settings, so both ask for and confirm an address the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import flet as ft

from app.api.errors import ApiError
from app.ui.hooks import sent_value, use_typed
from app.words.mail import code_waiting_text

CODE_DIGITS = 6


def code_error_text(t, error: ApiError | None, otherwise: Callable[[object, ApiError], str]) -> str:
    """Why a code was refused; ``otherwise`` words any other error as the screen does."""
    if error is None:
        return ""
    if getattr(error, "field", None) == "code" or error.code == "invalid_credentials":
        return t.gettext("That code is not right or has expired. Check the mail, or save the address again for a new code.")
    if error.code == "conflict":
        return t.gettext("No code is waiting: save an address first.")
    return otherwise(t, error)


class Verification(Protocol):
    """The state behind the widget: the saved address (``settings.email``, ``settings.email_verified``),
    ``verify(code)`` and why the last code was refused."""

    settings: Any
    verify_error: ApiError | None

    async def verify(self, code: str) -> bool: ...


@ft.component
def MailAddress(
    t,
    verification: Verification,
    *,
    label: str,
    address: str,
    on_address_change: Callable[[str], None],
    verified_text: str,
    words: Callable[[object, ApiError], str],
    busy: bool,
    helper: str | None = None,
    mail_mode: str | None = None,
) -> ft.Control:
    """The address as typed; under it, for the saved address, "verified" or the code field and
    Verify (enabled once 6 digits are typed and nothing is being saved). ``words`` words any error
    but a refused code as the screen does. ``mail_mode``: where the server's mail goes (issue 20: "we
    mailed" only when it does; no code field when mail is off)."""
    code = use_typed("")
    stored = verification.settings

    async def verify(_=None):
        if await verification.verify(code.value):
            code.set("")

    rows: list[ft.Control] = [
        ft.TextField(
            label=label,
            value=address,
            keyboard_type=ft.KeyboardType.EMAIL,
            helper=helper,
            helper_max_lines=3,
            on_change=lambda e: on_address_change(sent_value(e)),
            # No fixed width (the column stretches it): at 200 % text a 360 px field wrapped its label
            # ("E-mailadres voor het overzicht") over the border, even on a desktop.
        )
    ]
    if stored is not None and stored.email and stored.email_verified:
        rows.append(ft.Row([ft.Icon(ft.Icons.VERIFIED, color=ft.Colors.PRIMARY, size=20), ft.Text(verified_text, expand=True)]))
    elif stored is not None and stored.email:
        rows.append(ft.Text(code_waiting_text(t, mail_mode, stored.email)))
    if stored is not None and stored.email and not stored.email_verified and mail_mode != "off":  # no code to type
        rows += [
            ft.Row(
                [
                    ft.TextField(
                        label=t.gettext("Code from the mail"),
                        value=code.value,
                        max_length=CODE_DIGITS,
                        keyboard_type=ft.KeyboardType.NUMBER,
                        error=code_error_text(t, verification.verify_error, words) or None,
                        on_change=lambda e: code.set(sent_value(e)),
                        on_submit=verify,
                        width=260,  # the floating label "Code uit de mail" (fr, de longer) on one line at 200 % text
                    ),
                    ft.FilledButton(t.gettext("Verify"), icon=ft.Icons.MARK_EMAIL_READ_OUTLINED, on_click=verify,
                                    disabled=busy or len(code.value.strip()) != CODE_DIGITS),
                ],
                wrap=True,
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
        ]
    # The section's own spacing, so the rows sit as if they were the section's; stretched, so that the
    # address field takes the section's width.
    return ft.Column(rows, spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
