"""Top up: where to transfer (IBAN, beneficiary, the meter's reference number, each with a copy
button), quick amounts, the EPC ("SEPA") QR code for banking apps; for helpers also "prepare this
amount" (seed 000, Vraag 10: "Hierbij zijn dus steeds twee handelingen nodig ...: betalen + klaarzetten")."""

from __future__ import annotations

import flet as ft

from app.api.errors import ApiError
from app.ui.context import use_model
from app.words.energy import energy_icon, energy_name
from app.words.messages import error_text
from app.widgets.page_frame import page_frame, section
from app.widgets.qr import epc_qr_png_base64
from app.state.inputs import parse_amount_cents
from app.widgets.heading import heading
from app.widgets.live import announced

QUICK_AMOUNTS = (1000, 2000, 5000, 10000)


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


@ft.component
def PayView():
    model = use_model()
    t = model.t
    session = model.session
    meters = list(session.me.meters) if session.me else []
    meters.sort(key=lambda m: m.energy != "electricity")
    route_ean = ft.use_route_params().get("ean")
    ean, set_ean = ft.use_state(route_ean or (meters[0].ean if meters else ""))
    amount_text, set_amount_text = ft.use_state("20")
    info, set_info = ft.use_state(None)
    error, set_error = ft.use_state(None)
    prepared, set_prepared = ft.use_state(None)
    prepare_error, set_prepare_error = ft.use_state(None)
    preparing, set_preparing = ft.use_state(False)

    amount_cents = None
    amount_problem = None
    try:
        amount_cents = parse_amount_cents(amount_text)
    except ApiError as exc:
        amount_problem = exc

    async def load():
        if not ean:
            return
        try:
            set_info(await session.payment_instructions(ean, amount_cents))
            set_error(None)
        except ApiError as exc:
            set_error(exc)

    ft.use_effect(lambda: ft.context.page.run_task(load), [ean, amount_cents])

    async def copy(label: str, value: str):
        await ft.Clipboard().set(value)
        ft.context.page.show_dialog(ft.SnackBar(ft.Text(t.gettext("{what} copied").format(what=label))))

    async def prepare(_=None):
        if amount_cents is None or preparing:
            return
        set_preparing(True)
        set_prepare_error(None)
        try:
            result = await model.prepare_topup(ean, amount_cents)
            set_prepared(result)
        except ApiError as exc:
            set_prepare_error(exc)
        finally:
            set_preparing(False)

    picker = None
    if len(meters) > 1:
        picker = ft.SegmentedButton(
            selected=[ean],
            allow_empty_selection=False,
            segments=[
                ft.Segment(value=m.ean, label=ft.Text(energy_name(t, m.energy)), icon=ft.Icon(energy_icon(m.energy)))
                for m in meters
            ],
            on_change=lambda e: (set_ean(list(e.control.selected)[0]), set_prepared(None)),
        )

    chips = ft.Row(
        [
            ft.Chip(
                label=ft.Text(t.money(cents)),
                selected=amount_cents == cents,
                on_select=lambda _, c=cents: (set_amount_text(t.number(c / 100, "#,##0.##")), set_prepared(None)),
            )
            for cents in QUICK_AMOUNTS
        ],
        wrap=True,
        spacing=8,
    )
    amount_field = ft.TextField(
        label=t.gettext("Amount in euro"),
        value=amount_text,
        prefix=ft.Text("€ "),
        keyboard_type=ft.KeyboardType.NUMBER,
        error=error_text(t, amount_problem) if amount_problem and amount_text else None,
        on_change=lambda e: (set_amount_text(e.control.value or ""), set_prepared(None)),
        width=260,
    )
    amount_section = section(
        t.gettext("How much do you want to top up?"),
        [*([picker] if picker else []), chips, amount_field],
        icon=ft.Icons.EURO,
    )

    transfer_rows: list[ft.Control] = []
    if error is not None:
        transfer_rows.append(announced(ft.Text(error_text(t, error), color=ft.Colors.ERROR)))
    if info is not None:
        transfer_rows += [
            copy_row(t, t.gettext("IBAN"), info.iban, copy),
            copy_row(t, t.gettext("Beneficiary"), info.beneficiary, copy),
            copy_row(t, t.gettext("Reference number"), info.reference_number, copy),
            ft.Text(
                t.gettext("Always use this reference number: it tells which meter the money is for."),
                color=ft.Colors.ON_SURFACE_VARIANT,
            ),
        ]
    transfer = section(t.gettext("Pay by bank transfer"), transfer_rows, icon=ft.Icons.ACCOUNT_BALANCE)

    qr_rows: list[ft.Control] = []
    if info is not None and amount_cents is not None:
        qr_rows = [
            ft.Container(
                bgcolor=ft.Colors.WHITE,
                border_radius=12,
                padding=8,
                content=ft.Image(
                    src=epc_qr_png_base64(info.epc_qr_payload),
                    width=220,
                    height=220,
                    semantics_label=t.gettext("QR code to pay {amount} with your banking app").format(
                        amount=t.money(amount_cents)
                    ),
                ),
            ),
            ft.Text(
                t.gettext("Scan this code with your banking app: amount, account and reference are filled in."),
                color=ft.Colors.ON_SURFACE_VARIANT,
            ),
        ]
    qr = section(t.gettext("Pay with your banking app"), qr_rows, icon=ft.Icons.QR_CODE_2)

    helper_section = None
    if session.is_helper:
        rows: list[ft.Control] = [
            ft.Container(
                bgcolor=ft.Colors.TERTIARY_CONTAINER,
                border_radius=12,
                padding=12,
                content=ft.Text(
                    t.gettext(
                        "Two steps are always needed: pay the transfer, and prepare the same amount here, so that it reaches the meter."
                    ),
                    color=ft.Colors.ON_TERTIARY_CONTAINER,
                ),
            ),
            ft.FilledButton(
                t.gettext("Prepare {amount}").format(amount=t.money(amount_cents or 0)),
                icon=ft.Icons.PLAYLIST_ADD_CHECK,
                disabled=amount_cents is None or preparing or prepared is not None,
                on_click=prepare,
            ),
        ]
        if preparing:
            rows.append(ft.ProgressBar(semantics_label=t.gettext("Preparing")))
        if prepared is not None:
            rows.append(
                announced(ft.Row(
                    [
                        ft.Icon(ft.Icons.CHECK_CIRCLE, color=ft.Colors.PRIMARY),
                        ft.Text(
                            (
                                t.gettext("{amount} was prepared and is now loaded on the meter.")
                                if prepared.status == "loaded"
                                else t.gettext("{amount} is prepared. It is loaded once the transfer arrives.")
                            ).format(amount=t.money(prepared.amount_cents)),
                            expand=True,
                        ),
                    ]
                ))
            )
        if prepare_error is not None:
            rows.append(announced(ft.Text(error_text(t, prepare_error), color=ft.Colors.ERROR)))
            rows.append(ft.OutlinedButton(t.gettext("Try again"), icon=ft.Icons.REFRESH, on_click=prepare))
        helper_section = section(t.gettext("Prepare the amount (helper)"), rows, icon=ft.Icons.SUPPORT_AGENT)

    title = heading(t.gettext("Top up"))
    if not meters:
        return page_frame([title, ft.Text(t.gettext("No balances to show yet."))])
    left = [amount_section, transfer]
    right = [qr, *([helper_section] if helper_section else [])]
    return page_frame(
        [
            title,
            ft.ResponsiveRow(
                [
                    ft.Column(left, col={"xs": 12, "md": 7}, spacing=16),
                    ft.Column(right, col={"xs": 12, "md": 5}, spacing=16),
                ],
                spacing=16,
                run_spacing=16,
            ),
        ]
    )
