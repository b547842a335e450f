"""Meter detail: balance and status, what the status means and what happens next, top-up history."""

from __future__ import annotations

from datetime import datetime, timezone

import flet as ft

from app.api.errors import ApiError
from app.widgets.balance_card import balance_details, status_chip, warning_box
from app.ui.context import go, use_model
from app.ui.winter import use_winter_period
from app.ui.balance_history import use_balance_history
from app.widgets.balance_chart import balance_history_section
from app.words.explain import status_explanation
from app.words.energy import energy_icon, energy_name
from app.words.messages import error_text
from app.widgets.page_frame import page_frame, section
from app.i18n import N_
from app.knowledge import for_meter
from app.views.knowledge import knowledge_links
from app.widgets.heading import heading
from app.widgets.live import announced

CHANNELS = {  # N_: translated where shown
    "terminal": N_("Top-up terminal"),
    "transfer": N_("Bank transfer"),
    "ocmw": N_("OCMW"),
    "online": N_("Online"),
    "other": N_("Other way"),
}


@ft.component
def MeterView():
    model = use_model()
    winter = use_winter_period(model)
    t = model.t
    ean = ft.use_route_params().get("ean", "")
    b = model.balance(ean)
    chart = use_balance_history(model, ean, b)
    items, set_items = ft.use_state(list)
    cursor, set_cursor = ft.use_state(None)
    loaded, set_loaded = ft.use_state(False)
    busy, set_busy = ft.use_state(False)
    error, set_error = ft.use_state(None)

    async def load_more(_=None, first: bool = False):
        set_busy(True)
        set_error(None)
        try:
            page = await model.session.topups(ean, cursor=None if first else cursor, limit=10)
        except ApiError as exc:
            set_error(exc)
        else:
            set_items((lambda old: list(page.items)) if first else (lambda old: [*old, *page.items]))
            set_cursor(page.next_cursor)
            set_loaded(True)
        finally:
            set_busy(False)

    async def first_load():
        await load_more(first=True)

    ft.use_effect(lambda: ft.context.page.run_task(first_load), [ean])

    back = ft.TextButton(t.gettext("Back to overview"), icon=ft.Icons.ARROW_BACK, on_click=lambda: go("/"))
    if b is None:
        return page_frame([back, ft.Text(t.gettext("We could not find that. It may have been removed."))])

    name = energy_name(t, b.energy)
    head = ft.Row(
        [
            ft.Icon(energy_icon(b.energy), color=ft.Colors.PRIMARY, size=32),
            heading(name, expand=True),
            status_chip(t, b),
        ]
    )
    money = ft.Text(t.money(b.balance_cents), theme_style=ft.TextThemeStyle.DISPLAY_SMALL, weight=ft.FontWeight.W_700)
    warning = warning_box(t, b)
    summary = section(
        t.gettext("Balance"),
        [money, *balance_details(t, b), *([warning] if warning else [])],
    )
    meaning = section(
        t.gettext("What this means"),
        [ft.Text(line) for line in status_explanation(t, b, winter)],
        icon=ft.Icons.LIGHTBULB_OUTLINE,
    )
    now = datetime.now(timezone.utc)
    rows: list[ft.Control] = []
    for item in items:
        channel = t.gettext(CHANNELS.get(item.channel, item.channel))
        rows.append(
            ft.ListTile(
                leading=ft.Icon(ft.Icons.ADD_CARD),
                title=ft.Text(t.money(item.amount_cents), weight=ft.FontWeight.W_600),
                subtitle=ft.Text(
                    " · ".join(
                        x
                        for x in (
                            t.datetime(item.at),
                            channel,
                            item.location or "",
                            t.gettext("prepared in the app") if item.pending_topup_id is not None else "",
                        )
                        if x
                    )
                ),
                content_padding=ft.Padding.symmetric(horizontal=0),
            )
        )
    if loaded and not items:
        rows.append(ft.Text(t.gettext("No top-ups yet."), color=ft.Colors.ON_SURFACE_VARIANT))
    if error is not None:
        rows.append(announced(ft.Text(error_text(t, error), color=ft.Colors.ERROR)))
    if busy:
        rows.append(ft.ProgressBar(semantics_label=t.gettext("Loading")))
    elif cursor:
        rows.append(ft.OutlinedButton(t.gettext("Show older top-ups"), icon=ft.Icons.EXPAND_MORE, on_click=load_more))
    history = section(t.gettext("Top-up history"), rows, icon=ft.Icons.HISTORY)
    actions = ft.Row(
        [ft.FilledButton(t.gettext("Top up"), icon=ft.Icons.EURO, on_click=lambda: go(f"/pay/{ean}"))],
        alignment=ft.MainAxisAlignment.END,
    )
    _ = now
    return page_frame(
        [
            back,
            head,
            ft.ResponsiveRow(
                [
                    ft.Column(
                        [summary, balance_history_section(t, chart, chart.show_window), meaning, knowledge_links(t, for_meter(b.status, b.energy))],
                        col={"xs": 12, "lg": 6},
                        spacing=16,
                    ),
                    ft.Column([history], col={"xs": 12, "lg": 6}),
                ],
                spacing=16,
                run_spacing=16,
            ),
            actions,
        ]
    )
