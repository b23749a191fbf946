"""A revised PO updates its QuickBooks purchase order over real HTTP against the sandbox: the
same PO, a sparse update with its SyncToken, once per revision; never over a PO closed or
changed in QuickBooks, until an admin's Retry."""

import pytest

from integrations.qbo_sandbox import selectors as sandbox_selectors
from integrations.qbo_sandbox import services as sandbox
from integrations.quickbooks.revisions import purchase_order_revision_send
from tests.factories import MaterialFactory
from tests.integrations.quickbooks.conftest import REALM_ID, sandbox_purchase_orders
from tests.integrations.quickbooks.test_workflow_step import sync_flow
from tests.workflows.conftest import run_tasks
from workflows.engine.services import step_run_retry
from workflows.forms.services import submission_revise
from workflows.models import StepRun, WorkflowRun


def _values(submission) -> dict:
    data = submission.data
    return {
        "vendor": data["vendor"][0]["id"],
        "materials": [
            {key: row[key] for key in ("material_id", "name", "quantity", "unit_cost")}
            for row in data["materials"]
        ],
        "memo": data["memo"],
        "due_date": data["due_date"],
    }


@pytest.fixture
def synced(connection, template, submit, admin):  # type: ignore[no-untyped-def]
    """A PO of two lines synced with QuickBooks, and its one purchase order there."""
    sync_flow(template)
    submission = submit(rows=[MaterialFactory(company=admin.company), "Anchor bolts"])
    run_tasks()
    submission.refresh_from_db()
    (po,) = sandbox_purchase_orders(submission.number)
    assert po["SyncToken"] == "0"
    return submission


def _revise(admin, submission, **changes):  # type: ignore[no-untyped-def]
    values = {**_values(submission), **changes}
    revision = submission_revise(actor=admin, submission=submission, data=values)
    run_tasks()
    submission.refresh_from_db()
    return revision


def _company():  # type: ignore[no-untyped-def]
    return sandbox_selectors.company_by_realm(REALM_ID)


def test_a_revision_updates_the_same_po_once_and_removes_lines_removed(synced, admin):
    first_line = {**_values(synced)["materials"][0], "quantity": "7"}

    _revise(admin, synced, materials=[first_line], memo="Deliver to gate 5")

    (po,) = sandbox_purchase_orders(synced.number)
    assert po["SyncToken"] == "1"
    assert po["Memo"] == "Deliver to gate 5"
    assert [line["ItemBasedExpenseLineDetail"]["Qty"] for line in po["Line"]] == [7]
    updated = synced.timeline.get(kind="quickbooks_po_revised")
    assert updated.message == (
        f"Updated purchase order {synced.number} in QuickBooks with revision 1"
    )
    assert updated.data["sync_token"] == "1"
    revision_run = WorkflowRun.objects.get(submission=synced, revision__isnull=False)
    assert revision_run.status == WorkflowRun.Status.SUCCEEDED

    # Executed again under the same key (a resumed attempt): the ledger answers, nothing is sent.
    step_run = revision_run.step_runs.get()
    again = purchase_order_revision_send(
        step_run=step_run, config=step_run.step.config, overwrite=False
    )
    assert again["response"]["SyncToken"] == "1"
    assert sandbox_purchase_orders(synced.number)[0]["SyncToken"] == "1"

    _revise(admin, synced, memo="Deliver to gate 6")
    (po,) = sandbox_purchase_orders(synced.number)
    assert (po["SyncToken"], po["Memo"]) == ("2", "Deliver to gate 6")


def test_a_po_closed_in_quickbooks_is_not_overwritten_until_reopened_and_retried(synced, admin):
    qbo_id = sandbox_purchase_orders(synced.number)[0]["Id"]
    sandbox.purchase_order_close(company=_company(), qbo_id=qbo_id)

    _revise(admin, synced, memo="Deliver to gate 5")

    (po,) = sandbox_purchase_orders(synced.number)
    assert (po["POStatus"], po["Memo"]) == ("Closed", "Deliver to gate 3")
    failed = StepRun.objects.get(run__revision__isnull=False, run__submission=synced)
    assert failed.status == StepRun.Status.FAILED
    assert failed.error == (
        f"Purchase order {synced.number} is closed in QuickBooks, so this revision was not sent "
        "there. Reopen it in QuickBooks, then Retry this step."
    )
    said = synced.timeline.get(kind="step_failed")
    assert (said.message, said.data["error"]) == ("Sync with QuickBooks failed", failed.error)

    sandbox.purchase_order_reopen(company=_company(), qbo_id=qbo_id)
    step_run_retry(actor=admin, step_run=failed)
    run_tasks()

    (po,) = sandbox_purchase_orders(synced.number)
    assert (po["POStatus"], po["Memo"]) == ("Open", "Deliver to gate 5")


def test_a_po_changed_in_quickbooks_keeps_its_changes_until_an_admin_retries(synced, admin):
    (po,) = sandbox_purchase_orders(synced.number)
    sandbox.entity_update(
        company=_company(),
        entity_type="PurchaseOrder",
        payload={"Id": po["Id"], "SyncToken": po["SyncToken"], "sparse": True, "Memo": "Theirs"},
    )

    _revise(admin, synced, memo="Ours")

    assert sandbox_purchase_orders(synced.number)[0]["Memo"] == "Theirs"
    failed = StepRun.objects.get(run__revision__isnull=False, run__submission=synced)
    assert "was changed in QuickBooks since it was last synced" in failed.error
    assert "Retry this step to overwrite them" in failed.error

    step_run_retry(actor=admin, step_run=failed)
    run_tasks()

    (po,) = sandbox_purchase_orders(synced.number)
    assert (po["SyncToken"], po["Memo"]) == ("2", "Ours")


def test_with_the_setting_off_a_revision_leaves_quickbooks_alone(
    connection, template, submit, admin
):
    sync_flow(template, update_on_revision=False)
    submission = submit()
    run_tasks()
    submission.refresh_from_db()

    _revise(admin, submission, memo="Changed here only")

    (po,) = sandbox_purchase_orders(submission.number)
    assert (po["SyncToken"], po["Memo"]) == ("0", "Deliver to gate 3")
    assert not WorkflowRun.objects.filter(revision__isnull=False).exists()
