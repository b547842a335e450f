"""Where the seed documents (the Dutch sources the domain rules quote) are, for the tests that check
each quote against them.

They sit beside the repository, at `<repo root>/../shared/seeds`, or where BUDGETMETER_SEEDS says.
Under CI (CI=true) missing seeds fail the run: a quote test that silently skips there would pass
without checking anything. Elsewhere the quote tests skip, saying why.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def seeds_location() -> Path:
    """Where the seeds should be: BUDGETMETER_SEEDS, else <repo root>/../shared/seeds."""
    override = os.environ.get("BUDGETMETER_SEEDS")
    return Path(override) if override else REPO_ROOT.parent / "shared" / "seeds"


def missing_reason(location: Path) -> str:
    return f"the seed documents are not at {location} (set BUDGETMETER_SEEDS to their folder)"


def seeds_dir() -> Path:
    """The seeds' folder. When it is missing: under CI this fails at once (the test module cannot even
    be collected); elsewhere the folder is returned anyway, for `skipif(not SEEDS.is_dir(), ...)`."""
    location = seeds_location()
    if not location.is_dir() and _in_ci():
        pytest.fail(missing_reason(location), pytrace=False)
    return location


def require_seeds() -> Path:
    """For use inside a test: the seeds' folder, else a failure under CI or a skip with the reason."""
    location = seeds_dir()
    if not location.is_dir():
        pytest.skip(missing_reason(location))
    return location
