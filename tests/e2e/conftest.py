"""Browser tests: a real Daphne server process on the test database, driven by Chromium.

The server is started once per test session (as the product runs: ASGI, static files, websockets)
and every test runs with `transactional_db`, so the server sees what the test writes.
"""

import os

# Playwright's sync API runs an event loop in the test thread; the database calls of the tests
# themselves are still synchronous, so Django's guard against async-unsafe calls must stand aside.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from email import message_from_string, policy
from email.message import EmailMessage
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import pytest
from asgiref.sync import SyncToAsync
from channels.layers import channel_layers
from channels.testing.live import make_application
from daphne.testing import DaphneProcess
from django.conf import settings
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.db import connections

from tests.worker_process import worker_process_start

T = TypeVar("T")
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
    # Last, because Playwright's event loop stays in the main thread until the session ends.
    items[:] = [item for item in items if item not in e2e_items] + e2e_items
    if reason and e2e_items and os.environ.get("E2E_REQUIRED") == "1":
        raise pytest.UsageError(f"E2E_REQUIRED=1 but {reason}")
    for item in e2e_items:
        item.add_marker(pytest.mark.e2e)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))


def _forget_inherited_async_state() -> None:
    """The forked server starts its own threads and connections: the parent's executor thread
    and channel-layer connections (from earlier async tests) do not exist in this process.
    It runs the task worker as the product does: in a thread of its own without Redis."""
    SyncToAsync.single_thread_executor = ThreadPoolExecutor(max_workers=1)
    channel_layers.backends.clear()
    settings.WORKFLOW_WORKER_IN_WEB_PROCESS = not settings.REDIS_URL


@pytest.fixture(scope="session")
def server_mail_dir(tmp_path_factory) -> Path:
    """Where the test server writes the emails it sends (Django's file-based email backend)."""
    return tmp_path_factory.mktemp("server-mail")


@pytest.fixture(scope="session")
def live_server_url(django_db_setup, django_db_blocker, server_mail_dir) -> Iterator[str]:
    """A Daphne process serving the whole app on the test database."""
    # The forked server keeps these; the tests' own process keeps its in-memory outbox.
    test_email = (settings.EMAIL_BACKEND, getattr(settings, "EMAIL_FILE_PATH", None))
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(server_mail_dir)
    with django_db_blocker.unblock():
        for connection in connections.all():
            connection.close()
            # A pooled connection's socket would be shared with the forked server: close the pool,
            # so that each process opens connections of its own.
            if connection.vendor == "postgresql":
                connection.close_pool()
        server = DaphneProcess(
            host="127.0.0.1",
            # The forked server inherits the settings that already name the test database.
            get_application=partial(make_application, static_wrapper=ASGIStaticFilesHandler),
            setup=_forget_inherited_async_state,
        )
        server.daemon = True
        server.start()
        server.ready.wait(timeout=30)
        settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH = test_email
        if server.errors.qsize():
            raise RuntimeError(f"The test server did not start: {server.errors.get()}")
        # With Redis, workers are processes of their own, as in production.
        worker = worker_process_start() if settings.REDIS_URL else None
        yield f"http://127.0.0.1:{server.port.value}"
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=10)
        server.terminate()
        server.join()


def outside_event_loop(function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """Run product code that pushes live events from a thread without Playwright's event loop,
    as the web and worker processes do (Django refuses to mix the two in one thread)."""

    def run() -> T:
        try:
            return function(*args, **kwargs)
        finally:
            connections.close_all()  # the thread's own connection, which would outlive it

    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(run).result()


@pytest.fixture
def server_mail(server_mail_dir) -> Callable[[], list[EmailMessage]]:
    """The emails the test server has sent during this test, oldest first."""
    for old in server_mail_dir.iterdir():
        old.unlink()

    def sent() -> list[EmailMessage]:
        files = sorted(server_mail_dir.iterdir(), key=lambda path: path.stat().st_mtime_ns)
        return [
            message_from_string(text, policy=policy.default)
            for path in files
            for text in path.read_text().split("-" * 79 + "\n")
            if text.strip()
        ]

    return sent


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
