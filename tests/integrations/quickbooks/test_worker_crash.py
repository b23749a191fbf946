"""A real `manage.py db_worker` SIGKILLed after QuickBooks created the purchase order but before
the worker recorded it: a new worker finishes the run, and QuickBooks still holds one PO."""

import signal
import time

import pytest

from integrations.qbo_sandbox import services as sandbox
from integrations.quickbooks.models import QuickBooksSyncRecord
from integrations.quickbooks.purchase_orders import purchase_order_sync
from tests.factories import MaterialFactory, VendorFactory, published_workflow
from tests.integrations.quickbooks.conftest import REALM_ID, SYNC_CONFIG, sandbox_purchase_orders
from tests.worker_process import worker_process_start
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
