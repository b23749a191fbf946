"""Intuit's webhook notifications, treated as hints: each change they name is checked, stored once,
then processed in a task that reads the entity back from QuickBooks before changing anything, so a
forged, replayed or out-of-order notification cannot say a purchase order was closed or deleted.

A purchase order that this app created and that changed in QuickBooks (updated, closed, deleted)
shows on its form's timeline."""

import base64
import binascii
import datetime
import hashlib
import hmac
import json
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from integrations.quickbooks.client import purchase_order_url, quickbooks_client
from integrations.quickbooks.errors import (
    QuickBooksError,
    QuickBooksNotConnected,
    QuickBooksRejected,
)
from integrations.quickbooks.kinds import PO_CLOSED, PO_UPDATED
from integrations.quickbooks.models import (
    QuickBooksConnection,
    QuickBooksSyncRecord,
    QuickBooksWebhookEvent,
)
from integrations.quickbooks.revisions import our_sync_tokens
from workflows.timeline.services import timeline_event_record

logger = logging.getLogger(__name__)

# Intuit's fault code for an entity that is not there (a deleted transaction reads back so).
OBJECT_NOT_FOUND = 610


def webhook_signature_valid(*, body: bytes, signature: str) -> bool:
    """`intuit-signature` is base64 HMAC-SHA256 of the body; checked in constant time. Without a
    verifier token nothing verifies: anyone could sign with an empty key."""
    key = settings.QBO_WEBHOOK_VERIFIER_TOKEN
    if not key:
        return False
    try:
        given = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        return False
    expected = hmac.new(key.encode(), body, hashlib.sha256).digest()
    return hmac.compare_digest(expected, given)


def webhook_changes(*, body: bytes) -> list[dict[str, Any]]:
    """The changes a notification names, as fields of `QuickBooksWebhookEvent`; a change that
    lacks what identifies it is left out."""
    try:
        notifications = json.loads(body).get("eventNotifications")
    except (ValueError, AttributeError) as error:
        raise ValidationError("The body is not a QuickBooks webhook notification.") from error
    if not isinstance(notifications, list):
        raise ValidationError("The body is not a QuickBooks webhook notification.")
    changes = []
    for notification in notifications:
        if not isinstance(notification, dict):
            continue
        entities = (notification.get("dataChangeEvent") or {}).get("entities") or []
        for entity in entities if isinstance(entities, list) else []:
            change = _change(str(notification.get("realmId", "")), entity)
            if change is None:
                logger.warning("Left out a QuickBooks webhook change it cannot name: %r", entity)
            else:
                changes.append(change)
    return changes


def _change(realm_id: str, entity: Any) -> dict[str, Any] | None:
    if not isinstance(entity, dict):
        return None
    names = {
        "realm_id": realm_id,
        "entity_name": str(entity.get("name", "")),
        "entity_id": str(entity.get("id", "")),
        "operation": str(entity.get("operation", "")),
    }
    limits = {"realm_id": 50, "entity_name": 50, "entity_id": 50, "operation": 20}
    last_updated = _moment(entity.get("lastUpdated"))
    if last_updated is None or any(
        not names[field] or len(names[field]) > limit for field, limit in limits.items()
    ):
        return None
    return {**names, "last_updated": last_updated}


def _moment(value: Any) -> datetime.datetime | None:
    try:
        moment = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def webhook_event_process(*, event_id: int) -> None:
    """Process one stored change, once: claim it, read the entity back, then record what
    QuickBooks says (not what the notification said). A failure is stored on the event, which
    `manage.py quickbooks_webhooks_redrive` processes again."""
    event = _event_claim(event_id)
    if event is None:
        return
    try:
        _event_perform(event)
    except QuickBooksError as error:
        _event_failed(event.pk, error.message)
    except Exception as error:
        _event_failed(event.pk, f"{type(error).__name__}: {error}")
        raise


