"""Intuit's webhooks are hints: each change is stored once, then the purchase order is read back
from QuickBooks (the sandbox, over HTTP) before anything changes. Forged, replayed and
out-of-order notifications change nothing; real changes in the sandbox reach the timeline."""

import base64
import datetime
import hashlib
import hmac
import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.core.checks import run_checks
from django.core.management import call_command
from django.db import connections, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from integrations.qbo_sandbox import selectors as sandbox_selectors
from integrations.qbo_sandbox import services as sandbox
from integrations.qbo_sandbox.models import SandboxCompany
from integrations.quickbooks.models import (
    QuickBooksConnection,
    QuickBooksSyncRecord,
    QuickBooksWebhookEvent,
)
from integrations.quickbooks.purchase_orders import purchase_order_sync
from integrations.quickbooks.services import webhook_event_receive
from integrations.quickbooks.webhooks import webhook_event_process, webhook_signature_valid
from tests.integrations.quickbooks.conftest import REALM_ID, SYNC_CONFIG
from tests.workflows.conftest import run_tasks

WEBHOOKS = "/integrations/quickbooks/webhooks/"
DONE = QuickBooksWebhookEvent.Status.DONE
FAILED = QuickBooksWebhookEvent.Status.FAILED


@pytest.fixture(autouse=True)
def _sandbox_webhooks_elsewhere(settings) -> None:  # type: ignore[no-untyped-def]
    # These tests send their own notifications unless they say otherwise; the sandbox's go to a
    # port nobody listens on, at once rather than gathered for a second.
    settings.QBO_SANDBOX_WEBHOOK_URL = "http://127.0.0.1:9/"
    settings.QBO_SANDBOX_WEBHOOK_SECONDS = 0


def notification(
    qbo_id: str, operation: str = "Update", last_updated: str = "2026-11-25T23:00:00.000Z"
) -> bytes:
    change = {"name": "PurchaseOrder", "id": qbo_id, "operation": operation}
    return json.dumps(
        {
            "eventNotifications": [
                {
                    "realmId": REALM_ID,
                    "dataChangeEvent": {"entities": [{**change, "lastUpdated": last_updated}]},
                }
            ]
        }
    ).encode()


def signed(body: bytes, token: str) -> str:
    return base64.b64encode(hmac.new(token.encode(), body, hashlib.sha256).digest()).decode()


def post(origin: str, body: bytes, token: str) -> requests.Response:
    return requests.post(
        origin + WEBHOOKS,
        data=body,
        headers={"intuit-signature": signed(body, token), "Content-Type": "application/json"},
        timeout=10,
    )


def close_in_sandbox(record: QuickBooksSyncRecord) -> None:
    sandbox.purchase_order_close(
        company=SandboxCompany.objects.get(realm_id=REALM_ID), qbo_id=record.qbo_po_id
    )


def po_events(submission):  # type: ignore[no-untyped-def]
    return list(
        submission.timeline.filter(kind__startswith="quickbooks_po").values_list(
            "message", flat=True
        )
    )


@pytest.fixture
def synced(connection, submit):  # type: ignore[no-untyped-def]
    submission = submit()
    return purchase_order_sync(submission=submission, config=SYNC_CONFIG, key="run:sync")


def test_a_closed_po_shows_on_its_form_timeline(origin, synced, settings):
    close_in_sandbox(synced)
    body = notification(synced.qbo_po_id)

    answer = post(origin, body, settings.QBO_WEBHOOK_VERIFIER_TOKEN)
    run_tasks()

    assert answer.status_code == 200
    event = QuickBooksWebhookEvent.objects.get()
    assert (event.realm_id, event.entity_name, event.entity_id, event.operation) == (
        REALM_ID, "PurchaseOrder", synced.qbo_po_id, "Update",
    )  # fmt: skip
    assert event.status == DONE and event.processed_at is not None and event.error == ""
    assert po_events(synced.submission) == [
        f"Purchase order {synced.doc_number} was closed in QuickBooks"
    ]
    assert QuickBooksSyncRecord.objects.get(pk=synced.pk).po_status == "Closed"


@pytest.mark.parametrize("change", ["close", "delete"])
def test_a_change_made_in_the_sandbox_reaches_the_timeline_through_its_webhook(
    origin, synced, settings, change
):
    settings.QBO_SANDBOX_WEBHOOK_URL = origin + WEBHOOKS
    company = SandboxCompany.objects.get(realm_id=REALM_ID)
    if change == "close":
        close_in_sandbox(synced)
    else:
        current = sandbox_selectors.entity_find(company, "PurchaseOrder", synced.qbo_po_id)
        sandbox.entity_delete(
            company=company,
            entity_type="PurchaseOrder",
            payload={"Id": synced.qbo_po_id, "SyncToken": str(current.sync_token)},
        )

    run_tasks()  # the sandbox delivers its notification; then ours is processed

    word, status = ("closed", "Closed") if change == "close" else ("deleted", "Deleted")
    assert po_events(synced.submission) == [
        f"Purchase order {synced.doc_number} was {word} in QuickBooks"
    ]
    assert QuickBooksSyncRecord.objects.get(pk=synced.pk).po_status == status
    event = QuickBooksWebhookEvent.objects.get(
        operation="Delete" if change == "delete" else "Update"
    )
    assert event.status == DONE


