"""The app's settings: defaults, BUDGETMETER_* overrides, one sentence for a bad value, and the
places that use them (the UI model's API client, the launcher, the entry's API address)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.settings import AppSettings, SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]
OURS = (
    "BUDGETMETER_API_URL",
    "BUDGETMETER_API_TIMEOUT",
    "BUDGETMETER_API_CONNECT_TIMEOUT",
    "BUDGETMETER_API_ATTEMPTS",
    "BUDGETMETER_REFRESH_SECONDS",
    "BUDGETMETER_OFFLINE_RETRY_SECONDS",
    "LC_ALL",
    "LC_MESSAGES",
    "LANG",
    "LANGUAGE",
)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in OURS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults(env: pytest.MonkeyPatch) -> None:
    s = load_settings()
    assert s.api_url == "http://127.0.0.1:8000"
    assert (s.api_timeout, s.api_connect_timeout, s.api_attempts) == (8.0, 3.0, 2)
    assert (s.refresh_seconds, s.offline_retry_seconds) == (300.0, 30.0)
    assert s.client_options() == {"attempts": 2, "connect_timeout": 3.0, "read_timeout": 8.0}
    assert s.locale_language is None


def test_environment_overrides(env: pytest.MonkeyPatch) -> None:
    env.setenv("BUDGETMETER_API_URL", "https://api.example.be")
    env.setenv("BUDGETMETER_API_TIMEOUT", "2")
    env.setenv("BUDGETMETER_API_ATTEMPTS", "1")
    env.setenv("BUDGETMETER_REFRESH_SECONDS", "60")
    env.setenv("BUDGETMETER_OFFLINE_RETRY_SECONDS", "2.5")
    env.setenv("BUDGETMETER_DATABASE", "server.sqlite3")  # the server's: ignored here
    s = load_settings()
    assert s.api_url == "https://api.example.be"
    assert (s.refresh_seconds, s.offline_retry_seconds) == (60.0, 2.5)
    # A connection never waits longer than an answer would.
    assert s.client_options() == {"attempts": 1, "connect_timeout": 2.0, "read_timeout": 2.0}


def test_arguments_win_over_the_environment(env: pytest.MonkeyPatch) -> None:
    env.setenv("BUDGETMETER_API_URL", "https://api.example.be")
    assert load_settings(api_url="http://127.0.0.1:9999").api_url == "http://127.0.0.1:9999"


@pytest.mark.parametrize(
    "name,value",
    [
        ("BUDGETMETER_API_TIMEOUT", "eight"),
        ("BUDGETMETER_API_TIMEOUT", "0"),
        ("BUDGETMETER_OFFLINE_RETRY_SECONDS", "-1"),
        ("BUDGETMETER_API_ATTEMPTS", "0"),
        ("BUDGETMETER_API_URL", ""),
    ],
)
def test_a_bad_value_is_one_sentence_naming_the_variable(env: pytest.MonkeyPatch, name: str, value: str) -> None:
    env.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith(f"{name} is not usable: ") and message.endswith(".") and "\n" not in message


def test_locale_language_skips_unsupported_locales(env: pytest.MonkeyPatch) -> None:
    env.setenv("LC_ALL", "C.UTF-8")
    env.setenv("LANG", "fr_BE.UTF-8")
    env.setenv("LANGUAGE", "de")
    assert AppSettings().locale_language == "fr"
    env.setenv("LC_MESSAGES", "en_GB")
    assert AppSettings().locale_language == "en"


def test_the_ui_model_builds_its_client_from_the_settings(env: pytest.MonkeyPatch) -> None:
    from app.ui.app_model import AppModel

    env.setenv("BUDGETMETER_API_TIMEOUT", "2")
    env.setenv("BUDGETMETER_API_ATTEMPTS", "3")
    api = AppModel("http://127.0.0.1:9").session.api
    timeout = api._http.timeout
    assert (timeout.read, timeout.connect, api.attempts) == (2.0, 2.0, 3)


def test_launcher_refuses_a_bad_setting_with_one_sentence() -> None:
    env = {k: v for k, v in os.environ.items() if k not in OURS}
    env |= {"BUDGETMETER_API_TIMEOUT": "soon", "PYTHONPATH": str(ROOT), "LANG": "en_GB.UTF-8"}
    run = subprocess.run(
        [sys.executable, "-m", "app.launcher", "--api-url", "http://127.0.0.1:9"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        "budgetmeter: BUDGETMETER_API_TIMEOUT is not usable: Input should be a valid number, "
        "unable to parse string as a number."
    ]


def test_no_module_of_the_app_reads_the_environment_itself() -> None:
    readers = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "app").rglob("*.py")
        if path.name != "settings.py"
        and any(word in path.read_text() for word in ("os.environ.get(", "os.getenv(", "os.environ["))
    ]
    assert readers == []
