"""Notifications: the alerts of the current client, newest first (title and sentence written by the
server in the account's language); tapping one marks it read."""

from __future__ import annotations

from datetime import datetime, timezone

import flet as ft

from app.views.alert_settings import ROUTE as ALERT_SETTINGS

from app.api.alert_models import Notification
from app.ui.alerts import use_alerts
from app.ui.context import go, use_model
from app.widgets.page_frame import page_frame
from app.words.messages import error_text

ICONS = {
    "balance_low": ft.Icons.SAVINGS_OUTLINED,
    "days_left_low": ft.Icons.HOURGLASS_BOTTOM,
    "emergency_credit_started": ft.Icons.WARNING_AMBER_ROUNDED,
    "minimum_supply_started": ft.Icons.POWER_OUTLINED,
    "topup_loaded": ft.Icons.CHECK_CIRCLE_OUTLINE,
}


def notification_tile(t, n: Notification, *, now: datetime, on_open) -> ft.Control:
    weight = ft.FontWeight.W_400 if n.read else ft.FontWeight.W_600
    state = t.gettext("read") if n.read else t.gettext("unread")
    return ft.Card(
        content=ft.ListTile(
            leading=ft.Icon(ICONS.get(n.kind, ft.Icons.NOTIFICATIONS), color=ft.Colors.ON_SURFACE_VARIANT if n.read else ft.Colors.PRIMARY),
            title=ft.Text(n.title, weight=weight),
            subtitle=ft.Column(
                [
                    ft.Text(n.body),
                    ft.Text(f"{t.age(n.at, now)} · {state}", theme_style=ft.TextThemeStyle.BODY_SMALL,
                            color=ft.Colors.ON_SURFACE_VARIANT),
                ],
                spacing=4,
                tight=True,
            ),
            is_three_line=True,
            on_click=on_open,
        ),
    )


@ft.component
def NotificationsView():
    model = use_model(lambda m: (m.language, m.session.current.id if m.session.current else None))
    t = model.t
    alerts = use_alerts(model)
    now = datetime.now(timezone.utc)

    def first_load():
        ft.context.page.run_task(alerts.refresh)

    ft.use_effect(first_load, [])

    async def open_one(n: Notification):
        await alerts.mark_read(n.id)
        go(f"/meter/{n.ean}")

    def opener(n: Notification):
        async def handler(_=None):
            await open_one(n)

        return handler

    async def more(_=None):
        await alerts.more()

    head = ft.Row(
        [
            ft.Text(t.gettext("Notifications"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.W_600, expand=True),
            ft.OutlinedButton(t.gettext("Alert settings"), icon=ft.Icons.TUNE, on_click=lambda: go(ALERT_SETTINGS)),
        ],
    )
    body: list[ft.Control] = [head]
    if alerts.unread:
        body.append(ft.Text(t.ngettext("{n} unread", "{n} unread", alerts.unread).format(n=alerts.unread),
                            color=ft.Colors.ON_SURFACE_VARIANT))
    if alerts.error is not None:
        body.append(ft.Text(error_text(t, alerts.error), color=ft.Colors.ERROR))
    if not alerts.loaded and alerts.error is None:
        body.append(ft.ProgressBar(semantics_label=t.gettext("Loading")))
    body += [notification_tile(t, n, now=now, on_open=opener(n)) for n in alerts.items]
    if alerts.loaded and not alerts.items:
        body.append(ft.Text(
            t.gettext("No notifications yet. We warn you here when your balance runs low, when emergency credit "
                      "or minimum supply starts, and when a top-up is on your meter."),
            color=ft.Colors.ON_SURFACE_VARIANT,
        ))
    if alerts.next_cursor:
        body.append(ft.TextButton(t.gettext("Show older notifications"), icon=ft.Icons.EXPAND_MORE, on_click=more))
    return page_frame(body)
