"""The product's settings plus a test-only app that registers a step type of its own."""

import os
from urllib.parse import urlsplit, urlunsplit

# Each pytest-xdist worker has a test database of its own (pytest-django names it); it gets a Redis
# database of its own too, so that one worker's cache.clear() and channel groups never reach
# another's. Set in the environment, so the server and worker processes the tests start inherit it.
if os.environ.get("REDIS_URL") and (xdist_worker := os.environ.get("PYTEST_XDIST_WORKER")):
    redis_url = urlsplit(os.environ["REDIS_URL"])
    worker_database = 1 + int(xdist_worker.removeprefix("gw"))
    os.environ["REDIS_URL"] = urlunsplit(redis_url._replace(path=f"/{worker_database}"))

from ontraccr_clone.settings import *  # noqa: F403
from ontraccr_clone.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.workflows.stepapp"]
# The test process never runs tasks behind the tests' back; tests run them when they choose, and
# the browser tests' server runs its own worker as `make run` does.
WORKFLOW_WORKER_IN_WEB_PROCESS = False

# Tests call the app over HTTP from threads of the test process itself (a live server in a thread
# answers them), so the test process lends more connections at once than one web process does.
if isinstance(DATABASES["default"]["OPTIONS"].get("pool"), dict):  # noqa: F405
    DATABASES["default"]["OPTIONS"]["pool"]["max_size"] = 16  # noqa: F405
