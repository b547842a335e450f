"""Hooks for the plain-Python state objects of :mod:`app.state` (``Observable``s) in Flet components.

``per_session(model, key, factory)`` keeps one state object per app session (browser tab or window),
so a search survives going to a point's detail and back. ``use_observable(obj)`` re-renders the
component on every ``obj.notify()``.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import flet as ft

T = TypeVar("T")

_STORE: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()


def per_session(model: Any, key: str, factory: Callable[[], T]) -> T:
    """The one ``key`` object of this session's model, made by ``factory`` the first time."""
    slot = _STORE.setdefault(model, {})
    if key not in slot:
        slot[key] = factory()
    return slot[key]


def use_observable(obj: Any) -> int:
    """Re-render on each change of ``obj``; returns a revision counter."""
    revision, set_revision = ft.use_state(0)

    def subscribe():
        return obj.subscribe(lambda _s: set_revision(lambda r: r + 1))

    ft.use_effect(subscribe, [id(obj)])
    return revision
