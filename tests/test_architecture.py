"""Layer contracts (pyproject [tool.importlinter]): the app never imports the server, the API client
and state never import Flet or views, and the domain rules stay pure."""

from __future__ import annotations

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
