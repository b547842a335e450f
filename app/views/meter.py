"""Meter detail: balance and status, what the status means and what happens next, top-up history."""

from __future__ import annotations

import flet as ft

from app.state.topup_history import TopupHistory
from app.widgets.balance_card import balance_details, status_chip, warning_box
from app.ui.context import go, use_model
from app.ui.hooks import use_observable
from app.ui.winter import use_winter_period
from app.ui.balance_history import use_balance_history
from app.widgets.balance_chart import balance_history_section
from app.words.explain import status_explanation
from app.words.energy import energy_icon, energy_name
from app.words.messages import error_text
from app.words.topups import topup_line
from app.widgets.page_frame import page_frame, section
from app.knowledge import for_meter
from app.views.knowledge import knowledge_links
from app.widgets.heading import heading
from app.widgets.live import announced


def use_topup_history(model, ean: str) -> TopupHistory:
    """The meter's top-ups for as long as the screen shows; the first page each time ``ean`` is opened."""
    history, _ = ft.use_state(lambda: TopupHistory(model.session.topups))
    ft.use_effect(lambda: ft.context.page.run_task(history.open, ean), [ean])
    return use_observable(history)


@ft.component
def MeterView():
    model = use_model()
    winter = use_winter_period(model)
    t = model.t
    ean = ft.use_route_params().get("ean", "")
    b = model.balance(ean)
    chart = use_balance_history(model, ean, b)
    history = use_topup_history(model, ean)

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
    rows: list[ft.Control] = [
        ft.ListTile(
            leading=ft.Icon(ft.Icons.ADD_CARD),
            title=ft.Text(t.money(item.amount_cents), weight=ft.FontWeight.W_600),
            subtitle=ft.Text(topup_line(t, item)),
            content_padding=ft.Padding.symmetric(horizontal=0),
        )
        for item in history.items
    ]
    if history.empty:
        rows.append(ft.Text(t.gettext("No top-ups yet."), color=ft.Colors.ON_SURFACE_VARIANT))
    if history.error is not None:
        rows.append(announced(ft.Text(error_text(t, history.error), color=ft.Colors.ERROR)))
    if history.loading:
        rows.append(ft.ProgressBar(semantics_label=t.gettext("Loading")))
    elif history.has_more:
        rows.append(ft.OutlinedButton(t.gettext("Show older top-ups"), icon=ft.Icons.EXPAND_MORE, on_click=history.more))
    topups = section(t.gettext("Top-up history"), rows, icon=ft.Icons.HISTORY)
    actions = ft.Row(
        [ft.FilledButton(t.gettext("Top up"), icon=ft.Icons.EURO, on_click=lambda: go(f"/pay/{ean}"))],
        alignment=ft.MainAxisAlignment.END,
    )
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
                    ft.Column([topups], col={"xs": 12, "lg": 6}),
                ],
                spacing=16,
                run_spacing=16,
            ),
            actions,
        ]
    )
