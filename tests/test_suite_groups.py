"""The suite's spread over cores holds: a test module runs on one xdist worker, all of it (tests/conftest.py
schedules by module). Checked on a small module of its own, run the way .ci/run runs
the suite (-n 2, pyproject.toml's options, this conftest)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

MODULE = '''
import os
from pathlib import Path

import pytest


@pytest.mark.parametrize("n", range(8))
def test_writes_its_worker(n):
    out = Path(os.environ["GROUPS_OUT"])
    with out.open("a") as f:
        f.write(os.environ.get("PYTEST_XDIST_WORKER", "none") + "\\n")
'''


def test_a_module_runs_on_one_worker(tmp_path: Path) -> None:
    (tmp_path / "test_spread.py").write_text(MODULE)
    out = tmp_path / "workers.txt"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "2", "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(tmp_path),
         "-p", "tests.conftest", "-p", "no:cacheprovider", str(tmp_path / "test_spread.py")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "GROUPS_OUT": str(out), "PYTHONPATH": str(ROOT)},
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    workers = out.read_text().split()
    assert len(workers) == 8 and len(set(workers)) == 1, workers


HANGING = """
import time


def test_hangs():
    time.sleep(60)
"""


def test_a_hung_test_fails_the_run_with_its_stack(tmp_path: Path) -> None:
    """The watchdog (tests/conftest.py) stops a worker whose test runs past the limit, and the run's
    summary prints where it hung, although pytest captured the worker's stderr."""
    (tmp_path / "test_hang.py").write_text(HANGING)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "2", "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(tmp_path),
         "-p", "tests.conftest", "-p", "no:cacheprovider", str(tmp_path / "test_hang.py")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "BUDGETMETER_TEST_HANG_S": "2", "BUDGETMETER_HUNG_DUMPS": str(tmp_path / "hung"),
             "PYTHONPATH": str(ROOT)},
    )
    assert run.returncode != 0, run.stdout[-3000:]
    assert "hung test" in run.stdout and "test_hang.py::test_hangs" in run.stdout, run.stdout[-3000:]
    assert 'line 6 in test_hangs' in run.stdout, run.stdout[-3000:]  # the stack, down to the sleeping line
