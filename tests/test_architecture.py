"""Layer contracts (pyproject [tool.importlinter]): the app never imports the server, the API client
and state never import Flet or views, screens never call the API client, and the domain rules stay
pure; the client is called through its public methods and screens' state is typed (issue 24)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    result = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout and "KEPT" in result.stdout


def test_the_session_stays_a_thin_front() -> None:
    # The session once grew to one 729-line class with six jobs; its parts now live beside it
    # (vault, authed, sync, device). A new job belongs in a part of its own, not here.
    lines = (ROOT / "app" / "state" / "session.py").read_text().count("\n")
    assert lines < 350, f"app/state/session.py has {lines} lines: move a job into its own module"


def test_the_api_client_is_called_through_its_public_methods() -> None:
    # Issue 24: free functions beside the client once called its private request helpers from outside
    # (10 call sites). Every call is now a method of BudgetmeterClient, through its one _request().
    private = re.compile(r"\.(_request|_get_json|_send_json|_json|_error_from)\(")
    outside = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "app").rglob("*.py"))
        if (ROOT / "app" / "api") not in path.parents
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if private.search(line)
    ]
    assert outside == []


def test_screens_state_is_typed_not_string_keyed() -> None:
    # Issue 24: views once kept their state under string keys (per_session(model, "caseload:{user}")).
    # A screen's state is an attribute of the app model now (app/state/screens.py).
    keyed = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "app").rglob("*.py"))
        if "per_session(" in path.read_text()
    ]
    assert keyed == []
