"""Suite-wide options: `--quick`, the developer's loop, and how the suite spreads over cores.

`python -m pytest -n auto` (the README's command, .ci/run) runs on every core with pytest-xdist, a
worker a core and one more (`pytest_xdist_auto_num_workers` below):
`ModuleScheduling` below keeps each test module on one worker (its tests in their order, its fixtures
made once); the browser tests form one unit together, so they run one after another in one worker,
beside the other modules on the others, and never two browser tests compete for the cores
(each benchmark smoke run is a unit of its own); the longest units start first, the smoke runs last.

`python -m pytest -n auto --quick` leaves out what a developer need not wait for on every change: the
browser, the benchmarks' smoke runs, the PostgreSQL half of the store tests and the tests marked
`slow` (crashes, multi-process races, restarts, fuzzing), and runs two workers a core
(`pytest_xdist_auto_num_workers` below). CI runs everything."""

from __future__ import annotations

import faulthandler
import functools
import os
from pathlib import Path

import httpx
import httpx._transports.default
import pytest
from xdist.scheduler import LoadScopeScheduling

# The longest test takes about 70 s on CI. A test past this limit is hung (an axe run in a browser
# page that never returned, holding the whole suite): the worker writes every thread's stack to
# HUNG_DUMPS and exits, so the run fails at that test within minutes instead of at CI's 90-minute
# limit, and the run's summary prints the stacks (BUDGETMETER_TEST_HANG_S changes the limit, to check
# the watchdog itself). A file, not stderr: pytest captures the worker's fd 2, and a process that
# exits from the watchdog never hands its capture back (the stacks of a hang were lost that way).
HUNG_AFTER_S = int(os.environ.get("BUDGETMETER_TEST_HANG_S", "600"))
HUNG_DUMPS = Path(os.environ.get("BUDGETMETER_HUNG_DUMPS") or Path(__file__).resolve().parents[1] / "artifacts" / "hung-tests")


# httpx loads the CA bundle again for every client it makes (httpx.get included): about 25 ms of CPU
# each, and the suite makes thousands (every readiness poll of a starting server, every property-test
# example). The tests' clients share one default context instead, as the app's do
# (app.api.transport.tls_context), but a context of their own: were it the app's,
# tests/app/test_client_transport.py could no longer tell whether the app passes its context. The
# tests speak plain http to loopback; what a client would verify over https does not change. (A
# private name of the pinned httpx: if it moves, this line fails loudly.)
_create_tls_context = httpx._transports.default.create_ssl_context
_default_tls_context = functools.cache(lambda: _create_tls_context())


def _tls_context(verify=True, cert=None, trust_env=True):
    if verify is True and cert is None and trust_env:
        return _default_tls_context()
    return _create_tls_context(verify=verify, cert=cert, trust_env=trust_env)


httpx._transports.default.create_ssl_context = _tls_context


# Every server, CLI command and in-process app of the suite hashes new passwords at OWASP's argon2id
# minimum instead of RFC 9106's 64 MiB (server.core.security.PASSWORD_HASHING): the suite makes and
# logs in hundreds of staff members, and those hashes were a tenth of its CPU. The default itself is
# held by tests/api/test_password_hashing.py, on a server started without this setting.
os.environ.setdefault("BUDGETMETER_PASSWORD_HASHING", "owasp-minimum")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--quick",
        action="store_true",
        help="leave out e2e, benchmark smoke, PostgreSQL and slow tests (the developer's loop; CI runs all)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: crashes, races, restarts or fuzzing; left out by --quick")


def _quick_leaves_out(item: pytest.Item) -> bool:
    path = str(item.fspath).replace("\\", "/")
    return (
        "/tests/e2e/" in path
        or path.endswith("/tests/test_bench_smoke.py")
        or item.get_closest_marker("slow") is not None
        or "postgresql" in getattr(getattr(item, "callspec", None), "params", {}).values()
    )


BENCH_SMOKE = "tests/test_bench_smoke.py"


