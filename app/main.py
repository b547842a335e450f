"""Entry of the Flet app: page setup, theme and routes. No business logic here.

``make_main(api_url)`` gives the function ``ft.run`` calls once per window or browser tab; each call
builds its own :class:`AppModel` (its own sessions, stores and language).
"""

from __future__ import annotations

import asyncio
import logging

import flet as ft

from app.ui.app_model import AppModel
from app.ui.context import ModelContext
from app.ui.hooks import use_observable
from app.ui.theme import dark_theme, light_theme
from app.platform.stores import stores_for_page
from app.settings import load_settings
from app.views.accessibility import AccessibilityView
from app.views.alert_settings import AlertSettingsView
from app.views.clients import ClientsView
from app.views.demo_mailbox import DemoMailboxView
from app.views.home import HomeView
from app.views.login import LoginView
from app.views.meter import MeterView
from app.views.notifications import NotificationsView
from app.views.pay import PayView
from app.views.settings import SettingsView
from app.views.eligibility import EligibilityView
from app.views.knowledge import KnowledgeIndexView, KnowledgePageView
from app.views.shell import Shell, is_public
from app.views.tariff import TariffView
from app.views.topup_point_detail import TopupPointDetailView
from app.views.topup_points import TopupPointsView
from app.views.caseload import CaseloadView
from app.views.mandates import AccountAccessView
from app.views.staff_client import StaffClientView
from app.views.staff_frame import StaffShell
from app.views.staff_settings import StaffSettingsView
from app.views.staff_setup import StaffSetupView
from app.views.team import TeamView
from app.views.signals import SignalsView
from app.views.staff_winter import StaffWinterView
from app.views.winter_support import WinterSupportView

log = logging.getLogger("budgetmeter.ui")

ROUTES = [
    ft.Route(path="login", component=LoginView),
    ft.Route(path="demo-mailbox", component=DemoMailboxView),  # a demo server's mail (issue 20)
    # Helpers with their own accounts (staff of an organisation): their own frame and screens.
    ft.Route(path="staff/setup", component=StaffSetupView),
    ft.Route(
        path="staff",
        component=StaffShell,
        children=[
            ft.Route(index=True, component=CaseloadView),
            ft.Route(path="client/:id", component=StaffClientView),
            ft.Route(path="team", component=TeamView),
            ft.Route(path="signals", component=SignalsView),
            ft.Route(path="settings", component=StaffSettingsView),
            ft.Route(path="winter-support", component=StaffWinterView),
        ],
    ),
    ft.Route(
        component=Shell,
        children=[
            ft.Route(index=True, component=HomeView),
            ft.Route(path="meter/:ean", component=MeterView),
            ft.Route(path="pay", component=PayView),
            ft.Route(path="pay/:ean", component=PayView),
            ft.Route(path="clients", component=ClientsView),
            ft.Route(path="settings", component=SettingsView),
            ft.Route(path="settings/alerts", component=AlertSettingsView),  # issue 20
            ft.Route(path="notifications", component=NotificationsView),
            ft.Route(path="account-access", component=AccountAccessView),
            ft.Route(path="winter-support", component=WinterSupportView),
            ft.Route(path="topup-points", component=TopupPointsView),
            ft.Route(path="topup-points/:id", component=TopupPointDetailView),
            ft.Route(path="tariff", component=TariffView),
            ft.Route(path="eligibility", component=EligibilityView),
            ft.Route(path="know", component=KnowledgeIndexView),
            ft.Route(path="know/:id", component=KnowledgePageView),
            ft.Route(path="accessibility", component=AccessibilityView),
        ],
    ),
]


async def _device_locale(page: ft.Page) -> str | None:
    try:
        info = await asyncio.wait_for(page.get_device_info(), 3)
    except Exception:
        return None
    return getattr(info, "language", None) or getattr(info, "locale", None) or None


THEME_MODES = {"light": ft.ThemeMode.LIGHT, "dark": ft.ThemeMode.DARK, "system": ft.ThemeMode.SYSTEM}


def follow_theme(page: ft.Page, model: AppModel):
    """Keep ``page.theme_mode`` on the model's theme. Only the mode changes: the light and dark
    themes are set once (``setup_page``), and switching redraws no component, so the screen's
    controls stay where they are."""

    def apply(_model=None) -> None:
        page.theme_mode = THEME_MODES.get(model.theme, ft.ThemeMode.LIGHT)  # a page prop: patched only when it differs

    apply()
    return model.subscribe(apply)


def _locales(language: str) -> ft.LocaleConfiguration:
    return ft.LocaleConfiguration(
        supported_locales=[ft.Locale(lang, "BE") for lang in ("nl", "fr", "de")] + [ft.Locale("en", "BE")],
        current_locale=ft.Locale(language, "BE"),
    )


@ft.component
def App(model: AppModel):
    # The whole tree depends on these two only; everything else is followed by the screens that show
    # it, so a balance refresh redraws the screen, not the page.
    use_observable(model, lambda m: (m.ready, m.language))
    ft.use_effect(lambda: follow_theme(ft.context.page, model), [])
    page = ft.context.page
    t = model.t
    page.title = t.gettext("Budget meter")
    page.locale_configuration = _locales(t.language)
    if not model.ready:
        return ft.Container(
            expand=True,
            alignment=ft.Alignment.CENTER,
            content=ft.ProgressRing(semantics_label=t.gettext("Loading")),
        )
    return ModelContext(model, lambda: ft.Router(ROUTES))


def setup_page(page: ft.Page) -> None:
    """What never changes during a session: no padding of its own, the two themes."""
    page.padding = 0
    page.spacing = 0
    page.theme = light_theme()
    page.dark_theme = dark_theme()


def _keep_fresh_while_connected(page: ft.Page, model: AppModel) -> None:
    """Refresh in the background while someone looks at the app; stop when the tab or window goes,
    so no task outlives its session on the web server."""
    task = {"future": page.run_task(model.keep_fresh)}

    def stop(_=None) -> None:
        future = task.pop("future", None)
        if future is not None:
            future.cancel()

    def restart(_=None) -> None:
        stop()
        task["future"] = page.run_task(model.keep_fresh)

    page.on_disconnect = stop
    page.on_close = stop
    page.on_connect = restart


def make_main(api_url: str | None = None):
    api_url = api_url or load_settings().api_url

    async def main(page: ft.Page) -> None:
        setup_page(page)
        model = AppModel(api_url)
        page.render(App, model)
        secrets, prefs = await stores_for_page(page)
        await model.start(secrets, prefs, await _device_locale(page))
        if not model.logged_in and page.route != "/login" and not is_public(page.route or "/"):
            page.navigate("/login")
        _keep_fresh_while_connected(page, model)

    return main


main = make_main()

if __name__ == "__main__":
    ft.run(main)
