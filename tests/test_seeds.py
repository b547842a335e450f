"""tests/seeds.py: the seed documents are found beside the repository, and under CI a missing folder
fails the quote tests instead of letting them skip."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.seeds import REPO_ROOT, seeds_location

QUOTE_TEST = """
from tests.seeds import require_seeds, seeds_dir

SEEDS = seeds_dir()


def test_quote():
    assert (require_seeds() / "README.md").is_file()
"""


def run_quote_test(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    test_file = tmp_path / "test_quote.py"
    test_file.write_text(QUOTE_TEST)
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "BUDGETMETER_SEEDS")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", str(test_file)],
        cwd=REPO_ROOT,
        env={**clean, "PYTHONPATH": str(REPO_ROOT), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_default_location_is_beside_the_repository(monkeypatch) -> None:
    monkeypatch.delenv("BUDGETMETER_SEEDS", raising=False)
    assert seeds_location() == REPO_ROOT.parent / "shared" / "seeds"
    monkeypatch.setenv("BUDGETMETER_SEEDS", "/elsewhere/seeds")
    assert seeds_location() == Path("/elsewhere/seeds")


@pytest.mark.slow  # a pytest run of its own
def test_found_seeds_are_used(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "README.md").write_text("# seeds\n")
    for ci in ("true", "false"):
        done = run_quote_test(tmp_path, BUDGETMETER_SEEDS=str(seeds), CI=ci)
        assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout + done.stderr


@pytest.mark.slow  # a pytest run of its own
def test_missing_seeds_fail_under_ci(tmp_path: Path) -> None:
    done = run_quote_test(tmp_path, BUDGETMETER_SEEDS=str(tmp_path / "nowhere"), CI="true")
    assert done.returncode != 0 and "passed" not in done.stdout.splitlines()[-1], done.stdout
    assert "the seed documents are not at" in done.stdout


@pytest.mark.slow  # a pytest run of its own
def test_missing_seeds_skip_with_the_reason_outside_ci(tmp_path: Path) -> None:
    done = run_quote_test(tmp_path, BUDGETMETER_SEEDS=str(tmp_path / "nowhere"))
    assert done.returncode == 0 and "1 skipped" in done.stdout, done.stdout
    assert "the seed documents are not at" in done.stdout
