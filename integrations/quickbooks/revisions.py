"""A revised PO brings its QuickBooks purchase order up to date: the same PO, by a sparse update
with the SyncToken read just before, once per revision (the ledger, keyed by the revision's step
run, and the update's `requestid`). Lines are sent whole, so lines removed from the form are
removed there.

A PO closed in QuickBooks, or changed there since we last wrote it (its SyncToken is none of
ours), is not overwritten: the step fails saying so and how to go on. An admin's Retry of that
step is the way to overwrite it (after reopening a closed one).
"""

import hashlib
from typing import Any

from integrations.quickbooks.client import purchase_order_url, quickbooks_client
from integrations.quickbooks.errors import (
    QuickBooksNotConnected,
    QuickBooksRejected,
    QuickBooksUnavailable,
)
from integrations.quickbooks.kinds import PO_REVISED
from integrations.quickbooks.models import QuickBooksSyncRecord
from integrations.quickbooks.purchase_orders import (
    order_read,
    purchase_order_payload,
    references_resolve,
)
from integrations.quickbooks.selectors import quickbooks_connection_active
from workflows.engine.ledger import OutsideEffect, outside_effect_find, outside_effect_save
from workflows.engine.models import StepRun
from workflows.engine.services import step_run_lease_check
from workflows.steps.base import Advice, Outcome, StepFailed, Wait
from workflows.timeline.services import timeline_event_record

STALE_OBJECT_FAULT = "5010"
# Kept in the ledger under `f"{step_run.idempotency_key}:{what}"`: the update as it is about to
# be sent (a resumed attempt replays it with the same requestid), then what QuickBooks answered.
LEDGER_UPDATE_REQUEST = "quickbooks_po_update_request"
LEDGER_UPDATE = "quickbooks_po_update"
# What a revision sends: the form's side of the PO. The number stays the one QuickBooks has.
REVISED_PROPERTIES = ("VendorRef", "APAccountRef", "Line", "Memo", "DueDate")


class RevisionRefused(QuickBooksRejected):
    """The PO in QuickBooks must not be overwritten by this revision (closed, or changed there)."""


def revision_request_id(*, key: str) -> str:
    """The update's `requestid`: stable for one revision's step run, within 50 characters."""
    return "rev-" + hashlib.sha256(key.encode()).hexdigest()[:40]


def _synced_record(submission_id: int) -> QuickBooksSyncRecord | None:
    return QuickBooksSyncRecord.objects.filter(submission_id=submission_id).order_by("-id").first()


def our_sync_tokens(record: QuickBooksSyncRecord) -> set[str]:
    """The SyncTokens the PO had after each of our writes: the sync's, and every revision's
    (from the ledger, so that a revision whose record is not written yet counts too)."""
    tokens = {str(record.response.get("SyncToken", ""))}
    updates = OutsideEffect.objects.filter(
        kind=LEDGER_UPDATE, step_run__run__submission_id=record.submission_id
    ).values_list("data", flat=True)
    tokens |= {str(update["response"].get("SyncToken", "")) for update in updates}
    return tokens


def _refusal(record: QuickBooksSyncRecord, current: dict[str, Any], overwrite: bool) -> str:
    """Why this revision must not be written over the PO as QuickBooks has it; empty if not."""
    number = record.doc_number or record.qbo_po_id
    if current.get("POStatus") == "Closed":
        return (
            f"Purchase order {number} is closed in QuickBooks, so this revision was not sent "
            "there. Reopen it in QuickBooks, then Retry this step."
        )
    if not overwrite and str(current.get("SyncToken", "")) not in our_sync_tokens(record):
        return _changed_there(number)
    return ""


def _changed_there(number: str) -> str:
    return (
        f"Purchase order {number} was changed in QuickBooks since it was last synced, so this "
        "revision was not sent: its changes in QuickBooks are kept. Revise it there, or Retry "
        "this step to overwrite them with this revision."
    )


