"""How to pay a top-up by bank transfer: IBAN, beneficiary and the meter's reference number, each with
a copy button, and the EPC ("SEPA") QR code for banking apps. One widget for the household's Top up
screen and the client's file that staff open from the caseload, so both always show the same."""

from __future__ import annotations

import flet as ft

from app.api.models import PaymentInstructions
from app.state.payments import TopupForm
from app.widgets.qr import epc_qr_png_base64
from app.words.messages import error_text
from app.ui.hooks import sent_value


def amount_input(t, form: TopupForm) -> ft.Control:
    """The amount in euro, as typed; why it cannot be paid under it (not while the field is empty)."""
    problem = form.amount_problem
    return ft.TextField(
        label=t.gettext("Amount in euro"),
        value=form.amount_text,
        prefix=ft.Text("€ "),
        keyboard_type=ft.KeyboardType.NUMBER,
        error=error_text(t, problem) if problem and form.amount_text else None,
        on_change=lambda e: form.type_amount(sent_value(e)),
        width=260,
    )


def copy_row(t, label: str, value: str, on_copy) -> ft.Control:
    return ft.Row(
        [
            ft.Column(
                [
                    ft.Text(label, theme_style=ft.TextThemeStyle.LABEL_MEDIUM, color=ft.Colors.ON_SURFACE_VARIANT),
                    # Not selectable: Flutter makes selectable text an unlabelled text area for screen
                    # readers (axe: "form elements must have labels"); the copy button copies it.
                    ft.Text(value, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.W_600),
                ],
                spacing=2,
                expand=True,
            ),
            ft.IconButton(
                # The icon's label names the button for screen readers (a tooltip does not).
                icon=ft.Icon(ft.Icons.COPY, semantics_label=t.gettext("Copy {what}").format(what=label)),
                tooltip=t.gettext("Copy {what}").format(what=label),
                on_click=lambda: on_copy(label, value),
            ),
        ]
    )


def copier(t):
    """The copy buttons' handler: the value to the clipboard, and a short confirmation."""

    async def copy(label: str, value: str) -> None:
        await ft.Clipboard().set(value)
        ft.context.page.show_dialog(ft.SnackBar(ft.Text(t.gettext("{what} copied").format(what=label))))

    return copy


def transfer_rows(t, info: PaymentInstructions, on_copy) -> list[ft.Control]:
    """IBAN, beneficiary, reference number (with copy buttons) and why the reference matters."""
    return [
        copy_row(t, t.gettext("IBAN"), info.iban, on_copy),
        copy_row(t, t.gettext("Beneficiary"), info.beneficiary, on_copy),
        copy_row(t, t.gettext("Reference number"), info.reference_number, on_copy),
        ft.Text(
            t.gettext("Always use this reference number: it tells which meter the money is for."),
            color=ft.Colors.ON_SURFACE_VARIANT,
        ),
    ]


def epc_qr(t, info: PaymentInstructions, amount_cents: int, size: int = 220) -> list[ft.Control]:
    """The QR code (on white, whatever the theme: banking apps need the contrast) and what it does."""
    return [
        ft.Container(
            bgcolor=ft.Colors.WHITE,
            border_radius=12,
            padding=8,
            content=ft.Image(
                src=epc_qr_png_base64(info.epc_qr_payload),
                width=size,
                height=size,
                semantics_label=t.gettext("QR code to pay {amount} with your banking app").format(amount=t.money(amount_cents)),
            ),
        ),
        ft.Text(
            t.gettext("Scan this code with your banking app: amount, account and reference are filled in."),
            color=ft.Colors.ON_SURFACE_VARIANT,
        ),
    ]


def prepared_note(t, status: str, amount_cents: int) -> ft.Control:
    """What happened to a prepared amount ("klaarzetten", seed 000, Vraag 10)."""
    text = (
        t.gettext("{amount} was prepared and is now loaded on the meter.")
        if status == "loaded"
        else t.gettext("{amount} is prepared. It is loaded once the transfer arrives.")
    )
    return ft.Row(
        [ft.Icon(ft.Icons.CHECK_CIRCLE, color=ft.Colors.PRIMARY), ft.Text(text.format(amount=t.money(amount_cents)), expand=True)]
    )
