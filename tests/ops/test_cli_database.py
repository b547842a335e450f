"""`budgetmeter-server` commands without --database use the app's own database, the one `budgetmeter`'s
embedded server runs on, and say which one on stderr (issue 20: `org create`, `operator-key` and
`import` used to make a new `./budgetmeter.sqlite3` wherever they were typed). Real processes, with a
user data folder of the test's own so that the real one is never touched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from app.i18n import Translator
from app.launcher import default_database as app_database
from app.launcher import start_embedded_server, stop_process
from server.core.database_path import default_database as server_database

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A user of their own: HOME and data folder in tmp_path, no database or key in the environment."""
    for name in list(os.environ):
        if name.upper() in ("BUDGETMETER_DATABASE", "BUDGETMETER_SECRET_KEY", "BUDGETMETER_SECRET_KEY_FILE"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    (tmp_path / "work").mkdir()
    return dict(os.environ)


def budgetmeter_server(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """The command as a user types it, in an empty folder of their own."""
    return subprocess.run(
        [sys.executable, "-m", "server", *args], cwd=tmp_path / "work", capture_output=True, text=True,
        env={**env, "PYTHONPATH": str(ROOT)}, timeout=120,
    )  # fmt: skip


def test_the_app_and_the_server_name_the_same_default_file(user) -> None:
    assert Path(server_database()) == app_database()
    assert app_database() == Path(user["XDG_DATA_HOME"]) / "budgetmeter" / "budgetmeter.sqlite3"


def test_org_create_without_database_reaches_the_apps_embedded_server(tmp_path, user) -> None:
    created = budgetmeter_server(
        tmp_path, user, "org", "create", "--name", "OCMW Gent", "--admin-username", "els.admin", "--admin-name", "Els"
    )
    assert created.returncode == 0, created.stderr
    database = app_database()
    assert created.stderr.splitlines()[0] == (
        f"budgetmeter-server: database {database} (the default: the same file as the app budgetmeter)"
    )
    assert not list((tmp_path / "work").iterdir()), "nothing is made in the folder the command was typed in"
    password = created.stdout.strip().splitlines()[-1]

    # The app's embedded server, started as `budgetmeter` starts it, knows the new administrator.
    url, process = start_embedded_server(Translator("en"))
    try:
        r = httpx.post(f"{url}/api/v1/auth/staff", json={"username": "els.admin", "password": password}, timeout=10)
        assert r.status_code == 200, r.text
        assert r.json()["scope"] == "staff_setup"
    finally:
        stop_process(process)


@pytest.mark.parametrize(
    "args",
    [("operator-key", "create", "--name", "back-office"), ("operator-key", "list"), ("import", "readings", "r.csv"), ("sweep",)],
    ids=["operator-key-create", "operator-key-list", "import", "sweep"],
)
def test_every_command_says_which_database_it_uses(tmp_path, user, args) -> None:
    (tmp_path / "work" / "r.csv").write_text(
        "event_id,ean,read_at,balance_cents,emergency_credit_available_cents,emergency_credit_in_use,minimum_supply_active\n"
    )
    done = budgetmeter_server(tmp_path, user, *args)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[0] == (
        f"budgetmeter-server: database {app_database()} (the default: the same file as the app budgetmeter)"
    )
    assert app_database().is_file()
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == ["r.csv"]
    # Told, it says so (and the file is where it was told to be).
    told = budgetmeter_server(tmp_path, user, *args, "--database", "told.sqlite3")
    assert told.stderr.splitlines()[0] == "budgetmeter-server: database told.sqlite3 (--database)"
    assert (tmp_path / "work" / "told.sqlite3").is_file()


def test_a_postgresql_password_is_never_printed(tmp_path, user) -> None:
    done = budgetmeter_server(tmp_path, user, "operator-key", "list", "--database", "postgresql://bm:s3cret@127.0.0.1:1/bm")
    assert done.returncode != 0
    assert done.stderr.splitlines()[0] == "budgetmeter-server: database postgresql://bm:***@127.0.0.1:1/bm (--database)"
    assert "s3cret" not in done.stdout + done.stderr


def test_help_lists_every_command_on_a_line_of_its_own(tmp_path, user) -> None:
    shown = budgetmeter_server(tmp_path, user, "--help")
    assert shown.returncode == 0
    lines = shown.stdout.splitlines()
    for command in ("org create", "operator-key create|list|revoke", "import KIND FILE", "worker", "sweep"):
        assert [line for line in lines if line.strip().startswith(command + " ")], (command, shown.stdout)
    assert str(app_database()) in shown.stdout.replace("\n", " ")


@pytest.mark.parametrize(
    "args",
    [(), ("operator-key", "list"), ("import", "readings", "r.csv"), ("sweep",), ("worker",),
     ("org", "create", "--name", "OCMW Gent", "--admin-username", "els.admin", "--admin-name", "Els")],
    ids=["serve", "operator-key", "import", "sweep", "worker", "org"],
)  # fmt: skip
def test_a_setting_that_cannot_be_used_is_one_line_naming_it(tmp_path, user, args) -> None:
    """A typo in the environment is one sentence naming the variable, on every command, not a
    traceback; and the value is not repeated (it may be a secret's neighbour pasted wrongly)."""
    (tmp_path / "work" / "r.csv").write_text("event_id,ean,read_at,balance_cents\n")
    env = {**user, "BUDGETMETER_PASSWORD_HASHING": "weak-typo", "BUDGETMETER_DATABASE": str(tmp_path / "x.sqlite3")}
    done = budgetmeter_server(tmp_path, env, *args)
    assert done.returncode == 2
    assert done.stderr == (
        "budgetmeter-server: BUDGETMETER_PASSWORD_HASHING is not usable: Input should be 'rfc9106' or 'owasp-minimum'.\n"
    )
    assert "weak-typo" not in done.stdout + done.stderr
    assert not (tmp_path / "x.sqlite3").exists(), "nothing is made with settings that cannot be used"
