"""The winter period for a screen: asked of the server once per app session and day, followed like any
state object; None until it answered (or when it cannot), and the screen keeps the seed's words."""

from __future__ import annotations

import flet as ft

from app.api.winter_models import WinterPeriod
from app.ui.hooks import use_observable


def use_winter_period(model) -> WinterPeriod | None:
    info = use_observable(model.winter_period)
    ft.use_effect(lambda: ft.context.page.run_task(info.load), [])
    return info.period
