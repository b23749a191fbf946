"""Intuit's webhooks: signed bodies are stored and processed; anything else changes nothing."""

import base64
import hashlib
import hmac
import json

import pytest
import requests

from integrations.qbo_sandbox.models import SandboxCompany
from integrations.qbo_sandbox.services import entity_update
from integrations.quickbooks.models import QuickBooksSyncRecord, QuickBooksWebhookEvent
from integrations.quickbooks.purchase_orders import purchase_order_sync
from tests.integrations.quickbooks.conftest import REALM_ID, SYNC_CONFIG


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # These tests send their own notifications; the sandbox's go to a port nobody listens on.
    settings.QBO_SANDBOX_WEBHOOK_URL = "http://127.0.0.1:9/"


def notification(qbo_id: str, operation: str = "Update") -> bytes:
    return json.dumps(
        {
            "eventNotifications": [
                {
                    "realmId": REALM_ID,
                    "dataChangeEvent": {
                        "entities": [
                            {
                                "name": "PurchaseOrder",
                                "id": qbo_id,
                                "operation": operation,
                                "lastUpdated": "2026-11-25T23:00:00.000Z",
                            }
                        ]
                    },
                }
            ]
        }
    ).encode()


def signed(body: bytes, token: str) -> str:
    return base64.b64encode(hmac.new(token.encode(), body, hashlib.sha256).digest()).decode()


def test_a_closed_po_shows_on_its_form_timeline(origin, connection, submit, settings):
    submission = submit()
    record = purchase_order_sync(submission=submission, config=SYNC_CONFIG, key="run:sync")
    company = SandboxCompany.objects.get(realm_id=REALM_ID)
    current = record.response
    entity_update(
        company=company,
        entity_type="PurchaseOrder",
        payload={
            "Id": record.qbo_po_id,
            "SyncToken": current["SyncToken"],
            "sparse": True,
            "POStatus": "Closed",
        },
    )
    body = notification(record.qbo_po_id)

    answer = requests.post(
        origin + "/integrations/quickbooks/webhooks/",
        data=body,
        headers={
            "intuit-signature": signed(body, settings.QBO_WEBHOOK_VERIFIER_TOKEN),
            "Content-Type": "application/json",
        },
        timeout=10,
    )

    assert answer.status_code == 200
    event = QuickBooksWebhookEvent.objects.get()
    assert event.body == body.decode()
    assert event.processed_at is not None
    closed = submission.timeline.get(kind="quickbooks_po_closed")
    assert closed.message == f"Purchase order {record.doc_number} was closed in QuickBooks"
    assert QuickBooksSyncRecord.objects.get(pk=record.pk).po_status == "Closed"


@pytest.mark.parametrize("signature", ["", "bm90IGEgc2lnbmF0dXJl", "not base64!"])
def test_a_webhook_with_a_bad_signature_is_refused_and_changes_nothing(
    origin, connection, submit, signature
):
    submission = submit()
    record = purchase_order_sync(submission=submission, config=SYNC_CONFIG, key="run:sync")
    body = notification(record.qbo_po_id, "Delete")
    headers = {"Content-Type": "application/json"}
    if signature:
        headers["intuit-signature"] = signature

    answer = requests.post(
        origin + "/integrations/quickbooks/webhooks/", data=body, headers=headers, timeout=10
    )

    assert answer.status_code == 401
    assert not QuickBooksWebhookEvent.objects.exists()
    assert not submission.timeline.filter(kind__startswith="quickbooks_po").exists()


def test_a_body_signed_with_another_token_is_refused(origin, connection, settings):
    body = notification("1")
    answer = requests.post(
        origin + "/integrations/quickbooks/webhooks/",
        data=body,
        headers={"intuit-signature": signed(body, settings.QBO_WEBHOOK_VERIFIER_TOKEN + "x")},
        timeout=10,
    )
    assert answer.status_code == 401
    assert not QuickBooksWebhookEvent.objects.exists()