def test_a_forged_delete_of_a_po_that_still_reads_back_changes_nothing(origin, synced, settings):
    answer = post(
        origin, notification(synced.qbo_po_id, "Delete"), settings.QBO_WEBHOOK_VERIFIER_TOKEN
    )
    run_tasks()

    assert answer.status_code == 200
    assert QuickBooksWebhookEvent.objects.get().status == DONE
    assert po_events(synced.submission) == []
    assert QuickBooksSyncRecord.objects.get(pk=synced.pk).po_status == "Open"


def test_the_same_signed_webhook_three_times_is_stored_once_and_acts_once(origin, synced, settings):
    close_in_sandbox(synced)
    body = notification(synced.qbo_po_id)
    token = settings.QBO_WEBHOOK_VERIFIER_TOKEN

    with ThreadPoolExecutor(max_workers=3) as senders:  # all three at once
        answers = list(senders.map(lambda _: post(origin, body, token), range(3)))
    run_tasks()
    answers.append(post(origin, body, token))
    run_tasks()

    assert [answer.status_code for answer in answers] == [200, 200, 200, 200]
    assert QuickBooksWebhookEvent.objects.count() == 1
    assert len(po_events(synced.submission)) == 1


def test_an_older_notification_after_a_newer_one_changes_nothing(origin, synced, settings):
    close_in_sandbox(synced)
    token = settings.QBO_WEBHOOK_VERIFIER_TOKEN
    post(origin, notification(synced.qbo_po_id, last_updated="2026-11-25T23:00:05.000Z"), token)
    run_tasks()
    after_newer = po_events(synced.submission)

    older = notification(synced.qbo_po_id, last_updated="2026-11-25T23:00:01.000Z")
    post(origin, older, token)
    run_tasks()

    assert after_newer == [f"Purchase order {synced.doc_number} was closed in QuickBooks"]
    assert po_events(synced.submission) == after_newer
    assert set(QuickBooksWebhookEvent.objects.values_list("status", flat=True)) == {DONE}
    assert QuickBooksWebhookEvent.objects.count() == 2


def test_an_update_made_in_quickbooks_is_told_once(origin, synced, settings):
    company = SandboxCompany.objects.get(realm_id=REALM_ID)
    sandbox.entity_update(
        company=company,
        entity_type="PurchaseOrder",
        payload={
            "Id": synced.qbo_po_id,
            "SyncToken": synced.response["SyncToken"],
            "sparse": True,
            "Memo": "Changed in QuickBooks",
        },
    )
    token = settings.QBO_WEBHOOK_VERIFIER_TOKEN

    for second in ("01", "02"):  # Intuit may name one change twice, at different moments
        stamp = f"2026-11-25T23:00:{second}.000Z"
        post(origin, notification(synced.qbo_po_id, last_updated=stamp), token)
        run_tasks()

    assert po_events(synced.submission) == [
        f"Purchase order {synced.doc_number} was updated in QuickBooks"
    ]


@pytest.mark.parametrize("signature", ["", "bm90IGEgc2lnbmF0dXJl", "not base64!"])
def test_a_webhook_with_a_bad_signature_is_refused_and_changes_nothing(origin, synced, signature):
    body = notification(synced.qbo_po_id, "Delete")
    headers = {"Content-Type": "application/json"}
    if signature:
        headers["intuit-signature"] = signature

    answer = requests.post(origin + WEBHOOKS, data=body, headers=headers, timeout=10)

    assert answer.status_code == 401
    assert not QuickBooksWebhookEvent.objects.exists()
    assert not DBTaskResult.objects.filter(task_path__contains="webhook_process").exists()
    assert po_events(synced.submission) == []


def test_a_body_signed_with_another_token_is_refused(origin, connection, settings):
    answer = post(origin, notification("1"), settings.QBO_WEBHOOK_VERIFIER_TOKEN + "x")
    assert answer.status_code == 401
    assert not QuickBooksWebhookEvent.objects.exists()


def test_without_a_verifier_token_no_signature_verifies(origin, synced, settings):
    settings.QBO_WEBHOOK_VERIFIER_TOKEN = ""
    body = notification(synced.qbo_po_id, "Delete")

    answer = post(origin, body, "")

    assert not webhook_signature_valid(body=body, signature=signed(body, ""))
    assert answer.status_code == 401
    assert not QuickBooksWebhookEvent.objects.exists()
    assert po_events(synced.submission) == []


def test_a_signed_body_that_is_not_a_notification_is_refused(origin, connection, settings):
    answer = post(origin, b"[1, 2]", settings.QBO_WEBHOOK_VERIFIER_TOKEN)
    assert answer.status_code == 400
    assert "not a QuickBooks webhook notification" in answer.text
    assert not QuickBooksWebhookEvent.objects.exists()


