"""The current client's alerts for the screens: one :class:`app.state.alerts.Alerts` per app session,
following the chosen client, and the bell of the shell that keeps its unread count fresh."""

from __future__ import annotations

import flet as ft

from app.settings import load_settings
from app.state.alerts import Alerts
from app.ui.context import go
from app.ui.hooks import use_observable

def use_alerts(model, select=None) -> Alerts:
    return use_observable(model.alerts, select)


def bell_label(t, unread: int) -> str:
    if unread == 0:
        return t.gettext("Notifications")
    return t.ngettext("Notifications: {n} unread", "Notifications: {n} unread", unread).format(n=unread)


@ft.component
def Bell(model):
    """The bell with the number of unread notifications; asks the server as often as balances are
    refreshed (BUDGETMETER_REFRESH_SECONDS, app/settings.py), from the moment the shell shows it."""
    alerts = use_alerts(model, lambda a: a.unread)
    profile = model.session.current
    owner = profile.id if profile is not None else None

    def keep_fresh():
        page = ft.context.page
        future = page.run_task(alerts.keep_fresh, load_settings().refresh_seconds)
        return lambda: future.cancel()

    ft.use_effect(keep_fresh, [owner])
    t = model.t
    unread = alerts.unread
    label = bell_label(t, unread)
    # The icon's label names the button for screen readers, "Notifications: 1 unread" (an outer
    # Semantics button would nest two buttons; a tooltip is not read as the name).
    icon = ft.Icons.NOTIFICATIONS_ACTIVE if unread else ft.Icons.NOTIFICATIONS_NONE
    return ft.IconButton(
        icon=ft.Icon(icon, semantics_label=label),
        badge=ft.Badge(label=str(unread) if unread < 100 else "99+") if unread else None,
        on_click=lambda: go("/notifications"),
    )
