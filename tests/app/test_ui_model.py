"""The one way screens are redrawn: the app model passes the session's changes on, and a component's
``Watch`` turns a change into a redraw (all changes, or only those of what it selects)."""

from __future__ import annotations

import pytest

from app.credentials import MemoryPreferenceStore, MemorySecretStore
from app.state.observable import Observable
from app.ui.app_model import AppModel
from app.ui.hooks import Watch


class Counter(Observable):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self.label = "a"

    def add(self) -> None:
        self.count += 1
        self.notify()  # kept explicit: works whether or not assignment notifies


def test_watch_redraws_on_every_change_without_select() -> None:
    counter, redraws = Counter(), []
    watch = Watch(counter, lambda: redraws.append(counter.count))
    watch.rendered(None)
    counter.add()
    counter.add()
    assert redraws and redraws[-1] == 2


def test_watch_with_select_redraws_only_when_the_selection_changes() -> None:
    counter, redraws = Counter(), []
    watch = Watch(counter, lambda: redraws.append(counter.label))
    watch.rendered(lambda c: c.label)
    counter.add()
    assert redraws == []
    counter.label = "b"
    counter.notify()
    assert redraws and redraws[-1] == "b"
    watch.rendered(lambda c: c.label)  # the redraw rendered "b"
    redraws.clear()
    counter.add()
    assert redraws == []


def test_a_change_between_render_and_mount_is_redrawn_at_mount() -> None:
    counter, redraws = Counter(), []
    watch = Watch(counter, lambda: redraws.append("redraw"))
    watch.rendered(None)
    counter.add()  # the component is not mounted yet: Flet drops this redraw
    redraws.clear()
    watch.mounted()
    assert redraws == ["redraw"]


def test_nothing_to_redraw_at_mount_when_nothing_changed() -> None:
    counter, redraws = Counter(), []
    watch = Watch(counter, lambda: redraws.append("redraw"))
    watch.rendered(None)
    watch.mounted()
    assert redraws == []


def test_a_closed_watch_no_longer_follows() -> None:
    counter, redraws = Counter(), []
    watch = Watch(counter, lambda: redraws.append("redraw"))
    watch.rendered(None)
    watch.close()
    counter.add()
    assert redraws == []


def test_language_before_start_follows_the_device() -> None:
    model = AppModel("http://127.0.0.1:9", device_locale="fr_BE")
    assert model.language == "fr" and model.t.language == "fr"
    assert not model.logged_in and not model.ready


@pytest.mark.anyio
async def test_the_model_passes_session_changes_on_and_keeps_the_theme() -> None:
    model = AppModel("http://127.0.0.1:9")  # nothing listens there: start() must not need the server
    seen: list[tuple[bool, str]] = []
    model.subscribe(lambda m: seen.append((m.ready, m.theme)))
    prefs = MemoryPreferenceStore({"theme": "dark"})
    await model.start(MemorySecretStore(), prefs, "de_BE")
    assert model.ready and model.theme == "dark" and model.language == "de"
    assert seen and seen[-1] == (True, "dark")

    seen.clear()
    model.session.notify()
    assert seen and set(seen) == {(True, "dark")}

    seen.clear()
    model.session.language_choice = "fr"  # a public assignment on the session is a change too
    assert seen and model.language == "fr"

    seen.clear()
    await model.set_theme("system")
    assert seen and seen[-1] == (True, "system")
    assert await prefs.get("theme") == "system"

    await model.set_theme("purple")  # not a theme: the light one
    assert model.theme == "light"
