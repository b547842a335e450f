"""One client opened from the caseload: the same meter cards as the client's own home, how to pay
by transfer, and "prepare a top-up" ("betalen + klaarzetten", seed 000, Vraag 10 and 17)."""

from __future__ import annotations

from datetime import datetime, timezone

import flet as ft

from app.ui.context import go, use_model
from app.ui.hooks import use_observable
from app.widgets.balance_card import balance_card
from app.widgets.heading import heading
from app.widgets.meter_picker import meter_picker
from app.widgets.page_frame import page_frame, section
from app.widgets.live import announced
from app.widgets.transfer import amount_input, copier, epc_qr, prepared_note, transfer_rows
from app.words.messages import error_text
from app.words.staff import staff_error_text



@ft.component
def StaffClientView():
    model = use_model(lambda m: m.language)
    t = model.t
    raw_id = ft.use_route_params().get("id", "")
    client_id = int(raw_id) if raw_id.isdigit() else 0
    file = use_observable(model.member.client_file(client_id))
    form = use_observable(file.topup)

    ft.use_effect(lambda: ft.context.page.run_task(file.open), [client_id])
    ft.use_effect(lambda: ft.context.page.run_task(form.load_instructions), [form.ean, form.amount_cents])
    detail = file.detail
    meters = list(detail.meters) if detail else []
    amount_cents, info = form.amount_cents, form.instructions
    copy = copier(t)

    back = ft.TextButton(t.gettext("Back to the caseload"), icon=ft.Icons.ARROW_BACK, on_click=lambda: go("/staff"))
    if detail is None:
        body: list[ft.Control] = [back]
        if file.error is not None:
            body.append(ft.Text(staff_error_text(t, file.error), color=ft.Colors.ERROR))
        else:
            body.append(ft.ProgressRing(semantics_label=t.gettext("Loading")))
        return page_frame(body)

    now = datetime.now(timezone.utc)
    cards = [
        balance_card(
            t, b, fetched_at=None, now=now, col={"xs": 12, "md": 6},
            on_top_up=lambda _e, e=b.ean: form.choose_meter(e),
            staff=True,  # about the household's meter, to its social worker (issue 20)
        )
        for b in meters
    ]  # fmt: skip
    picker = None
    if len(meters) > 1:
        picker = meter_picker(t, meters, form.ean, form.choose_meter)
    amount_field = amount_input(t, form)
    # The amount and "klaarzetten" together: the field is what the button prepares.
    prepare_rows: list[ft.Control] = [
        *([picker] if picker else []),
        amount_field,
        ft.Text(
            t.gettext("Two steps are always needed: pay the transfer, and prepare the same amount here, so that it reaches the meter.")
        ),
    ]
    if file.can_prepare:
        prepare_rows.append(
            ft.FilledButton(
                t.gettext("Prepare a top-up of {amount}").format(amount=t.money(amount_cents or 0)),
                icon=ft.Icons.PLAYLIST_ADD_CHECK,
                # Not disabled while it runs: a focused button that turns disabled loses the focus
                # (keyboard and screen-reader users lose their place), and once in seven e2e runs the
                # list stood at its top after the tap, away from the confirmation. A second tap is
                # ignored above (and would carry the same Idempotency-Key).
                disabled=amount_cents is None,
                on_click=form.prepare,
            )
        )
    else:
        prepare_rows.append(ft.Text(t.gettext("This client allowed viewing only."), color=ft.Colors.ON_SURFACE_VARIANT))
    if form.preparing:
        prepare_rows.append(ft.ProgressBar(semantics_label=t.gettext("Preparing")))
    if form.prepared is not None:
        prepare_rows.append(announced(prepared_note(t, form.prepared.status, form.prepared.amount_cents)))
    for problem in (file.error, form.prepare_error):
        if problem is not None:
            prepare_rows.append(announced(ft.Text(staff_error_text(t, problem), color=ft.Colors.ERROR)))
    pay_rows: list[ft.Control] = []
    if form.instructions_error is not None:
        pay_rows.append(ft.Text(error_text(t, form.instructions_error), color=ft.Colors.ERROR))
    if info is not None:
        pay_rows += transfer_rows(t, info, copy)
        if amount_cents is not None:
            pay_rows += epc_qr(t, info, amount_cents, size=180)
    title = ft.Column(
        [
            heading(detail.display_name),
            ft.Text(f"{detail.postal_code} · {detail.prepaid_code_masked}", color=ft.Colors.ON_SURFACE_VARIANT),
        ],
        spacing=2,
    )
    return page_frame(
        [
            back,
            title,
            ft.ResponsiveRow(cards, spacing=16, run_spacing=16),
            ft.ResponsiveRow(
                [
                    section(t.gettext("Prepare a top-up"), prepare_rows, icon=ft.Icons.PLAYLIST_ADD_CHECK, col={"xs": 12, "md": 6}),
                    section(t.gettext("Pay by bank transfer"), pay_rows, icon=ft.Icons.ACCOUNT_BALANCE, col={"xs": 12, "md": 6}),
                ],
                spacing=16,
                run_spacing=16,
            ),
        ]
    )
