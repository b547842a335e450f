"""A preference that cannot be read is logged and shown (``session.storage_problem``), never a silent
default that makes saved clients vanish. No server needed: nothing here reaches the network."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from app.api.client import BudgetmeterClient
from app.credentials import JsonFilePreferenceStore, MemoryPreferenceStore, MemorySecretStore
from app.state import Session
from app.state.device import DeviceRecords, WatchedPreferences
from app.state.profiles import PROFILES_KEY

pytestmark = pytest.mark.anyio

GOOD = {
    "id": "p1",
    "display_name": "Marie Claes",
    "prepaid_code_masked": "•••• •••• 99",
    "postal_code": "3000",
    "login_kind": "prepaid",
}


def make_session(prefs: Any) -> tuple[Session, list[str | None]]:
    session = Session(BudgetmeterClient("http://127.0.0.1:9"), prefs=prefs, secrets=MemorySecretStore())
    seen: list[str | None] = []
    session.subscribe(lambda s: seen.append(s.storage_problem))
    return session, seen


class DeviceStorageGoneAway(MemoryPreferenceStore):
    """A device storage whose reads of some keys fail (a browser that dropped the connection)."""

    def __init__(self, failing: set[str], initial: dict[str, Any] | None = None) -> None:
        super().__init__(initial)
        self.failing = failing

    async def get(self, key: str, default: Any = None) -> Any:
        if key in self.failing:
            raise TimeoutError("storage call timed out")
        return await super().get(key, default)


async def test_healthy_storage_has_no_problem() -> None:
    session, _ = make_session(MemoryPreferenceStore({PROFILES_KEY: [GOOD]}))
    await session.load()
    assert session.storage_problem is None and [p.display_name for p in session.profiles] == ["Marie Claes"]


async def test_a_damaged_preferences_file_is_moved_aside_and_shown(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "preferences.json"
    path.write_text('{"profiles": [{"display_name": "Marie Claes", "postal_code": "30', encoding="utf-8")
    session, seen = make_session(JsonFilePreferenceStore(path))
    with caplog.at_level(logging.WARNING):
        await session.load()
    assert session.storage_problem == "preferences_unreadable" and "preferences_unreadable" in seen
    assert session.profiles == []
    assert (tmp_path / "preferences.json.corrupt").exists()  # kept for whoever wants to recover it
    assert "unreadable" in caplog.text and "Marie" not in caplog.text and "3000" not in caplog.text


async def test_damaged_saved_clients_are_left_out_and_shown(caplog: pytest.LogCaptureFixture) -> None:
    broken = {**GOOD, "id": "p2", "display_name": "Youssef", "login_kind": "carrier pigeon"}
    session, _ = make_session(MemoryPreferenceStore({PROFILES_KEY: [GOOD, broken, "garbage"]}))
    with caplog.at_level(logging.WARNING):
        await session.load()
    assert [p.id for p in session.profiles] == ["p1"]
    assert session.storage_problem == "saved_clients_damaged"
    assert "2 saved client profile(s)" in caplog.text and "Youssef" not in caplog.text


async def test_a_read_that_fails_gives_the_default_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    prefs = DeviceStorageGoneAway({PROFILES_KEY}, {PROFILES_KEY: [GOOD], "theme": "dark"})
    session, seen = make_session(prefs)
    with caplog.at_level(logging.WARNING):
        await session.load()
    assert session.profiles == [] and session.storage_problem == "preferences_unreadable"
    assert seen and seen[-1] == "preferences_unreadable"
    assert "'profiles'" in caplog.text and "TimeoutError" in caplog.text and "Marie" not in caplog.text
    assert await session.prefs.get("theme") == "dark"  # other keys still read


async def test_a_later_failed_read_is_shown_too() -> None:
    prefs = DeviceStorageGoneAway(set(), {PROFILES_KEY: [GOOD]})
    session, _ = make_session(prefs)
    await session.load()
    assert session.storage_problem is None
    prefs.failing.add("theme")
    assert await session.prefs.get("theme", "light") == "light"
    assert session.storage_problem == "preferences_unreadable"


async def test_flet_shared_preferences_without_a_client_reports_its_failed_read() -> None:
    from app.platform.stores import SharedPreferencesStore

    store = SharedPreferencesStore()  # no page: every call to the client fails
    problems: list[str] = []
    records = DeviceRecords(store, on_problem=problems.append)
    remembered = await records.load()
    assert remembered.profiles == [] and store.read_problem == "preferences_unreadable"
    assert problems and set(problems) == {"preferences_unreadable"}


async def test_watched_preferences_pass_writes_through() -> None:
    inner = MemoryPreferenceStore()
    watched = WatchedPreferences(inner, on_problem=lambda code: pytest.fail(code))
    await watched.set("theme", "dark")
    assert await watched.get("theme") == "dark" and json.dumps(inner.snapshot()) == '{"theme": "dark"}'
    await watched.delete("theme")
    assert await watched.get("theme", "light") == "light"