def test_the_processing_task_is_saved_in_the_transaction_that_stores_the_event(synced):
    with transaction.atomic():
        [event] = webhook_event_receive(body=notification(synced.qbo_po_id))
        # Before any commit: a process dying right after the commit leaves both behind.
        task = DBTaskResult.objects.get(task_path__endswith="quickbooks_webhook_process")
        assert task.args_kwargs["args"] == [event.pk]


def test_a_failure_is_stored_on_the_event_and_the_redrive_command_processes_it(
    origin, synced, settings, capsys
):
    close_in_sandbox(synced)
    sandbox.sandbox_inject_faults(realm_id=REALM_ID, status_or_kind=500)

    post(origin, notification(synced.qbo_po_id), settings.QBO_WEBHOOK_VERIFIER_TOKEN)
    run_tasks()

    event = QuickBooksWebhookEvent.objects.get()
    assert event.status == FAILED
    assert "QuickBooks had a problem (HTTP 500)" in event.error
    assert po_events(synced.submission) == []

    call_command("quickbooks_webhooks_redrive")
    call_command("quickbooks_webhooks_redrive")

    event.refresh_from_db()
    assert (event.status, event.error, event.attempts) == (DONE, "", 2)
    assert po_events(synced.submission) == [
        f"Purchase order {synced.doc_number} was closed in QuickBooks"
    ]
    output = capsys.readouterr().out
    assert "1 event(s) re-driven." in output and "0 event(s) re-driven." in output


def test_a_change_of_a_company_no_longer_connected_waits_for_a_redrive(origin, synced, settings):
    close_in_sandbox(synced)
    QuickBooksConnection.objects.filter(pk=synced.company.quickbooks_connection.pk).update(
        status=QuickBooksConnection.Status.NEEDS_RECONNECT
    )

    post(origin, notification(synced.qbo_po_id), settings.QBO_WEBHOOK_VERIFIER_TOKEN)
    run_tasks()

    event = QuickBooksWebhookEvent.objects.get()
    assert event.status == FAILED
    assert "reconnect it in Settings > Integrations, then re-drive" in event.error
    assert po_events(synced.submission) == []


@pytest.mark.parametrize(
    ("environment", "client_id", "token", "refused"),
    [
        ("production", "app-id", "", True),
        ("sandbox", "app-id", "", True),
        ("production", "app-id", "verifier", False),
        ("production", "", "", False),
        ("local", "", "", False),
    ],
)
def test_deploy_check_refuses_quickbooks_without_a_verifier_token(
    settings, environment, client_id, token, refused
):
    settings.QBO_ENVIRONMENT = environment
    settings.QBO_CLIENT_ID = client_id
    settings.QBO_WEBHOOK_VERIFIER_TOKEN = token

    deploy = [message.id for message in run_checks(include_deployment_checks=True)]
    plain = [message.id for message in run_checks()]

    assert ("quickbooks.E001" in deploy) is refused
    assert "quickbooks.E001" not in plain


def test_an_event_another_process_is_on_is_left_to_it_until_its_claim_runs_out(synced):
    close_in_sandbox(synced)
    [event] = webhook_event_receive(body=notification(synced.qbo_po_id))
    # Another worker claimed it a moment ago and is reading the PO back.
    QuickBooksWebhookEvent.objects.filter(pk=event.pk).update(
        status=QuickBooksWebhookEvent.Status.PROCESSING,
        processing_until=timezone.now() + datetime.timedelta(minutes=1),
        attempts=1,
    )

    run_tasks()
    call_command("quickbooks_webhooks_redrive")
    claimed = QuickBooksWebhookEvent.objects.get(pk=event.pk)

    # That worker died: once its claim runs out, the event is re-driven.
    QuickBooksWebhookEvent.objects.filter(pk=event.pk).update(
        processing_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    call_command("quickbooks_webhooks_redrive")

    assert (claimed.status, claimed.attempts) == (QuickBooksWebhookEvent.Status.PROCESSING, 1)
    event.refresh_from_db()
    assert (event.status, event.attempts) == (DONE, 2)
    assert po_events(synced.submission) == [
        f"Purchase order {synced.doc_number} was closed in QuickBooks"
    ]


def test_two_notifications_of_one_change_processed_at_once_tell_it_once(synced):
    close_in_sandbox(synced)
    events = [
        webhook_event_receive(body=notification(synced.qbo_po_id, last_updated=stamp))[0]
        for stamp in ("2026-11-25T23:00:01.000Z", "2026-11-25T23:00:02.000Z")
    ]
    start = threading.Barrier(2)

    def process(event_id: int) -> None:
        try:
            start.wait()
            webhook_event_process(event_id=event_id)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as workers:
        list(workers.map(process, [event.pk for event in events]))

    assert po_events(synced.submission) == [
        f"Purchase order {synced.doc_number} was closed in QuickBooks"
    ]
    assert set(QuickBooksWebhookEvent.objects.values_list("status", flat=True)) == {DONE}
