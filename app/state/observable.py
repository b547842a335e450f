"""The tiny observer pattern the UI re-renders with.

    unsubscribe = state.subscribe(lambda s: page.update())
    ...
    unsubscribe()

Callbacks are called synchronously with the state object after each change. A callback that raises is
logged and does not stop the others or the state change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger("budgetmeter.state")

Callback = Callable[[Any], Any]


class Observable:
    def __init__(self) -> None:
        self._subscribers: list[Callback] = []

    def subscribe(self, callback: Callback) -> Callable[[], None]:
        """Call ``callback(self)`` on every change; returns the function that stops it."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            try:
                self._subscribers.remove(callback)
            except ValueError:
                pass

        return unsubscribe

    def notify(self) -> None:
        for callback in list(self._subscribers):
            try:
                callback(self)
            except Exception:
                log.exception("A state subscriber failed")
