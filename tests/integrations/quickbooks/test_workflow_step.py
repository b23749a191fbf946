"""The step inside a workflow run: the engine's retries, waits and resumes around real HTTP."""

from integrations.qbo_sandbox import services as sandbox
from integrations.quickbooks.models import QuickBooksConnection, QuickBooksSyncRecord
from tests.factories import published_workflow
from tests.integrations.quickbooks.conftest import REALM_ID, SYNC_CONFIG, sandbox_purchase_orders
from tests.workflows.conftest import run_tasks
from workflows.models import StepRun, WorkflowRun


def sync_flow(template, **config):  # type: ignore[no-untyped-def]
    return published_workflow(
        template=template,
        steps={"start": ("submit", {}), "sync": ("sync_quickbooks", {**SYNC_CONFIG, **config})},
        transitions=[("start", "next", "sync")],
    )


def test_server_errors_are_retried_by_the_engine_into_one_po(
    connection, template, submit, settings
):
    settings.WORKFLOW_RETRY_BASE_SECONDS = 0
    sync_flow(template)
    sandbox.sandbox_inject_faults(realm_id=REALM_ID, status_or_kind="503", count=2)

    submission = submit()
    run_tasks()

    attempts = StepRun.objects.filter(run__submission=submission, step__key="sync").order_by("id")
    assert [step_run.status for step_run in attempts] == ["failed", "failed", "succeeded"]
    assert len({step_run.idempotency_key for step_run in attempts}) == 1
    assert len(sandbox_purchase_orders(submission.number)) == 1
    record = QuickBooksSyncRecord.objects.get(submission=submission)
    assert record.step_run == attempts.last()
    synced = submission.timeline.get(kind="synced_quickbooks")
    assert synced.data["qbo_po_id"] == record.qbo_po_id
    assert submission.workflow_runs.get().status == WorkflowRun.Status.SUCCEEDED


def test_a_revoked_connection_waits_and_resumes_after_reconnecting(
    connect, connection, template, submit, admin
):
    sync_flow(template)
    sandbox.oauth_token_revoke(app=sandbox.selectors.app_default(), token=connection.refresh_token)
    QuickBooksConnection.objects.filter(pk=connection.pk).update(access_expires_at=None)

    submission = submit()
    run_tasks()

    waiting = StepRun.objects.get(run__submission=submission, step__key="sync")
    assert waiting.status == StepRun.Status.WAITING
    assert sandbox_purchase_orders(submission.number) == []
    assert QuickBooksConnection.objects.get(pk=connection.pk).status == "needs_reconnect"

    connect(admin)
    run_tasks()

    assert submission.workflow_runs.get().status == WorkflowRun.Status.SUCCEEDED
    assert len(sandbox_purchase_orders(submission.number)) == 1


def test_unlinked_materials_with_creation_off_fail_the_step_naming_them(
    connection, template, submit
):
    sync_flow(template, create_unlinked_items=False)

    submission = submit(rows=["Galvanized flashing 10ft"])
    run_tasks()

    failed = StepRun.objects.get(run__submission=submission, step__key="sync")
    assert failed.status == StepRun.Status.FAILED
    assert "Galvanized flashing 10ft" in failed.error
    assert submission.workflow_runs.get().status == WorkflowRun.Status.FAILED