class ModuleScheduling(LoadScopeScheduling):
    """How xdist spreads the suite: each test module is one unit of work, run on one worker in its
    file's order, so module fixtures (a server, a try-local region on fixed ports, a test clock) are
    made once; the browser tests are one unit together, so two Chromium never compete for the cores.

    Decided here from the test ids, not by ``xdist_group`` markers: xdist 3.8 adds a group to a test's
    id in a way pytest 9 ignores, and every test was then scheduled on its own (a module's tests on
    both workers: two try-local regions on port 8080, a moved clock meeting another module's test)."""

    def __init__(self, config: pytest.Config, log=None) -> None:
        super().__init__(config, log)
        config.option.loadscopereorder = False  # collection order: the browser tests first (below)

    def _split_scope(self, nodeid: str) -> str:
        module = nodeid.split("::", 1)[0]
        if module.startswith("tests/e2e/"):
            return "e2e"
        # Each benchmark's smoke run is a process of its own, sharing nothing with the others: a unit
        # each, so the two minutes they take together spread over the workers.
        return nodeid if module == BENCH_SMOKE else module


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """How many workers `-n auto` starts: more than cores, since the tests wait (servers starting,
    mail arriving, a throttle's delay, the browser drawing) more than they compute.

    - the whole suite: one a core, and one more for the browser tests, whose worker mostly waits on
      Chromium and the app (measured on 2 cores: with two workers the cores stood idle 25 % of the
      run, 659 s; with three, 10 %, 519 s, the browser tests' own time unchanged, 457 -> 466 s);
    - `--quick`, without the browser: two a core (its runs used 60 % of two cores with two workers).

    PYTEST_XDIST_AUTO_NUM_WORKERS still decides when set."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    cores = len(os.sched_getaffinity(0))
    return 2 * cores if config.getoption("--quick") else cores + 1


def pytest_xdist_make_scheduler(config: pytest.Config, log) -> ModuleScheduling:
    return ModuleScheduling(config, log)


def _start_rank(item: pytest.Item, slow_modules: set[str]) -> int:
    """The longest units first (a long unit started last is the run's long tail while the other
    workers idle): the browser tests (minutes, on one worker), then the modules with a `slow` test
    (tens of seconds each), then the rest in their order; the benchmarks' smoke runs last, one unit
    each, spread over the workers once the browser tests are done. Started beside the browser tests
    and the slow modules, the smoke runs (Chromium, nginx, several servers each) took the load to 7.8
    on 2 cores, and bench.app_start's log-in once did not finish in its 60 s."""
    path = str(item.path).replace("\\", "/")
    if "/tests/e2e/" in path:
        return 0
    if path.endswith("/" + BENCH_SMOKE):
        return 3
    if path in slow_modules:
        return 1
    return 2


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    slow_modules = {str(item.path).replace("\\", "/") for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: _start_rank(item, slow_modules))  # stable: a module keeps its order
    if not config.getoption("--quick"):
        return
    kept = [item for item in items if not _quick_leaves_out(item)]
    left_out = [item for item in items if _quick_leaves_out(item)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


_hung_dump = None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    global _hung_dump
    if _hung_dump is None:
        HUNG_DUMPS.mkdir(parents=True, exist_ok=True)
        _hung_dump = open(HUNG_DUMPS / f"{os.getpid()}.txt", "w")  # noqa: SIM115 (lives with the process)
    _hung_dump.seek(0)
    _hung_dump.truncate()
    _hung_dump.write(f"hung: {item.nodeid} (no end after {HUNG_AFTER_S} s)\n")
    _hung_dump.flush()
    faulthandler.dump_traceback_later(HUNG_AFTER_S, exit=True, file=_hung_dump)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


def pytest_unconfigure(config: pytest.Config) -> None:
    # A process that gets here was not stopped by the watchdog: its file holds nothing to report.
    if _hung_dump is not None:
        _hung_dump.close()
        Path(_hung_dump.name).unlink(missing_ok=True)


def pytest_sessionstart(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):  # the run's own process, not an xdist worker
        session.config._hung_dumps_before = set(HUNG_DUMPS.glob("*.txt")) if HUNG_DUMPS.is_dir() else set()


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """The stacks of any test the watchdog stopped in this run (a worker that exits leaves only them)."""
    before = getattr(config, "_hung_dumps_before", None)
    if before is None or not HUNG_DUMPS.is_dir():
        return
    for dump in sorted(set(HUNG_DUMPS.glob("*.txt")) - before):
        text = dump.read_text(errors="replace")
        if "Thread 0x" in text or "Current thread" in text:  # the watchdog wrote stacks: it fired
            terminalreporter.section(f"hung test ({dump})")
            terminalreporter.write(text)
