"""The product's settings plus a test-only app that registers a step type of its own."""

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
