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


def _tree_paths(block: str) -> list[str]:
    """The files and folders a tree drawing names, each with its parents (two spaces a level)."""
    stack: list[tuple[int, str]] = []
    paths = []
    for line in block.splitlines():
        m = re.match(r"^( *)(\S+)", line)
        if not m or not (m.group(2).endswith("/") or m.group(2).endswith(".py")):
            continue
        depth = len(m.group(1))
        names = m.group(2).rstrip(",")
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parent = "".join(name for _, name in stack)
        paths.append(parent + names)
        if names.endswith("/"):
            stack.append((depth, names))
    return paths


def test_the_architecture_document_names_only_what_exists() -> None:
    # Issue 24: a newcomer finds the layers and the owner of each rule from docs/architecture.md, so
    # every folder and file it names must exist: the trees as drawn, and each path in backticks
    # (from the repository's root, server/ or app/).
    text = (ROOT / "docs" / "architecture.md").read_text()
    missing = []
    for block in re.findall(r"```\n(.*?)```", text, flags=re.S):
        missing += [p for p in _tree_paths(block) if not (ROOT / p).exists()]
    prose = re.sub(r"```\n.*?```", "", text, flags=re.S)
    for token in re.findall(r"`([^`\s]+)`", prose):
        path = re.split(r"[(:]", token)[0].rstrip(".,")
        if "/" not in path and not path.endswith(".py") or path.startswith(("/", "../")) or "<" in path:
            continue  # a word, an HTTP path, a place outside the repository, a pattern
        folder, _, name = path.rpartition("/")
        candidates = [path]
        if "." in name and not name.endswith(".py"):  # or module.attribute: the module's file
            candidates.append(f"{folder}/{name.split('.')[0]}.py" if folder else f"{name.split('.')[0]}.py")
        if not any((root / c).exists() for root in (ROOT, ROOT / "server", ROOT / "app") for c in candidates):
            missing.append(path)
    assert missing == [], f"docs/architecture.md names what does not exist: {missing}"


def test_the_server_tree_is_its_layers() -> None:
    # Issue 24: no loose modules between the layers; the composition root and the package's entry
    # points are the only files at server/'s top.
    loose = sorted(p.name for p in (ROOT / "server").glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "main.py"]
