"""A real `manage.py db_worker` SIGKILLed after QuickBooks created the purchase order but before
the worker recorded it: a new worker finishes the run, and QuickBooks still holds one PO. And
one killed in an import: the import is marked failed, and a new one runs."""

import signal
import time

import pytest

from integrations.qbo_sandbox import services as sandbox
from integrations.quickbooks.models import QuickBooksImport, QuickBooksSyncRecord
from integrations.quickbooks.purchase_orders import purchase_order_sync
from tests.factories import MaterialFactory, VendorFactory, published_workflow
from tests.integrations.quickbooks.conftest import REALM_ID, SYNC_CONFIG, sandbox_purchase_orders
from tests.worker_process import worker_process_start
from workflows.engine.services import workflow_runs_sweep
from workflows.models import StepRun, WorkflowRun

pytestmark = pytest.mark.django_db(transaction=True)


def _wait_for(condition, *, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"Timed out waiting for {what}")


def test_a_worker_killed_before_recording_the_created_po_leaves_exactly_one_po(
    connection, template, submit, admin, settings
):
    vendor = VendorFactory(company=admin.company)
    material = MaterialFactory(company=admin.company)
    # Vendor and item linked first, so that the workflow's only QuickBooks call is the create.
    purchase_order_sync(
        submission=submit(vendor=vendor, rows=[material]), config=SYNC_CONFIG, key="a"
    )
    published_workflow(
        template=template,
        steps={"start": ("submit", {}), "sync": ("sync_quickbooks", SYNC_CONFIG)},
        transitions=[("start", "next", "sync")],
    )
    # The sandbox creates the PO, then keeps the answer from the worker long enough to kill it.
    settings.QBO_SANDBOX_HANG_SECONDS = 5
    sandbox.sandbox_inject_faults(realm_id=REALM_ID, status_or_kind="answer_lost")
    submission = submit(vendor=vendor, rows=[material])
    run = WorkflowRun.objects.get(submission=submission)

    worker = worker_process_start(WORKFLOW_STEP_LEASE_SECONDS="2")
    try:
        _wait_for(
            lambda: sandbox_purchase_orders(submission.number),
            timeout=60,
            what="QuickBooks to create the purchase order",
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        assert not QuickBooksSyncRecord.objects.filter(submission=submission).exists()
        interrupted = StepRun.objects.get(run=run, step__key="sync")
        assert interrupted.status == StepRun.Status.RUNNING

        worker = worker_process_start(WORKFLOW_STEP_LEASE_SECONDS="2")
        _wait_for(
            lambda: WorkflowRun.objects.get(pk=run.pk).status == WorkflowRun.Status.SUCCEEDED,
            timeout=60,
            what="a new worker to finish the run",
        )
    finally:
        worker.kill()
        worker.wait(timeout=10)

    [order] = sandbox_purchase_orders(submission.number)
    record = QuickBooksSyncRecord.objects.get(submission=submission)
    assert record.qbo_po_id == order["Id"]
    assert record.step_run == interrupted  # the same step run, resumed under its lease's key
    assert StepRun.objects.filter(run=run, step__key="sync").count() == 1
    synced = submission.timeline.filter(kind="synced_quickbooks")
    assert [event.data["qbo_po_id"] for event in synced] == [order["Id"]]


def test_an_import_whose_worker_was_killed_is_marked_failed_and_a_new_one_finishes(
    connection, sign_in, admin, settings
):
    # The worker's first read from QuickBooks hangs, long enough to kill the worker in it.
    settings.QBO_SANDBOX_HANG_SECONDS = 10
    sandbox.sandbox_inject_faults(realm_id=REALM_ID, status_or_kind="hang")
    browser = sign_in(admin)
    started = browser.post("/api/integrations/quickbooks/imports/").json()
    run = QuickBooksImport.objects.get(pk=started["id"])

    worker = worker_process_start()
    try:
        _wait_for(
            lambda: QuickBooksImport.objects.get(pk=run.pk).status == "running",
            timeout=60,
            what="the worker to start the import",
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        # Killed moments ago: nothing says yet that it stopped, so it still holds its place.
        assert browser.post("/api/integrations/quickbooks/imports/").json()["id"] == run.pk

        # The engine's sweep ends the task rows that killed workers left running.
        settings.WORKFLOW_TASK_RUNNING_LIMIT_SECONDS = 0
        workflow_runs_sweep()
        [latest, *_] = browser.get("/api/integrations/quickbooks/imports/").json()
        assert (latest["id"], latest["status"]) == (run.pk, "failed")
        assert "Start it again" in latest["error"]

        again = browser.post("/api/integrations/quickbooks/imports/").json()
        assert again["id"] != run.pk
        worker = worker_process_start()
        _wait_for(
            lambda: QuickBooksImport.objects.get(pk=again["id"]).status == "succeeded",
            timeout=60,
            what="a new worker to finish the new import",
        )
    finally:
        worker.kill()
        worker.wait(timeout=10)
    assert QuickBooksImport.objects.get(pk=again["id"]).added > 0
