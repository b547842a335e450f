"""Which database a `budgetmeter-server` command uses when it is not told: the SQLite file of the app's
embedded server (`budgetmeter`, app/launcher.py), so that `org create`, `operator-key` and `import`
reach the households the app shows instead of a new file in whatever folder they were typed in
(issue 20). The app never imports the server: tests/ops/test_cli_database.py checks that both name
the same file."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

FILE_NAME = "budgetmeter.sqlite3"
ENVIRONMENT = "BUDGETMETER_DATABASE"


def default_database() -> str:
    """`budgetmeter.sqlite3` in the user's data folder (platformdirs), e.g.
    `~/.local/share/budgetmeter/budgetmeter.sqlite3` on Linux. Not created here: opening the store
    makes the folder (server.store.db)."""
    import platformdirs

    return str(Path(platformdirs.user_data_dir("budgetmeter", appauthor=False)) / FILE_NAME)


def shown(database: str) -> str:
    """The database as it may be printed: a PostgreSQL URL without its password."""
    if "://" not in database:
        return database
    parts = urlsplit(database)
    netloc = parts.netloc
    if "@" in netloc:
        credentials, _, host = netloc.rpartition("@")
        user = credentials.partition(":")[0]
        netloc = f"{user}:***@{host}" if ":" in credentials else f"{user}@{host}"
    query = "***" if "password" in parts.query.lower() else parts.query
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def source_of(database_argument: str | None) -> str:
    """Where the database a command uses came from, in a few words."""
    if database_argument:
        return "--database"
    if any(name.upper() == ENVIRONMENT for name in os.environ):
        return ENVIRONMENT
    return "the default: the same file as the app budgetmeter"


def announcement(database: str, database_argument: str | None) -> str:
    """The one line a command prints on stderr before it touches the store."""
    return f"budgetmeter-server: database {shown(database)} ({source_of(database_argument)})"


def database_help() -> str:
    """The --database help of every command."""
    return (
        f"SQLite file path, or a postgresql:// URL (default: {ENVIRONMENT} when set, else the app budgetmeter's "
        f"own SQLite file, {default_database()})"
    )
