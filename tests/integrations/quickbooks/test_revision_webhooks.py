"""The sandbox's webhooks about a revised PO, over real HTTP: the one our own revision causes
(its sparse update moves the SyncToken on) adds nothing to the timeline, even when it is
processed before the revision's record is written; a change made in QuickBooks by someone else
still shows as "updated in QuickBooks"."""

import pytest

from integrations.qbo_sandbox import selectors as sandbox_selectors
from integrations.qbo_sandbox import services as sandbox
from integrations.quickbooks import steps
from integrations.quickbooks.kinds import PO_UPDATED
from integrations.quickbooks.models import QuickBooksSyncRecord, QuickBooksWebhookEvent
from tests.factories import MaterialFactory
from tests.integrations.quickbooks.conftest import REALM_ID, sandbox_purchase_orders
from tests.integrations.quickbooks.test_revisions import _revise
from tests.integrations.quickbooks.test_workflow_step import sync_flow
from tests.workflows.conftest import run_tasks

WEBHOOKS = "/integrations/quickbooks/webhooks/"
DONE = QuickBooksWebhookEvent.Status.DONE


@pytest.fixture(autouse=True)
def _sandbox_webhooks_to_us(origin, settings) -> None:  # type: ignore[no-untyped-def]
    # The sandbox notifies our webhook endpoint of each change, at once.
    settings.QBO_SANDBOX_WEBHOOK_URL = origin + WEBHOOKS
    settings.QBO_SANDBOX_WEBHOOK_SECONDS = 0


@pytest.fixture
def synced(connection, template, submit, admin):  # type: ignore[no-untyped-def]
    sync_flow(template)
    submission = submit(rows=[MaterialFactory(company=admin.company)])
    run_tasks()
    submission.refresh_from_db()
    return submission


def _updated_events(submission) -> list[str]:  # type: ignore[no-untyped-def]
    return list(submission.timeline.filter(kind=PO_UPDATED.key).values_list("message", flat=True))


def _update_events_read_back() -> list[str]:
    """The SyncTokens read back for the sandbox's Update notifications, all processed."""
    events = QuickBooksWebhookEvent.objects.filter(entity_name="PurchaseOrder", operation="Update")
    assert {event.status for event in events} <= {DONE}
    return sorted(event.read_sync_token for event in events)


def _changed_by_someone_else(submission, memo: str) -> None:  # type: ignore[no-untyped-def]
    (po,) = sandbox_purchase_orders(submission.number)
    sandbox.entity_update(
        company=sandbox_selectors.company_by_realm(REALM_ID),
        entity_type="PurchaseOrder",
        payload={"Id": po["Id"], "SyncToken": po["SyncToken"], "sparse": True, "Memo": memo},
    )


def test_the_webhook_of_our_own_revision_adds_nothing(synced, admin):
    _revise(admin, synced, memo="Deliver to gate 5")
    run_tasks()  # the sandbox's notification of our update, then its processing

    (po,) = sandbox_purchase_orders(synced.number)
    assert (po["SyncToken"], po["Memo"]) == ("1", "Deliver to gate 5")
    assert _update_events_read_back() == ["1"]
    assert synced.timeline.filter(kind="quickbooks_po_revised").count() == 1
    assert _updated_events(synced) == []


def test_a_change_made_in_quickbooks_after_our_revision_is_told(synced, admin):
    _revise(admin, synced, memo="Deliver to gate 5")
    run_tasks()

    _changed_by_someone_else(synced, "Call before delivery")
    run_tasks()

    assert _update_events_read_back() == ["1", "2"]
    assert _updated_events(synced) == [f"Purchase order {synced.number} was updated in QuickBooks"]


@pytest.mark.parametrize("someone_else_too", [False, True])
def test_a_webhook_processed_before_the_revisions_record_is_written(
    synced, admin, monkeypatch, someone_else_too
):
    """The sandbox's notification is delivered and processed right after the revision's update
    (its answer is in the ledger), before the step's record() writes the new SyncToken."""
    execute = steps.purchase_order_revision_execute
    seen_before_record: list[str] = []

    def execute_then_webhooks(*, step_run):  # type: ignore[no-untyped-def]
        outcome = execute(step_run=step_run)
        if someone_else_too:
            _changed_by_someone_else(synced, "Call before delivery")
        run_tasks()  # delivery and processing, while this step's task is still running
        record = QuickBooksSyncRecord.objects.get(submission=synced)
        seen_before_record.append(str(record.response["SyncToken"]))
        return outcome

    monkeypatch.setattr(steps, "purchase_order_revision_execute", execute_then_webhooks)

    _revise(admin, synced, memo="Deliver to gate 5")

    assert seen_before_record == ["0"]  # the record still had the sync's SyncToken
    if someone_else_too:
        # One notification names both changes; each reads the PO back as it is now.
        assert set(_update_events_read_back()) == {"2"}
        assert _updated_events(synced) == [
            f"Purchase order {synced.number} was updated in QuickBooks"
        ]
    else:
        assert _update_events_read_back() == ["1"]
        assert _updated_events(synced) == []
    assert synced.timeline.filter(kind="quickbooks_po_revised").count() == 1
