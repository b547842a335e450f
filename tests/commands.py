"""`budgetmeter-server` sub-commands run inside the test process, through the same entry point as
`python -m server ARGS` (server.cli.main.main: its parsing, settings, store and output), for tests
that need what a command makes (an organisation, an operator key) rather than the command itself.

A new interpreter per command cost about 0.4 s of CPU each, mostly imports, and the API tests ran
some 120 of them per store. The command as a user types it, in its own process (its exit code, its
first line naming the database, a setting it cannot use), is tested in tests/ops/test_cli_database.py.
"""

from __future__ import annotations

import io
import os
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass


@dataclass(frozen=True)
class Done:
    """What subprocess.run would have given: the exit code and what the command printed."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


def run_command(*args: str, env: dict[str, str] | None = None) -> Done:
    """`budgetmeter-server ARGS` with `env` added to this process's environment for the command's
    duration (settings are read from it, as in the command's own process)."""
    from server.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    os.environ.update(env or {})
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse's usage errors, as the process would exit
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return Done(tuple(args), code, out.getvalue(), err.getvalue())
