"""The server key: never on disk for a store in memory, refused when empty or short, created once and
atomically beside an SQLite file, and required on PostgreSQL so that every worker shares one."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from server.core.settings import MIN_SECRET_KEY_CHARS, Settings, SettingsError
from tests.serverproc import PAYMENT_ENV, TEST_SECRET_KEY, free_port

ROOT = Path(__file__).resolve().parents[2]
MAKE_KEY = re.escape("secrets.token_urlsafe(32)")
# Nothing listens here: a command that tried to connect would fail differently.
NO_POSTGRES = "postgresql://nobody@127.0.0.1:1/none"


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BUDGETMETER_SECRET_KEY")}
    return {**env, **PAYMENT_ENV, "PYTHONPATH": str(ROOT), **extra}


def test_a_store_in_memory_keeps_its_key_in_memory(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("BUDGETMETER_SECRET_KEY", raising=False)
    monkeypatch.chdir(tmp_path)
    settings = Settings(database=":memory:")
    key = settings.resolved_secret_key()
    assert len(key) >= MIN_SECRET_KEY_CHARS and settings.resolved_secret_key() == key
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("key", ["", "   ", "short-key", "x" * (MIN_SECRET_KEY_CHARS - 1)])
def test_an_empty_or_short_key_file_is_refused(tmp_path, key: str) -> None:
    (tmp_path / "s.key").write_text(key)
    for settings in (Settings(database=str(tmp_path / "s.sqlite3")), Settings(secret_key_file=str(tmp_path / "s.key"))):
        with pytest.raises(SettingsError, match=MAKE_KEY):
            settings.resolved_secret_key()


def test_a_short_key_in_the_environment_is_refused() -> None:
    with pytest.raises(SettingsError, match="BUDGETMETER_SECRET_KEY.*" + MAKE_KEY):
        Settings(secret_key="test-secret-key").resolved_secret_key()
    assert Settings(secret_key=TEST_SECRET_KEY).resolved_secret_key() == TEST_SECRET_KEY.encode()


def test_the_key_file_is_made_once_with_mode_0600_and_never_overwritten(tmp_path, monkeypatch) -> None:
    database = tmp_path / "s.sqlite3"
    key = Settings(database=str(database)).resolved_secret_key()
    path = tmp_path / "s.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and path.read_bytes() == key
    # A second process that checked for the file just before the first made it (the race): it must
    # read the first one's key, not write its own over it.
    monkeypatch.setattr(Path, "exists", lambda self: False)
    assert Settings(database=str(database)).resolved_secret_key() == key
    assert path.read_bytes() == key


def test_processes_starting_at_once_share_one_key(tmp_path) -> None:
    database = tmp_path / "s.sqlite3"
    code = f"from server.core.settings import Settings; print(Settings(database={str(database)!r}).resolved_secret_key().decode())"
    env = clean_env()
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT) for _ in range(6)]
    keys = {p.communicate(timeout=60)[0].strip() for p in procs}
    assert keys == {(tmp_path / "s.key").read_text()}


def test_a_key_file_setting_is_shared(tmp_path) -> None:
    shared = tmp_path / "server.key"
    shared.write_text(TEST_SECRET_KEY + "\n")
    one = Settings(database=NO_POSTGRES, secret_key_file=str(shared)).resolved_secret_key()
    assert one == Settings(database=NO_POSTGRES, secret_key_file=str(shared)).resolved_secret_key() == TEST_SECRET_KEY.encode()


def test_postgresql_needs_a_configured_key(tmp_path) -> None:
    with pytest.raises(SettingsError, match="BUDGETMETER_SECRET_KEY_FILE"):
        Settings(database=NO_POSTGRES).resolved_secret_key()
    server = subprocess.run(
        [sys.executable, "-m", "server", "--port", str(free_port()), "--database", NO_POSTGRES],
        env=clean_env(), cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert server.returncode == 2 and "BUDGETMETER_SECRET_KEY" in server.stderr and "token_urlsafe(32)" in server.stderr, server.stderr
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("account_ref,display_name\n")
    imported = subprocess.run(
        [sys.executable, "-m", "server", "import", "accounts", str(accounts), "--database", NO_POSTGRES],
        env=clean_env(), cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert imported.returncode == 2 and "BUDGETMETER_SECRET_KEY" in imported.stderr, imported.stderr
    assert list(tmp_path.glob("*.key")) == []


def test_the_server_refuses_a_short_key_at_start(tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "server", "--port", str(free_port()), "--database", str(tmp_path / "s.sqlite3")],
        env=clean_env(BUDGETMETER_SECRET_KEY="test-secret-key"), cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2 and "token_urlsafe(32)" in done.stderr, done.stderr


def test_settings_keep_their_secrets_out_of_repr(tmp_path) -> None:
    # A settings object printed in a traceback or a debug line must not carry the server key, the mail
    # server's password or the metrics token (SECURITY.md: nothing secret in logs).
    settings = Settings(database=str(tmp_path / "s.sqlite3"), secret_key="k" * 40,
                        smtp_url="smtp://mailer:hunter2-password@127.0.0.1:25", metrics_token="metrics-token-value")  # fmt: skip
    shown = repr(settings) + str(settings)
    for secret in ("k" * 40, "hunter2-password", "metrics-token-value"):
        assert secret not in shown
    assert "s.sqlite3" in shown  # the rest is still there to help
