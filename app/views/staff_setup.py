"""A staff member's first log-in: choose a password, scan the authenticator's QR code, confirm with a
code. seed 000, Vraag 20: the old portal asked up to five times to confirm a log-in; after this set-up
it is one password and one 6-digit code."""

from __future__ import annotations

import base64
import io
from urllib.parse import parse_qs, urlparse

import flet as ft
import segno

from app.widgets.password_field import PasswordField
from app.ui.context import go, use_model
from app.ui.hooks import sent_value, use_observable, use_typed
from app.words.staff import staff_error_text


def totp_key(uri: str) -> str:
    """The secret of the otpauth:// URI in groups of four, for typing into an authenticator by hand."""
    secret = parse_qs(urlparse(uri).query).get("secret", [""])[0]
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_png_base64(uri: str, scale: int = 6) -> str:
    """The otpauth:// URI as a QR code for the authenticator app (segno, no network)."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="png", scale=scale, border=4, dark="#000000", light="#FFFFFF")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


@ft.component
def StaffSetupView():
    model = use_model()
    t = model.t
    staff = use_observable(model.staff)
    password = use_typed("")
    repeated = use_typed("")
    code = use_typed("")

    ft.use_effect(lambda: None if staff.stage == "setup" else go("/login"), [staff.stage])

    async def choose(_=None):
        await staff.choose_password(password.value, repeated.value)

    async def confirm(_=None):
        if await staff.confirm(code.value):
            go("/login")

    error = staff_error_text(t, staff.last_error)
    head = [
        ft.Text(t.gettext("Set up your helper account"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.W_600),
    ]
    if staff.totp_uri is None:
        body: list[ft.Control] = [
            ft.Text(t.gettext("Step 1 of 2: choose your own password. It replaces the initial password you were given.")),
            # Show/hide buttons with a name (issue 20), not Flet's unnamed can_reveal_password.
            PasswordField(
                t, field_key="new-password", label=t.gettext("New password"), value=password.value,
                helper=t.gettext("At least 10 characters"), on_change=lambda e: password.set(sent_value(e)),
            ),
            PasswordField(
                t, field_key="new-password-again", label=t.gettext("New password again"), value=repeated.value,
                on_change=lambda e: repeated.set(sent_value(e)), on_submit=choose,
            ),
            ft.FilledButton(t.gettext("Next"), icon=ft.Icons.ARROW_FORWARD, on_click=choose, disabled=staff.loading),
        ]  # fmt: skip
    else:
        body = [
            ft.Text(
                t.gettext(
                    "Step 2 of 2: scan this QR code with an authenticator app on your phone, then enter the 6-digit code it shows."
                )
            ),
            ft.Image(
                src=totp_qr_png_base64(staff.totp_uri),
                width=220,
                height=220,
                semantics_label=t.gettext("QR code for your authenticator app"),
            ),
            ft.Text(t.gettext("Cannot scan the code? Enter this key in the app instead:"), color=ft.Colors.ON_SURFACE_VARIANT),
            # Key and field each in a semantics node of their own: without them Flutter merged the key's
            # text into the field, which a screen reader then announced by the key instead of its label.
            ft.Semantics(
                container=True,
                content=ft.Text(totp_key(staff.totp_uri), font_family="monospace", size=18, weight=ft.FontWeight.W_600),
            ),
            ft.Semantics(
                container=True,
                content=ft.TextField(
                    key="totp-code",  # a new control, not step 1's password field given a new label
                    label=t.gettext("Code from the authenticator app"),
                    value=code.value,
                    max_length=6,
                    keyboard_type=ft.KeyboardType.NUMBER,
                    on_change=lambda e: code.set("".join(c for c in sent_value(e) if c.isdigit())[:6]),
                    on_submit=confirm,
                ),
            ),
            ft.FilledButton(t.gettext("Confirm"), icon=ft.Icons.CHECK, on_click=confirm, disabled=staff.loading),
        ]
    if error:
        body.append(ft.Text(error, color=ft.Colors.ERROR, semantics_label=error))
    return ft.SafeArea(
        expand=True,
        content=ft.ListView(
            expand=True,
            padding=ft.Padding.symmetric(horizontal=20, vertical=24),
            controls=[
                ft.ResponsiveRow(
                    [ft.Container(content=ft.Column([*head, *body], spacing=16), col={"xs": 12, "sm": 10, "md": 7, "lg": 5})],
                    alignment=ft.MainAxisAlignment.CENTER,
                )
            ],
        ),
    )
