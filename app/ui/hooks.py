"""The one way a screen is redrawn: a component that reads a state object calls
``use_observable(obj)`` (views get the app model through ``use_model()``, which calls it for them).

State objects are the plain-Python ``Observable``s of :mod:`app.state` (and the
:class:`app.ui.app_model.AppModel`); they tell their subscribers about every change, and this hook turns
that into a re-render of exactly the components that read them. Nothing else redraws a screen: no
revision counters, no ``notify()`` from a view.

``select`` narrows what a component depends on: ``use_observable(model, lambda m: (m.ready, m.language))``
re-renders only when that tuple changes, so the page's frame is not redrawn on every balance refresh.

``use_typed(initial)`` holds what a person types or picks in one form control (see :class:`Typed`);
its change handler reads what was typed with ``sent_value(e)`` / ``switched(e)``, never ``e.control.value``.

A screen's own state object lives on the app model, typed and made the first time it is asked for
(``model.topup_search``, ``model.member.caseload``: :mod:`app.state.screens`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import flet as ft

T = TypeVar("T")
O = TypeVar("O")

class Watch:
    """One component's subscription to one state object.

    It subscribes while the component renders (not in an effect after mounting), so a change that
    lands between the render and the mount is not lost: :meth:`mounted` redraws if one did.
    """

    def __init__(self, obj: Any, redraw: Callable[[], None]) -> None:
        self.obj = obj
        self.select: Callable[[Any], Any] | None = None
        self.seen: Any = None
        self.changes = 0  # notifications since the last render
        self._redraw = redraw
        self._unsubscribe = obj.subscribe(self._on_change)

    def rendered(self, select: Callable[[Any], Any] | None) -> None:
        self.select = select
        self.seen = select(self.obj) if select is not None else None
        self.changes = 0

    def _differs(self) -> bool:
        if self.select is None:
            return True
        return self.select(self.obj) != self.seen

    def _on_change(self, _obj: Any) -> None:
        if self._differs():
            self.changes += 1
            self._redraw()

    def mounted(self) -> None:
        if self.changes:
            self._redraw()

    def close(self) -> None:
        self._unsubscribe()


def use_observable(obj: O, select: Callable[[O], Any] | None = None) -> O:
    """Re-render this component when ``obj`` changes (or, with ``select``, when what it selects
    changes); returns ``obj``."""
    _version, set_version = ft.use_state(0)
    ref = ft.use_ref(None)
    watch: Watch | None = ref.current
    if watch is None or watch.obj is not obj:
        if watch is not None:
            watch.close()
        watch = Watch(obj, lambda: set_version(lambda v: v + 1))
        ref.current = watch
    watch.rendered(select)

    def on_mount():
        current = ref.current
        if current is not None:
            current.mounted()

        def on_unmount():
            if ref.current is not None:
                ref.current.close()
                ref.current = None

        return on_unmount

    ft.use_effect(on_mount, [])
    return obj


class Typed(Generic[T]):
    """What a person typed or picked in one form control, as of their last keystroke.

    Flet redraws a component after an event, not during it. A click or Enter that arrives right behind
    the last keystroke runs the handler of the previous drawing, whose local variables do not hold that
    keystroke yet: CI saw a 6-digit authenticator code confirmed as 5 digits ("The code of your
    authenticator app has 6 digits." under a field that showed all six). ``value`` here changes at once
    on every ``set``, so handlers that read it see what is on the screen; ``set`` also asks for the redraw.
    """

    __slots__ = ("value", "_redraw")

    def __init__(self, value: T) -> None:
        self.value = value
        self._redraw: Callable[[T], None] = lambda _value: None

    def set(self, value: T) -> None:
        self.value = value
        self._redraw(value)


def use_typed(initial: T | Callable[[], T]) -> Typed[T]:
    """One form control's value for as long as the component lives (the component's ``use_state`` with a
    value that event handlers can trust)."""
    ref = ft.use_ref(None)
    if ref.current is None:
        ref.current = Typed(initial() if callable(initial) else initial)
    typed: Typed[T] = ref.current
    _drawn, set_drawn = ft.use_state(typed.value)
    typed._redraw = set_drawn
    return typed


def sent_value(e: ft.Event) -> str:
    """What the person typed or picked, as the browser sent it with the change event.

    Not ``e.control.value``: the browser sends the value as a property update and then the event, and a
    redraw of the screen between the two (another field's change, a refresh; on a busy server the event
    waits behind them) draws the control with the state before the keystroke, which resets
    ``e.control.value``. The event's own data is what was typed (seen under load: a postcode lost, a
    log-in pressed with an empty field; tests/app/test_typed.py)."""
    return e.data if isinstance(e.data, str) else str(e.control.value or "")


def switched(e: ft.Event) -> bool:
    """A switch's or checkbox's new position, from the change event's data when it carries one (see
    ``sent_value``)."""
    if isinstance(e.data, bool):
        return e.data
    if e.data in ("true", "false"):
        return e.data == "true"
    return bool(e.control.value)
