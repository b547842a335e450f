"""Entry of the Flet app: page setup, theme and routes. No business logic here.

``make_main(api_url)`` gives the function ``ft.run`` calls once per window or browser tab; each call
builds its own :class:`AppModel` (its own sessions, stores and language).
"""

from __future__ import annotations

import asyncio
import logging

import flet as ft

from app.components.app_model import AppModel
from app.components.context import ModelContext
from app.components.theme import dark_theme, light_theme
from app.platform.stores import stores_for_page
from app.settings import load_settings
from app.views.clients import ClientsView
from app.views.home import HomeView
from app.views.login import LoginView
from app.views.meter import MeterView
from app.views.pay import PayView
from app.views.settings import SettingsView
from app.views.eligibility import EligibilityView
from app.views.knowledge import KnowledgeIndexView, KnowledgePageView
from app.views.shell import Shell, is_public
from app.views.tariff import TariffView
from app.views.topup_point_detail import TopupPointDetailView
from app.views.topup_points import TopupPointsView

log = logging.getLogger("budgetmeter.ui")

DEFAULT_API_URL = "http://127.0.0.1:8000"

ROUTES = [
    ft.Route(path="login", component=LoginView),
    ft.Route(
        component=Shell,
        children=[
            ft.Route(index=True, component=HomeView),
            ft.Route(path="meter/:ean", component=MeterView),
            ft.Route(path="pay", component=PayView),
            ft.Route(path="pay/:ean", component=PayView),
            ft.Route(path="clients", component=ClientsView),
            ft.Route(path="settings", component=SettingsView),
            ft.Route(path="topup-points", component=TopupPointsView),
            ft.Route(path="topup-points/:id", component=TopupPointDetailView),
            ft.Route(path="tariff", component=TariffView),
            ft.Route(path="eligibility", component=EligibilityView),
            ft.Route(path="know", component=KnowledgeIndexView),
            ft.Route(path="know/:id", component=KnowledgePageView),
        ],
    ),
]


async def _device_locale(page: ft.Page) -> str | None:
    try:
        info = await asyncio.wait_for(page.get_device_info(), 3)
    except Exception:
        return None
    return getattr(info, "language", None) or getattr(info, "locale", None) or None


@ft.component
def App(model: AppModel):
    page = ft.context.page
    page.title = model.t.gettext("Budget meter")
    page.theme = light_theme()
    page.dark_theme = dark_theme()
    page.theme_mode = {"dark": ft.ThemeMode.DARK, "system": ft.ThemeMode.SYSTEM}.get(model.theme, ft.ThemeMode.LIGHT)
    page.locale_configuration = ft.LocaleConfiguration(
        supported_locales=[ft.Locale(lang, "BE") for lang in ("nl", "fr", "de")] + [ft.Locale("en", "BE")],
        current_locale=ft.Locale(model.t.language, "BE"),
    )
    model_state, _ = ft.use_state(model)  # re-render on every change of the model
    if not model_state.ready:
        return ft.Container(
            expand=True,
            alignment=ft.Alignment.CENTER,
            content=ft.ProgressRing(semantics_label=model.t.gettext("Loading")),
        )
    return ModelContext(model_state, lambda: ft.Router(ROUTES))


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


def make_main(api_url: str | None = None, *, web: bool | None = None):
    api_url = api_url or load_settings().api_url

    async def main(page: ft.Page) -> None:
        page.padding = 0
        page.spacing = 0
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
