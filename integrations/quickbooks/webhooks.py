"""Intuit's webhook notifications: checked, stored raw, then processed in a task.

A purchase order that this app created and that changed in QuickBooks (updated, closed, deleted)
shows on its form's timeline."""

import base64
import binascii
import hashlib
import hmac
import json
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from integrations.quickbooks.client import purchase_order_url, quickbooks_client
from integrations.quickbooks.errors import QuickBooksError
from integrations.quickbooks.models import (
    QuickBooksConnection,
    QuickBooksSyncRecord,
    QuickBooksWebhookEvent,
)
from workflows.timeline.services import timeline_event_record

logger = logging.getLogger(__name__)


def webhook_signature_valid(*, body: bytes, signature: str) -> bool:
    """`intuit-signature` is base64 HMAC-SHA256 of the body; checked in constant time."""
    try:
        given = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        return False
    expected = hmac.new(settings.QBO_WEBHOOK_VERIFIER_TOKEN.encode(), body, hashlib.sha256).digest()
    return hmac.compare_digest(expected, given)


def webhook_event_process(*, event_id: int) -> None:
    """Put each change of one of our purchase orders on its form's timeline, once."""
    event = QuickBooksWebhookEvent.objects.get(pk=event_id)
    if event.processed_at is not None:
        return
    try:
        notifications = json.loads(event.body).get("eventNotifications", [])
    except (json.JSONDecodeError, AttributeError):
        _event_done(event, error="The body is not a webhook notification.")
        return
    for notification in notifications if isinstance(notifications, list) else []:
        realm_id = str(notification.get("realmId", ""))
        entities = (notification.get("dataChangeEvent") or {}).get("entities") or []
        for entity in entities:
            if entity.get("name") == "PurchaseOrder":
                _purchase_order_changed(realm_id, entity)
    _event_done(event)


def _purchase_order_changed(realm_id: str, entity: dict[str, Any]) -> None:
    operation = str(entity.get("operation", "Update"))
    if operation == "Create":
        return  # our own sync made it, and its timeline already says so
    records = list(
        QuickBooksSyncRecord.objects.select_related("submission").filter(
            realm_id=realm_id, qbo_po_id=str(entity.get("id", ""))
        )
    )
    if not records:
        return
    status = ""
    connection = QuickBooksConnection.objects.filter(
        company_id=records[0].company_id,
        realm_id=realm_id,
        status=QuickBooksConnection.Status.ACTIVE,
    ).first()
    if operation != "Delete" and connection is not None:
        try:
            with quickbooks_client(connection=connection) as client:
                status = str(client.read("PurchaseOrder", records[0].qbo_po_id).get("POStatus", ""))
        except QuickBooksError as error:
            logger.warning("Could not read QuickBooks PO %s: %s", records[0].qbo_po_id, error)
    for record in records:
        _record_change(record, operation, status, connection)


@transaction.atomic
def _record_change(
    record: QuickBooksSyncRecord,
    operation: str,
    status: str,
    connection: QuickBooksConnection | None,
) -> None:
    number = record.doc_number or record.qbo_po_id
    kind = "quickbooks_po_updated"
    if operation == "Delete":
        message = f"Purchase order {number} was deleted in QuickBooks"
    elif status == "Closed" and record.po_status != "Closed":
        kind, message = (
            "quickbooks_po_closed",
            f"Purchase order {number} was closed in QuickBooks",
        )
    else:
        message = f"Purchase order {number} was updated in QuickBooks"
    QuickBooksSyncRecord.objects.filter(pk=record.pk).update(
        po_status="Deleted" if operation == "Delete" else (status or record.po_status)
    )
    data: dict[str, Any] = {
        "qbo_po_id": record.qbo_po_id,
        "doc_number": record.doc_number,
        "operation": operation,
        "po_status": status,
    }
    if connection is not None and operation != "Delete":
        data["url"] = purchase_order_url(connection=connection, qbo_id=record.qbo_po_id)
        data["link_label"] = f"Open purchase order {number} in QuickBooks"
    timeline_event_record(submission=record.submission, kind=kind, message=message, data=data)


@transaction.atomic
def _event_done(event: QuickBooksWebhookEvent, error: str = "") -> None:
    QuickBooksWebhookEvent.objects.filter(pk=event.pk).update(
        processed_at=timezone.now(), error=error
    )
