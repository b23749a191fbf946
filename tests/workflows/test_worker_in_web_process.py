"""The worker thread of the web process starts a run when its submission commits, not at its
next poll."""

import threading
import time

import pytest

from tests.factories import form_template, published_workflow
from workflows.engine import worker
from workflows.forms.services import submission_create
from workflows.models import WorkflowRun

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker_thread():
    """The web process's worker loop in a thread, polling only every 10 minutes."""
    loop = worker.WorkerLoop(
        queue_names=["default"], interval=600, batch=False, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="test-web", excluded_queue_names=[],
    )  # fmt: skip
    thread = threading.Thread(target=loop.run)
    worker._started.set()
    thread.start()
    yield
    loop.stop()
    thread.join(timeout=30)
    worker._started.clear()
    assert not thread.is_alive()


def test_a_committed_submission_wakes_the_worker(worker_thread, admin, po_data):
    template = form_template(admin=admin)
    published_workflow(
        template=template,
        steps={"start": ("submit", {}), "done": ("update_status", {"status": "Done"})},
        transitions=[("start", "next", "done")],
    )
    time.sleep(0.5)  # the worker has looked once, found nothing, and waits for its next poll
    submission = submission_create(actor=admin, template=template, data=po_data)
    deadline = time.monotonic() + 60  # far sooner than the poll, 10 minutes away
    run = WorkflowRun.objects.get(submission=submission)
    while run.status != WorkflowRun.Status.SUCCEEDED and time.monotonic() < deadline:
        time.sleep(0.05)
        run.refresh_from_db()
    assert run.status == WorkflowRun.Status.SUCCEEDED
    submission.refresh_from_db()
    assert submission.status == "Done"
