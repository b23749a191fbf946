"""Browser tests: a real Daphne server process on the test database, driven by Chromium.

The server is started once per test session (as the product runs: ASGI, static files, websockets)
and every test runs with `transactional_db`, so the server sees what the test writes.
"""

import os

# Playwright's sync API runs an event loop in the test thread; the database calls of the tests
# themselves are still synchronous, so Django's guard against async-unsafe calls must stand aside.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
import shutil
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from channels.testing.live import make_application
from daphne.testing import DaphneProcess
from django.conf import settings
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.db import connections

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str | None:
    return next((path for path in CHROMIUM_PATHS if Path(path).exists()), shutil.which("chromium"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = None
    if _chromium() is None:
        reason = "Chromium is not installed (apt-get install chromium)"
    elif not (settings.FRONTEND_DIST / "index.html").is_file():
        reason = "the frontend is not built (make frontend)"
    e2e_items = [item for item in items if "tests/e2e" in str(item.path)]
    if reason and e2e_items and os.environ.get("E2E_REQUIRED") == "1":
        raise pytest.UsageError(f"E2E_REQUIRED=1 but {reason}")
    for item in e2e_items:
        item.add_marker(pytest.mark.e2e)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def live_server_url(django_db_setup, django_db_blocker) -> Iterator[str]:
    """A Daphne process serving the whole app on the test database."""
    with django_db_blocker.unblock():
        for connection in connections.all():
            connection.close()
        server = DaphneProcess(
            host="127.0.0.1",
            # The forked server inherits the settings that already name the test database.
            get_application=partial(make_application, static_wrapper=ASGIStaticFilesHandler),
        )
        server.daemon = True
        server.start()
        server.ready.wait(timeout=30)
        if server.errors.qsize():
            raise RuntimeError(f"The test server did not start: {server.errors.get()}")
        yield f"http://127.0.0.1:{server.port.value}"
        server.terminate()
        server.join()


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server_url, transactional_db) -> Iterator:
    context = browser.new_context(base_url=live_server_url, viewport={"width": 1400, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def sign_in(page):
    """Sign in through the sign-in page as the given user (password from the factories)."""
    from tests.factories import PASSWORD

    def sign_in_as(user) -> None:
        page.goto("/signin")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("navigation", name="Main").wait_for()

    return sign_in_as
