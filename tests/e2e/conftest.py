"""End-to-end fixtures: one demo API server and one app server per test module, one headless
Chromium per test session, a fresh browser context (own localStorage) per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serverproc import ServerProcess, start_server

from .harness import CHROMIUM, CHROMIUM_ARGS, AppProcess, start_app

pytestmark = pytest.mark.e2e

from playwright.sync_api import expect  # noqa: E402

expect.set_options(timeout=20_000)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    proc = start_server(tmp_path_factory.mktemp("e2e-api"), trust_forwarded=False)
    yield proc
    proc.stop()


@pytest.fixture(scope="module")
def app_server(api: ServerProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppProcess]:
    proc = start_app(tmp_path_factory.mktemp("e2e-app"), api.url)
    yield proc
    proc.stop()


# Per module, not per session: Playwright's sync API keeps an asyncio loop running in the worker's
# thread while it lives, and the tests that run after the browser tests on the same worker (anyio's,
# another module's own sync_playwright) refuse to start beside it.
@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        # Under CI a missing browser is a failure, never a quietly skipped half of the suite.
        missing = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.failed_call = report.failed


@pytest.fixture
def new_page(browser, app_server, request):
    contexts = []
    pages = []

    def make(viewport=None, locale="nl-BE"):
        from .harness import PHONE, new_test_page

        page = new_test_page(browser, viewport or PHONE, locale)
        contexts.append(page.context)
        pages.append(page)
        return page

    yield make
    if getattr(request.node, "failed_call", False):
        from .harness import SCREENSHOTS

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for i, page in enumerate(pages):
            page.screenshot(path=str(SCREENSHOTS / f"FAILED-{request.node.name}-{i}.png"))
        # What the app and its server logged, in the failure's report (a CI run leaves nothing else).
        for name in ("app_server", "api"):
            log_path = getattr(request.getfixturevalue(name), "log_path", None)
            if log_path is not None and log_path.exists():
                print(f"--- last of {name}'s log ({log_path}) ---")
                print("\n".join(log_path.read_text(errors="replace").splitlines()[-60:]))
    for c in contexts:
        c.close()
