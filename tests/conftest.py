"""Suite-wide options: `--quick`, the developer's loop, and how the suite spreads over cores.

`python -m pytest -n auto` (the README's command, .ci/run) runs on every core with pytest-xdist:
`--dist loadgroup` (pyproject.toml) keeps each `xdist_group` on one worker. Each test module is a group
(its tests in their order, its fixtures made once); the browser tests form one group together, so they
run one after another in one worker, beside the other modules on the other, and never two Chromium
sessions compete with each other for the cores.

`python -m pytest -n auto --quick` leaves out what a developer need not wait for on every change: the
browser, the benchmarks' smoke runs, the PostgreSQL half of the store tests and the tests marked
`slow` (crashes, multi-process races, fuzzing). CI runs everything."""

from __future__ import annotations

import faulthandler
import os

import pytest

# The longest test takes about 70 s on CI. A test past this limit is hung (once: an axe run in a
# browser page that never returned, holding the whole suite): the worker prints every thread's stack
# and exits, so the run fails at that test within minutes instead of at CI's 90-minute limit
# (BUDGETMETER_TEST_HANG_S changes the limit, to check the watchdog itself).
HUNG_AFTER_S = int(os.environ.get("BUDGETMETER_TEST_HANG_S", "600"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--quick",
        action="store_true",
        help="leave out e2e, benchmark smoke, PostgreSQL and slow tests (the developer's loop; CI runs all)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: minutes of crashes, races or fuzzing; left out by --quick")


def _quick_leaves_out(item: pytest.Item) -> bool:
    path = str(item.fspath).replace("\\", "/")
    return (
        "/tests/e2e/" in path
        or path.endswith("/tests/test_bench_smoke.py")
        or item.get_closest_marker("slow") is not None
        or "postgresql" in getattr(getattr(item, "callspec", None), "params", {}).values()
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = str(item.fspath).replace("\\", "/")
        # Every module on one worker, in its file's order: module fixtures (a server, its test clock) are
        # then made once, and a test that moves a module's clock runs where it always did. Spread test
        # by test, a clock moved by one test met another on the same worker (seen in CI: days left 1, not 3).
        item.add_marker(pytest.mark.xdist_group("e2e" if "/tests/e2e/" in path else path))
    if not config.getoption("--quick"):
        return
    kept = [item for item in items if not _quick_leaves_out(item)]
    left_out = [item for item in items if _quick_leaves_out(item)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    faulthandler.dump_traceback_later(HUNG_AFTER_S, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
