"""How views reach the session's model (and through it the session, the API client and the
translator): a Flet context, provided by ``app.main``'s ``App``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import flet as ft

from app.ui.hooks import use_observable

if TYPE_CHECKING:
    from app.ui.app_model import AppModel

ModelContext = ft.create_context(None)


def use_model(select: Callable[[AppModel], Any] | None = None) -> AppModel:
    """The model, with this component redrawn on its changes (all of them, or only when what
    ``select`` picks changes): a view that reads the model cannot forget to follow it."""
    model = ft.use_context(ModelContext)
    if model is None:
        raise RuntimeError("AppModel context missing")
    return use_observable(model, select)


def go(route: str) -> None:
    """Navigate within the app (updates the browser's address too)."""
    ft.context.page.navigate(route)
