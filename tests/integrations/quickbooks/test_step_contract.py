"""The step keeps the engine's contract over real HTTP to the sandbox: execute() calls QuickBooks
and the ledger only, record() writes the rest once, by the lease holder; a step taken over, or
resumed after its create's answer was lost, ends synced with one purchase order."""

import datetime

import pytest
from django.utils import timezone

from integrations.qbo_sandbox import services as sandbox
from integrations.qbo_sandbox.models import ApiRequest
from integrations.quickbooks.models import QuickBooksLink, QuickBooksSyncRecord
from tests.factories import MaterialFactory, VendorFactory, published_workflow
from tests.integrations.quickbooks.conftest import (
    REALM_ID,
    SYNC_CONFIG,
    link,
    sandbox_purchase_orders,
    sandbox_records,
)
from tests.integrations.quickbooks.test_workflow_step import sync_flow
from tests.workflows.conftest import run_tasks
from workflows.engine import services
from workflows.engine.ledger import OutsideEffect
from workflows.engine.models import StepReport
from workflows.models import StepRun, WorkflowRun
from workflows.steps.base import LeaseLost
from workflows.steps.registry import step_type_get

STEP = step_type_get("sync_quickbooks")


@pytest.fixture(autouse=True)
def _one_step_per_task(settings):  # type: ignore[no-untyped-def]
    settings.WORKFLOW_ADVANCE_SLICE_SECONDS = 0  # the test plays each worker
    settings.WORKFLOW_RETRY_BASE_SECONDS = 0


def _sync_started(template, submit, **submitted) -> WorkflowRun:  # type: ignore[no-untyped-def]
    sync_flow(template)
    run = submit(**submitted).workflow_runs.get()
    services.workflow_run_advance(run_id=run.pk)  # the Submit step
    return run


def _claim(run: WorkflowRun) -> StepRun:
    step_run = services._step_run_claim(run.pk)
    assert step_run is not None
    return step_run


def _expire(step_run: StepRun) -> None:
    past = timezone.now() - datetime.timedelta(seconds=1)
    StepRun.objects.filter(pk=step_run.pk).update(lease_expires_at=past)


def _assert_synced_once(run: WorkflowRun) -> None:
    run.refresh_from_db()
    submission = run.submission
    [order] = sandbox_purchase_orders(submission.number)
    assert run.status == WorkflowRun.Status.SUCCEEDED
    record = QuickBooksSyncRecord.objects.get(submission=submission)
    assert record.qbo_po_id == order["Id"]
    [synced] = submission.timeline.filter(kind="synced_quickbooks")
    assert synced.data["qbo_po_id"] == order["Id"]
    report = StepReport.objects.get(submission=submission, step_type="sync_quickbooks")
    assert (report.state, report.label, report.detail["reference"]) == (
        "done", "Synced", submission.number,
    )  # fmt: skip
    assert report.detail["url"].endswith(f"/purchase-orders/{order['Id']}/")


@pytest.mark.parametrize("late_finishes", ["before the taker", "after the taker"])
def test_two_workers_on_one_step_make_one_po_and_the_run_finishes_synced(
    connection, template, submit, admin, late_finishes
):
    vendor = VendorFactory(company=admin.company, name="Harbor Lumber")
    material = MaterialFactory(company=admin.company, name="Joist hanger 2x8")
    run = _sync_started(template, submit, vendor=vendor, rows=[material, "Site delivery"])
    late = _claim(run)
    made = STEP.execute(step_run=late)  # the PO is made; then this worker stalls
    _expire(late)
    taker = _claim(run)  # another worker takes the step over under a new lease
    assert taker.pk == late.pk and taker.idempotency_key == late.idempotency_key
    calls = ApiRequest.objects.count()

    found = STEP.execute(step_run=taker)
    if late_finishes == "before the taker":
        assert services._step_run_finish(late, made, go_on=False) is None  # dropped
        services._step_run_finish(taker, found, go_on=False)
    else:
        services._step_run_finish(taker, found, go_on=False)
        assert services._step_run_finish(late, made, go_on=False) is None  # dropped

    assert ApiRequest.objects.count() == calls  # the taker found the PO in the ledger
    assert found == made
    assert (made.output["reference"], made.output["created"]) == (
        run.submission.number,
        ["vendor Harbor Lumber", "item Joist hanger 2x8", "item Site delivery"],
    )
    assert made.output["vendor_id"] and len(made.output["item_ids"]) == 2
    _assert_synced_once(run)
    links = QuickBooksLink.objects.filter(company=admin.company)
    assert sorted(links.values_list("kind", "object_id")) == [
        ("item", material.pk), ("vendor", vendor.pk),
    ]  # fmt: skip


