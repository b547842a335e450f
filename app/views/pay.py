"""Top up: where to transfer (IBAN, beneficiary, the meter's reference number, each with a copy
button), quick amounts, the EPC ("SEPA") QR code for banking apps; for helpers also "prepare this
amount" (seed 000, Vraag 10: "Hierbij zijn dus steeds twee handelingen nodig ...: betalen + klaarzetten")."""

from __future__ import annotations

import flet as ft

from app.ui.context import use_model
from app.words.balance import topup_needed_text
from app.words.messages import error_text
from app.widgets.page_frame import page_frame, section
from app.widgets.transfer import amount_input, copier, epc_qr, prepared_note, transfer_rows
from app.state.payments import TopupForm
from app.ui.hooks import use_observable
from app.widgets.heading import heading
from app.widgets.meter_picker import meter_picker
from app.widgets.live import announced

QUICK_AMOUNTS = (1000, 2000, 5000, 10000)


@ft.component
def PayView():
    model = use_model()
    t = model.t
    session = model.session
    meters = list(session.me.meters) if session.me else []
    meters.sort(key=lambda m: m.energy != "electricity")
    route_ean = ft.use_route_params().get("ean")
    # One form per visit of the screen: a new visit starts from the default amount.
    form = use_observable(ft.use_state(lambda: TopupForm(session.payment_instructions, model.prepare_topup))[0])
    eans = tuple(m.ean for m in meters)
    # Off supplying, the amount opens at the smallest top-up back to full supply (issue 20).
    needed = tuple((b.ean, b.topup_needed_cents) for b in session.balances)
    ft.use_effect(lambda: form.offer(eans, route_ean, dict(needed)), [eans, route_ean, needed])
    ft.use_effect(lambda: ft.context.page.run_task(form.load_instructions), [form.ean, form.amount_cents])
    ean, amount_cents, info, prepared = form.ean, form.amount_cents, form.instructions, form.prepared

    copy = copier(t)

    picker = None
    if len(meters) > 1:
        picker = meter_picker(t, meters, ean, form.choose_meter)

    chips = ft.Row(
        [
            ft.Chip(
                label=ft.Text(t.money(cents)),
                selected=amount_cents == cents,
                on_select=lambda _, c=cents: form.type_amount(t.number(c / 100, "#,##0.##")),
            )
            for cents in QUICK_AMOUNTS
        ],
        wrap=True,
        spacing=8,
    )
    amount_field = amount_input(t, form)
    chosen = next((b for b in session.balances if b.ean == ean), None)
    needed_text = topup_needed_text(t, chosen) if chosen is not None else None
    amount_section = section(
        t.gettext("How much do you want to top up?"),
        [*([picker] if picker else []), *([ft.Text(needed_text, weight=ft.FontWeight.W_600)] if needed_text else []), chips, amount_field],
        icon=ft.Icons.EURO,
    )

    transfer_body: list[ft.Control] = []
    if form.instructions_error is not None:
        transfer_body.append(announced(ft.Text(error_text(t, form.instructions_error), color=ft.Colors.ERROR)))
    if info is not None:
        transfer_body += transfer_rows(t, info, copy)
    transfer = section(t.gettext("Pay by bank transfer"), transfer_body, icon=ft.Icons.ACCOUNT_BALANCE)

    qr_rows: list[ft.Control] = epc_qr(t, info, amount_cents) if info is not None and amount_cents is not None else []
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
                disabled=amount_cents is None or form.preparing or prepared is not None,
                on_click=form.prepare,
            ),
        ]
        if form.preparing:
            rows.append(ft.ProgressBar(semantics_label=t.gettext("Preparing")))
        if prepared is not None:
            rows.append(announced(prepared_note(t, prepared.status, prepared.amount_cents)))
        if form.prepare_error is not None:
            rows.append(announced(ft.Text(error_text(t, form.prepare_error), color=ft.Colors.ERROR)))
            rows.append(ft.OutlinedButton(t.gettext("Try again"), icon=ft.Icons.REFRESH, on_click=form.prepare))
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
