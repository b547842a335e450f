"""How views reach the session's model and its translator: a Flet context, provided by ``app.main``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import flet as ft

from app.i18n import Translator

if TYPE_CHECKING:
    from app.ui.app_model import AppModel

ModelContext = ft.create_context(None)


def use_model() -> AppModel:
    model = ft.use_context(ModelContext)
    if model is None:
        raise RuntimeError("AppModel context missing")
    return model


def use_t() -> Translator:
    return use_model().t


def go(route: str) -> None:
    """Navigate within the app (updates the browser's address too)."""
    ft.context.page.navigate(route)
