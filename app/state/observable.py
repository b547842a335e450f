"""The one way the UI learns that state changed: assigning a public attribute.

    class Counter(Observable):
        def __init__(self):
            super().__init__()
            self.count = 0

        def add(self):
            self.count += 1          # subscribers are told, no notify() to forget

        def reset_all(self):
            with self.changes():     # several assignments, one notification
                self.count = 0
                self.label = ""

    unsubscribe = counter.subscribe(lambda c: page.update())
    ...
    unsubscribe()

Why on assignment: a state object that has to call ``notify()`` after each change leaves a stale screen
the day someone forgets it. Assigning a public attribute (one not starting with ``_``) is the change;
underscore attributes are bookkeeping and stay silent. Mutating a list or an object held in a public
attribute in place is *not* seen: assign a new value instead (``self.items = [*self.items, x]``).

``changes()`` coalesces: inside it (nested too) assignments and ``notify()`` calls only mark the object
dirty, and one notification goes out when the outermost block ends. Every public plain (not ``async``)
method of a subclass runs inside ``changes()`` by itself, so one action is one notification, however
many attributes it sets. ``async`` methods are not wrapped, and ``await`` must stay out of a
``changes()`` block: the screen should show ``loading = True`` while a call is under way.

Callbacks are called synchronously with the state object. A callback that raises is logged and does
not stop the others or the state change. A callback that changes the object again causes one more
round after the current one, not a recursion.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

log = logging.getLogger("budgetmeter.state")

Callback = Callable[[Any], Any]

# Assigning an equal value of these types is not a change (a ``loading = False`` that was already
# False). Anything else notifies even when equal: a list changed in place and assigned back compares
# equal to itself, and skipping it would be the stale screen this module exists to prevent.
_VALUE_TYPES = (type(None), bool, int, float, str, bytes)
_MAX_ROUNDS = 20
_MISSING = object()


class Observable:
    def __init__(self) -> None:
        object.__setattr__(self, "_subscribers", [])
        object.__setattr__(self, "_batch_depth", 0)
        object.__setattr__(self, "_dirty", False)
        object.__setattr__(self, "_notifying", False)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, member in list(vars(cls).items()):
            # Observable's own methods stay as they are, also when overridden: a notify() that ran
            # inside changes() would only mark itself dirty again, forever.
            if not name.startswith("_") and name not in vars(Observable) and _is_plain_function(member):
                setattr(cls, name, _one_action(member))

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
            return
        old = self.__dict__.get(name, _MISSING)
        object.__setattr__(self, name, value)
        if old is not _MISSING and type(old) is type(value) and isinstance(value, _VALUE_TYPES) and old == value:
            return
        self.notify()

    def subscribe(self, callback: Callback) -> Callable[[], None]:
        """Call ``callback(self)`` on every change; returns the function that stops it."""
        self._ensure_observable()
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            try:
                self._subscribers.remove(callback)
            except ValueError:
                pass

        return unsubscribe

    @contextmanager
    def changes(self) -> Iterator[None]:
        """Assignments inside the block make one notification at its end (only if something
        changed). Nests; an exception still notifies what was changed before it."""
        self._ensure_observable()
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if self._batch_depth == 0 and self._dirty:
                self._dirty = False
                self.notify()

    def notify(self) -> None:
        """Tell the subscribers now (or at the end of the current ``changes()`` block). Assignment
        already does this; call it only for a change assignment cannot express."""
        if "_subscribers" not in self.__dict__:
            return  # a subclass assigning before Observable.__init__ ran: nobody can listen yet
        if self._batch_depth or self._notifying:
            self._dirty = True
            return
        self._notifying = True
        try:
            for _ in range(_MAX_ROUNDS):
                self._dirty = False
                for callback in list(self._subscribers):
                    try:
                        callback(self)
                    except Exception:
                        log.exception("A state subscriber failed")
                if not self._dirty:
                    return
            log.error("State subscribers keep changing %s; stopped after %d rounds", type(self).__name__, _MAX_ROUNDS)
        finally:
            self._notifying = False
            self._dirty = False

    def _ensure_observable(self) -> None:
        if "_subscribers" not in self.__dict__:
            Observable.__init__(self)


def _is_plain_function(member: Any) -> bool:
    return (
        inspect.isfunction(member)
        and not inspect.iscoroutinefunction(member)
        and not inspect.isgeneratorfunction(member)
        and not inspect.isasyncgenfunction(member)
    )


def _one_action(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` with its assignments and notify() calls made into one notification at its end."""

    @functools.wraps(method)
    def action(self: Observable, *args: Any, **kwargs: Any) -> Any:
        with self.changes():
            return method(self, *args, **kwargs)

    return action