def webhook_events_to_redrive() -> list[int]:
    """Events that failed, and events whose processing process died (its claim ran out)."""
    died = Q(status=QuickBooksWebhookEvent.Status.PROCESSING, processing_until__lte=timezone.now())
    return list(
        QuickBooksWebhookEvent.objects.filter(Q(status=QuickBooksWebhookEvent.Status.FAILED) | died)
        .order_by("last_updated", "pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def _event_claim(event_id: int) -> QuickBooksWebhookEvent | None:
    """The event, now ours to process; None when it is done or another process is on it."""
    now = timezone.now()
    event = QuickBooksWebhookEvent.objects.select_for_update().filter(pk=event_id).first()
    if event is None or event.status == QuickBooksWebhookEvent.Status.DONE:
        return None
    if (
        event.status == QuickBooksWebhookEvent.Status.PROCESSING
        and (event.processing_until or now) > now
    ):
        return None
    # Long enough for a call that waits for a call slot and for a token refresh.
    lease = datetime.timedelta(seconds=6 * settings.QBO_TIMEOUT_SECONDS)
    event.status = QuickBooksWebhookEvent.Status.PROCESSING
    event.processing_until = now + lease
    event.attempts += 1
    event.error = ""
    event.save(update_fields=["status", "processing_until", "attempts", "error"])
    return event


def _event_perform(event: QuickBooksWebhookEvent) -> None:
    # Our own sync created the POs it knows of, and their timelines already say so.
    if event.entity_name != "PurchaseOrder" or event.operation == "Create":
        _event_apply(event.pk, records=[], read_back=None)
        return
    records = list(
        QuickBooksSyncRecord.objects.filter(realm_id=event.realm_id, qbo_po_id=event.entity_id)
    )
    if not records:
        _event_apply(event.pk, records=[], read_back=None)
        return
    # Read back through the connection of the company whose purchase order it is.
    connection = QuickBooksConnection.objects.filter(
        company_id=records[0].company_id,
        realm_id=event.realm_id,
        status=QuickBooksConnection.Status.ACTIVE,
    ).first()
    if connection is None:
        raise QuickBooksNotConnected(
            "QuickBooks Online is not connected, so this change cannot be checked: "
            "reconnect it in Settings > Integrations, then re-drive the event."
        )
    mine = [record for record in records if record.company_id == connection.company_id]
    _event_apply(event.pk, records=mine, read_back=_read_back(connection, event.entity_id))


def _read_back(connection: QuickBooksConnection, qbo_id: str) -> dict[str, Any] | None:
    """The purchase order as QuickBooks has it now; None when QuickBooks has none (deleted)."""
    try:
        with quickbooks_client(connection=connection) as client:
            return client.read("PurchaseOrder", qbo_id)
    except QuickBooksRejected as error:
        if error.code == OBJECT_NOT_FOUND:
            return None
        raise


@transaction.atomic
def _event_apply(
    event_id: int, *, records: list[QuickBooksSyncRecord], read_back: dict[str, Any] | None
) -> None:
    """Under the event's and the records' locks, record what changed since we last knew, once."""
    event = QuickBooksWebhookEvent.objects.select_for_update().get(pk=event_id)
    if event.status != QuickBooksWebhookEvent.Status.PROCESSING:
        return  # another process took it over and finished it
    sync_token = str(read_back.get("SyncToken", "")) if read_back else ""
    if records:
        locked = list(
            QuickBooksSyncRecord.objects.select_for_update(of=("self",))
            .select_related("submission")
            .filter(pk__in=[record.pk for record in records])
            .order_by("pk")
        )
        # SyncTokens already seen (read once the records are locked, so that an event of the
        # same PO processed meanwhile is counted): our sync's, and those read back before.
        seen = set(
            QuickBooksWebhookEvent.objects.filter(
                realm_id=event.realm_id,
                entity_name=event.entity_name,
                entity_id=event.entity_id,
                status=QuickBooksWebhookEvent.Status.DONE,
            )
            .exclude(read_sync_token="")
            .values_list("read_sync_token", flat=True)
        )
        connection = QuickBooksConnection.objects.filter(
            company_id=records[0].company_id, realm_id=event.realm_id
        ).first()
        for record in locked:
            _record_change(record, read_back, seen, connection)
    event.status = QuickBooksWebhookEvent.Status.DONE
    event.processing_until = None
    event.processed_at = timezone.now()
    event.read_sync_token = sync_token
    event.error = ""
    event.save(
        update_fields=["status", "processing_until", "processed_at", "read_sync_token", "error"]
    )


def _record_change(
    record: QuickBooksSyncRecord,
    read_back: dict[str, Any] | None,
    seen: set[str],
    connection: QuickBooksConnection | None,
) -> None:
    number = record.doc_number or record.qbo_po_id
    kind = PO_UPDATED.key
    if read_back is None:
        if record.po_status == "Deleted":
            return
        status, message = "Deleted", f"Purchase order {number} was deleted in QuickBooks"
    else:
        status = str(read_back.get("POStatus", "")) or record.po_status
        sync_token = str(read_back.get("SyncToken", ""))
        if status == "Closed" and record.po_status != "Closed":
            kind, message = PO_CLOSED.key, f"Purchase order {number} was closed in QuickBooks"
        elif status == record.po_status and (
            sync_token in seen or sync_token in our_sync_tokens(record)
        ):
            return  # nothing changed since we last knew, or the change is ours (a revision)
        else:
            message = f"Purchase order {number} was updated in QuickBooks"
    QuickBooksSyncRecord.objects.filter(pk=record.pk).update(po_status=status)
    data: dict[str, Any] = {
        "qbo_po_id": record.qbo_po_id,
        "doc_number": record.doc_number,
        "operation": "Delete" if read_back is None else "Update",
        "po_status": status,
    }
    if connection is not None and read_back is not None:
        data["url"] = purchase_order_url(connection=connection, qbo_id=record.qbo_po_id)
        data["link_label"] = f"Open purchase order {number} in QuickBooks"
    timeline_event_record(submission=record.submission, kind=kind, message=message, data=data)


@transaction.atomic
def _event_failed(event_id: int, error: str) -> None:
    QuickBooksWebhookEvent.objects.filter(
        pk=event_id, status=QuickBooksWebhookEvent.Status.PROCESSING
    ).update(status=QuickBooksWebhookEvent.Status.FAILED, processing_until=None, error=error)