def purchase_order_revision_send(
    *, step_run: StepRun, config: dict[str, Any], overwrite: bool
) -> dict[str, Any]:
    """Update the form's synced PO in QuickBooks to the form's current values, once for the
    step run's key; returns what QuickBooks answered, as saved in the ledger. `overwrite` (an
    admin's Retry) writes over changes made in QuickBooks; a closed PO is never written."""
    key = step_run.idempotency_key
    found = outside_effect_find(key=f"{key}:{LEDGER_UPDATE}")
    if found is not None:
        return found
    submission = step_run.run.submission
    record = _synced_record(submission.pk)
    if record is None:
        raise QuickBooksRejected("This form was never synced with QuickBooks: nothing to update.")
    connection = quickbooks_connection_active(company=submission.company)
    request_id = revision_request_id(key=key)

    def lease_check() -> None:
        step_run_lease_check(step_run=step_run)

    with quickbooks_client(connection=connection, lease_check=lease_check) as client:
        sent = outside_effect_find(key=f"{key}:{LEDGER_UPDATE_REQUEST}")
        if sent is None:
            current = client.read("PurchaseOrder", record.qbo_po_id)
            refusal = _refusal(record, current, overwrite)
            if refusal:
                raise RevisionRefused(refusal)
            order = order_read(submission=submission, config=config)
            references_resolve(
                client=client, order=order, connection=connection, lease_check=lease_check
            )
            whole = purchase_order_payload(order=order, connection=connection)
            payload = {
                "Id": record.qbo_po_id,
                "SyncToken": str(current["SyncToken"]),
                "sparse": True,
                **{name: whole[name] for name in REVISED_PROPERTIES if name in whole},
            }
            lease_check()
            sent = outside_effect_save(
                step_run=step_run,
                key=f"{key}:{LEDGER_UPDATE_REQUEST}",
                kind=LEDGER_UPDATE_REQUEST,
                data={"payload": payload},
            )
        try:
            response = client.update("PurchaseOrder", sent["payload"], request_id=request_id)
        except QuickBooksRejected as error:
            if str(error.code) == STALE_OBJECT_FAULT:
                # Changed in QuickBooks between our read and our update.
                number = record.doc_number or record.qbo_po_id
                raise RevisionRefused(_changed_there(number), code=error.code) from error
            raise
    return outside_effect_save(
        step_run=step_run,
        key=f"{key}:{LEDGER_UPDATE}",
        kind=LEDGER_UPDATE,
        data={
            "payload": sent["payload"],
            "response": response,
            "qbo_po_id": record.qbo_po_id,
            "doc_number": record.doc_number,
            "url": purchase_order_url(connection=connection, qbo_id=record.qbo_po_id),
        },
    )


def purchase_order_revision_execute(*, step_run: StepRun) -> Outcome | Wait:
    """The sync step's work for a revision: the update, as a step result."""
    from integrations.quickbooks.steps import WAITING_FOR_CONNECTION

    # A later try of the same step run with a new key is an admin's Retry: it overwrites.
    overwrite = (
        StepRun.objects.filter(run_id=step_run.run_id)
        .exclude(idempotency_key=step_run.idempotency_key)
        .exists()
    )
    try:
        effect = purchase_order_revision_send(
            step_run=step_run, config=step_run.step.config, overwrite=overwrite
        )
    except QuickBooksNotConnected:
        return Wait(WAITING_FOR_CONNECTION)
    except QuickBooksUnavailable as error:
        raise StepFailed(error.message, transient=True, retry_after=error.retry_after) from error
    except QuickBooksRejected as error:
        raise StepFailed(error.message) from error
    return Outcome(
        "next",
        {
            "qbo_po_id": effect["qbo_po_id"],
            "reference": effect["doc_number"] or effect["qbo_po_id"],
            "url": effect["url"],
            "sync_token": str(effect["response"].get("SyncToken", "")),
        },
    )


def purchase_order_revision_record(*, step_run: StepRun) -> None:
    """Say on the timeline that the PO was updated, and keep its new state on the sync record
    (what later revisions compare QuickBooks' SyncToken with)."""
    effect = outside_effect_find(key=f"{step_run.idempotency_key}:{LEDGER_UPDATE}")
    if effect is None:
        raise AssertionError(f"Step run {step_run.pk} finished with no update saved.")
    submission = step_run.run.submission
    response = effect["response"]
    QuickBooksSyncRecord.objects.filter(
        submission=submission, qbo_po_id=effect["qbo_po_id"]
    ).update(response=response, po_status=str(response.get("POStatus", "")))
    number = effect["doc_number"] or effect["qbo_po_id"]
    revision = step_run.run.revision
    assert revision is not None  # the engine runs revision work in a revision's run only
    timeline_event_record(
        submission=submission,
        kind=PO_REVISED.key,
        message=f"Updated purchase order {number} in QuickBooks with revision {revision.number}",
        data={
            "qbo_po_id": effect["qbo_po_id"],
            "doc_number": effect["doc_number"],
            "sync_token": str(response.get("SyncToken", "")),
            "revision": revision.number,
            "url": effect["url"],
            "link_label": f"Open purchase order {number} in QuickBooks",
        },
        step_run=step_run,
    )


def revision_failure_advice(*, for_admin: bool) -> Advice:
    """What a reader can do about a revision that did not reach QuickBooks: the form here
    keeps it either way."""
    if for_admin:
        return Advice(
            "Do what the error says, then Retry: a Retry sends this revision to QuickBooks over "
            "what is there now."
        )
    return Advice(
        "This revision is saved here but not in QuickBooks; a company admin can send it there "
        "with Retry."
    )
