"""Observable: assigning a public attribute is what tells the UI; changes() makes one notification."""

from __future__ import annotations

import logging

import pytest

from app.state.observable import Observable


class Counter(Observable):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self.items: list[int] = []
        self._private = 0

    def add(self) -> None:
        self.count += 1

    def reset_all(self) -> None:
        with self.changes():
            self.count = 0
            self.items = []


def record(obj: Observable) -> list[object]:
    seen: list[object] = []
    obj.subscribe(seen.append)
    return seen


def test_assigning_a_public_attribute_notifies_with_the_object() -> None:
    counter = Counter()
    seen = record(counter)
    counter.add()
    assert seen == [counter]
    assert counter.count == 1


def test_underscore_attributes_are_silent() -> None:
    counter = Counter()
    seen = record(counter)
    counter._private = 5
    assert seen == []


def test_assigning_an_equal_plain_value_is_no_change() -> None:
    counter = Counter()
    seen = record(counter)
    counter.count = 0
    assert seen == []
    counter.count = 0.0  # another type is a change (an int that became a float)
    assert len(seen) == 1


def test_a_list_assigned_back_after_an_in_place_change_still_notifies() -> None:
    counter = Counter()
    seen = record(counter)
    items = counter.items
    items.append(1)
    assert seen == []  # in place is not seen ...
    counter.items = items  # ... assigning it is, even though it compares equal to itself
    assert len(seen) == 1


def test_changes_block_makes_one_notification_at_its_end() -> None:
    counter = Counter()
    seen = record(counter)
    counter.count = 3
    seen.clear()
    with counter.changes():
        counter.count = 0
        counter.items = [1]
        counter.notify()
        assert seen == []
    assert seen == [counter]


def test_nested_changes_notify_once_at_the_outermost_end() -> None:
    counter = Counter()
    seen = record(counter)
    with counter.changes():
        counter.count = 1
        with counter.changes():
            counter.count = 2
        assert seen == []
        counter.count = 3
    assert len(seen) == 1


def test_changes_without_a_change_do_not_notify() -> None:
    counter = Counter()
    seen = record(counter)
    with counter.changes():
        counter.count = 0
        counter._private = 9
    assert seen == []


def test_changes_block_that_raises_still_notifies_what_changed() -> None:
    counter = Counter()
    seen = record(counter)
    with pytest.raises(RuntimeError), counter.changes():
        counter.count = 7
        raise RuntimeError("boom")
    assert len(seen) == 1
    with counter.changes():  # the depth went back to zero
        counter.count = 8
    assert len(seen) == 2


def test_unsubscribe_stops_the_callbacks_and_is_idempotent() -> None:
    counter = Counter()
    seen: list[object] = []
    stop = counter.subscribe(seen.append)
    counter.add()
    stop()
    stop()
    counter.add()
    assert len(seen) == 1


def test_a_failing_subscriber_is_logged_and_does_not_stop_the_others(caplog: pytest.LogCaptureFixture) -> None:
    counter = Counter()

    def broken(_obj: object) -> None:
        raise ValueError("subscriber bug")

    counter.subscribe(broken)
    seen = record(counter)
    with caplog.at_level(logging.ERROR, logger="budgetmeter.state"):
        counter.add()
    assert seen == [counter]
    assert counter.count == 1
    assert "A state subscriber failed" in caplog.text


def test_a_subscriber_that_changes_the_object_gets_one_more_round_not_a_recursion() -> None:
    counter = Counter()
    seen: list[int] = []

    def clamp(obj: Counter) -> None:
        seen.append(obj.count)
        if obj.count > 2:
            obj.count = 2

    counter.subscribe(clamp)
    counter.count = 5
    assert seen == [5, 2]
    assert counter.count == 2


def test_a_subscriber_that_never_settles_is_stopped(caplog: pytest.LogCaptureFixture) -> None:
    counter = Counter()
    counter.subscribe(lambda obj: obj.add())
    with caplog.at_level(logging.ERROR, logger="budgetmeter.state"):
        counter.add()
    assert "keep changing Counter" in caplog.text
    assert 2 <= counter.count < 100


def test_explicit_notify_still_works() -> None:
    counter = Counter()
    seen = record(counter)
    counter.notify()
    assert seen == [counter]


def test_assignments_before_observable_init_do_not_fail() -> None:
    class Early(Observable):
        def __init__(self) -> None:
            self.value = 1  # before super().__init__(): nobody can listen yet
            super().__init__()

    early = Early()
    seen = record(early)
    early.value = 2
    assert seen == [early]


def test_property_setters_notify() -> None:
    class Named(Observable):
        def __init__(self) -> None:
            super().__init__()
            self._name = ""

        @property
        def name(self) -> str:
            return self._name

        @name.setter
        def name(self, value: str) -> None:
            self._name = value.strip()

    named = Named()
    seen = record(named)
    named.name = "  An  "
    assert named.name == "An"
    assert len(seen) == 1


def test_a_public_method_is_one_action_with_one_notification() -> None:
    class Form(Observable):
        def __init__(self) -> None:
            super().__init__()
            self.name = ""
            self.errors: dict[str, str] = {}

        def fill(self, name: str) -> str:
            self.name = name
            self.errors = {} if name else {"name": "required"}
            self.notify()  # an explicit notify inside an action adds nothing
            return name

    form = Form()
    seen: list[tuple[str, dict[str, str]]] = []
    form.subscribe(lambda f: seen.append((f.name, f.errors)))
    assert form.fill("") == ""
    assert seen == [("", {"name": "required"})]
    form.fill("An")
    assert seen[-1] == ("An", {}) and len(seen) == 2
    assert Form.fill.__name__ == "fill"


@pytest.mark.anyio
async def test_async_methods_notify_at_each_assignment_so_loading_shows() -> None:
    import anyio

    class Loader(Observable):
        def __init__(self) -> None:
            super().__init__()
            self.loading = False
            self.value = 0

        async def load(self) -> None:
            self.loading = True
            await anyio.sleep(0)
            with self.changes():
                self.value = 42
                self.loading = False

    loader = Loader()
    seen: list[tuple[bool, int]] = []
    loader.subscribe(lambda s: seen.append((s.loading, s.value)))
    await loader.load()
    assert seen == [(True, 0), (False, 42)]


def test_an_overridden_notify_is_not_made_an_action() -> None:
    calls: list[str] = []

    class Logged(Observable):
        def __init__(self) -> None:
            super().__init__()
            self.value = 0

        def notify(self) -> None:
            calls.append("notify")
            super().notify()

    logged = Logged()
    seen = record(logged)
    calls.clear()
    logged.value = 1
    logged.notify()
    assert len(seen) == 2 and calls == ["notify", "notify"]
