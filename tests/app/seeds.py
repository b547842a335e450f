"""Where the seed documents are: ``../shared/seeds`` beside the repository root, wherever it is checked
out. Outside CI a missing folder skips the quote tests; under ``CI=true`` it fails them, so a CI run
can never pass by quietly checking nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def require_seeds() -> Path:
    if not SEEDS.is_dir():
        message = f"the seed documents are not at {SEEDS}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return SEEDS
