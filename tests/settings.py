"""The product's settings plus a test-only app that registers a step type of its own."""

from ontraccr_clone.settings import *  # noqa: F403
from ontraccr_clone.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.workflows.stepapp"]
# The test process never runs tasks behind the tests' back; tests run them when they choose, and
# the browser tests' server runs its own worker as `make run` does.
WORKFLOW_WORKER_IN_WEB_PROCESS = False
