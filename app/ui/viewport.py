"""The browser window's (or app window's) width, for the screens whose layout depends on it: the
navigation frame (bar or rail) and the top-up points screen (list and map side by side, or a switch).

A page has one ``on_resize`` handler; this module owns it and passes the width on through a plain
:class:`Observable`, so every component that asks redraws on a resize (or, with ``select``, only when
what it selects changes, e.g. ``lambda w: w >= WIDE``).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import flet as ft

from app.state.observable import Observable
from app.ui.hooks import use_observable

_VIEWPORTS: dict[int, Viewport] = {}  # by id(page): a Flet Page is not hashable


class Viewport(Observable):
    def __init__(self, width: float) -> None:
        super().__init__()
        self.width = width


def viewport_of(page: ft.Page) -> Viewport:
    viewport = _VIEWPORTS.get(id(page))
    if viewport is None:
        viewport = Viewport(page.width or 1024)
        _VIEWPORTS[id(page)] = viewport
        weakref.finalize(page, _VIEWPORTS.pop, id(page), None)

        def on_resize(e: ft.PageResizeEvent) -> None:
            viewport.width = e.width

        page.on_resize = on_resize
    return viewport


def use_page_width(select: Callable[[float], Any] | None = None) -> float:
    """The window's width; the component is redrawn when it (or ``select(width)``) changes."""
    viewport = viewport_of(ft.context.page)
    use_observable(viewport, (lambda v: select(v.width)) if select is not None else None)
    return viewport.width