def test_a_worker_that_lost_its_lease_creates_nothing(connection, template, submit, admin):
    run = _sync_started(template, submit, rows=["Site delivery"])
    late = _claim(run)
    _expire(late)
    taker = _claim(run)
    vendors, items = len(sandbox_records("Vendor")), len(sandbox_records("Item"))

    with pytest.raises(LeaseLost):
        STEP.execute(step_run=late)

    assert (len(sandbox_records("Vendor")), len(sandbox_records("Item"))) == (vendors, items)
    assert not OutsideEffect.objects.exists()
    services._step_run_finish(taker, STEP.execute(step_run=taker), go_on=False)
    _assert_synced_once(run)


def test_a_resumed_attempt_replays_its_create_first_through_a_503_and_ends_synced(
    connection, template, submit, admin
):
    run = _sync_started(template, submit, rows=["Concrete mix 80lb"])
    killed = _claim(run)
    STEP.execute(step_run=killed)
    # The worker was killed right after QuickBooks made the PO, before the answer was saved:
    # the ledger has the request it was sending, not the PO.
    OutsideEffect.objects.filter(kind="quickbooks_po").delete()
    _expire(killed)
    first_call_after = ApiRequest.objects.order_by("-id").values_list("id", flat=True).first()
    sandbox.sandbox_inject_faults(realm_id=REALM_ID, status_or_kind="503", count=1)

    run_tasks()  # resumed: the replayed create meets the 503; the retry replays it again

    calls = ApiRequest.objects.filter(id__gt=first_call_after).order_by("id")
    assert [call.path.rsplit("/", 1)[-1] for call in calls] == ["purchaseorder"] * 2
    assert [call.fault for call in calls] == ["503", ""]
    attempts = StepRun.objects.filter(run=run, step__key="sync").order_by("id")
    assert [attempt.status for attempt in attempts] == ["failed", "succeeded"]
    _assert_synced_once(run)


def test_a_po_failed_for_unlinked_items_syncs_after_turning_creation_on_and_retrying(
    connection, template, submit, admin, admin_client
):
    material = link(MaterialFactory(company=admin.company), str(sandbox_records("Item")[0]["Id"]))
    version = sync_flow(template, create_unlinked_items=False)
    submission = submit(rows=[material, "Galvanized flashing 10ft"])
    run_tasks()
    failed = StepRun.objects.get(run__submission=submission, step__key="sync")
    assert failed.status == StepRun.Status.FAILED
    assert "typed in" in failed.error and "Galvanized flashing 10ft" in failed.error
    assert "retry with the published settings" in failed.error
    assert StepReport.objects.get(submission=submission).state == "failed"

    # The admin does as the message says: turns the setting on and publishes.
    published_workflow(
        template=template,
        steps={"start": ("submit", {}), "sync": ("sync_quickbooks", SYNC_CONFIG)},
        transitions=[("start", "next", "sync")],
        number=version.number + 1,
    )
    overview = admin_client.get(f"/api/submissions/{submission.pk}/run/").json()
    assert overview["retry"]["default"] == "published"
    answer = admin_client.post(
        f"/api/step-runs/{failed.pk}/retry/", {"settings": "published"}, format="json"
    )
    assert answer.status_code == 201, answer.content
    run_tasks()

    run = submission.workflow_runs.get()
    _assert_synced_once(run)
    [order] = sandbox_purchase_orders(submission.number)
    [item] = [i for i in sandbox_records("Item") if i["Name"] == "Galvanized flashing 10ft"]
    assert order["Line"][1]["ItemBasedExpenseLineDetail"]["ItemRef"]["value"] == item["Id"]
    assert submission.timeline.filter(kind="retried").get().data["settings"] == "published"
