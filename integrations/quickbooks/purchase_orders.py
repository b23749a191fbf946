"""A submitted purchase order becomes a PurchaseOrder in QuickBooks Online, exactly once.

The fewest calls: linked vendors and items are used as they are; whatever is not linked is looked
up in one batch (vendor by DisplayName, items by Name) and, if still missing, created in a second
batch; the purchase order itself is the last call. Its `requestid` is derived from the workflow
step, so QuickBooks answers a repeated create with the first purchase order instead of a second.
"""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from integrations.quickbooks.client import (
    QuickBooksClient,
    purchase_order_url,
    quickbooks_client,
    quickbooks_query_text,
)
from integrations.quickbooks.errors import QuickBooksRejected, QuickBooksUnavailable
from integrations.quickbooks.models import QuickBooksConnection, QuickBooksSyncRecord
from integrations.quickbooks.selectors import quickbooks_connection_active
from ontraccr_clone.catalog.models import Material, Vendor
from workflows.engine.models import StepRun
from workflows.forms.models import FormSubmission
from workflows.timeline.services import timeline_event_record

DUPLICATE_NAME_FAULT = "6240"
BATCH_LIMIT = 30


class SyncSettingsError(QuickBooksRejected):
    """The step's field mapping does not fit the submitted form."""


@dataclass
class OrderLine:
    name: str
    description: str
    quantity: Decimal
    unit_cost: Decimal
    amount: Decimal
    material: Material | None
    item_id: str = ""


@dataclass
class Order:
    """What the form says, in QuickBooks' terms but before any QuickBooks id is known."""

    submission: FormSubmission
    vendor: Vendor
    lines: list[OrderLine]
    memo: str
    due_date: str
    create_unlinked_items: bool
    vendor_id: str = ""
    created: list[str] = field(default_factory=list)


def sync_request_id(*, key: str) -> str:
    """The `requestid` for one step of one form: stable, and within Intuit's 50 characters."""
    return "po-" + hashlib.sha256(key.encode()).hexdigest()[:40]


def order_read(*, submission: FormSubmission, config: dict[str, Any]) -> Order:
    """Read the mapped fields of a submission."""
    data = submission.data
    chosen = data.get(config.get("vendor_field", "")) or []
    if not chosen:
        raise SyncSettingsError("The form has no vendor chosen in the mapped Vendor field.")
    vendor = Vendor.objects.filter(company_id=submission.company_id, pk=chosen[0]["id"]).first()
    if vendor is None:
        raise SyncSettingsError(f"The vendor {chosen[0].get('name', '')!r} no longer exists.")
    rows = data.get(config.get("materials_field", "")) or []
    if not rows:
        raise SyncSettingsError("The mapped Materials table has no rows.")
    materials = Material.objects.in_bulk(
        [row["material_id"] for row in rows if row.get("material_id")]
    )
    lines = []
    for row in rows:
        material = materials.get(row.get("material_id"))
        if material is not None and material.company_id != submission.company_id:
            material = None
        lines.append(
            OrderLine(
                name=(material.name if material else row.get("name", "")).strip(),
                description=row.get("description") or "",
                quantity=Decimal(row["quantity"]),
                unit_cost=Decimal(row["unit_cost"]),
                amount=Decimal(row["amount"]),
                material=material,
                item_id=material.qbo_item_id if material else "",
            )
        )
    memo_field, due_field = config.get("memo_field") or "", config.get("due_date_field") or ""
    return Order(
        submission=submission,
        vendor=vendor,
        lines=lines,
        memo=str(data.get(memo_field) or "") if memo_field else "",
        due_date=str(data.get(due_field) or "") if due_field else "",
        create_unlinked_items=bool(config.get("create_unlinked_items")),
        vendor_id=vendor.qbo_id,
    )


def purchase_order_payload(*, order: Order, connection: QuickBooksConnection) -> dict[str, Any]:
    """The PurchaseOrder exactly as it is sent; unresolved ids show as empty strings."""
    payload: dict[str, Any] = {
        "DocNumber": order.submission.number[:21],
        "VendorRef": {"value": order.vendor_id, "name": order.vendor.name},
        "Line": [
            {
                "DetailType": "ItemBasedExpenseLineDetail",
                "Amount": float(line.amount),
                "Description": line.description or line.name,
                "ItemBasedExpenseLineDetail": {
                    "ItemRef": {"value": line.item_id, "name": line.name},
                    "Qty": float(line.quantity),
                    "UnitPrice": float(line.unit_cost),
                },
            }
            for line in order.lines
        ],
    }
    if connection.payable_account_id:
        payload["APAccountRef"] = {
            "value": connection.payable_account_id,
            "name": connection.payable_account_name,
        }
    if order.memo:
        payload["Memo"] = order.memo[:4000]
    if order.due_date:
        payload["DueDate"] = order.due_date
    return payload


def purchase_order_sync(
    *,
    submission: FormSubmission,
    config: dict[str, Any],
    key: str,
    tried_before: bool = False,
    step_run: StepRun | None = None,
) -> QuickBooksSyncRecord:
    """Create the submission's purchase order in QuickBooks once, and record it.

    `key` identifies one try of the workflow step on this form: automatic retries and resumed
    attempts give the same key. `tried_before` says an earlier try had another key (an admin's
    Retry), whose PO may exist although its answer was lost: it is looked up by number first.
    """
    request_id = sync_request_id(key=key)
    recorded = QuickBooksSyncRecord.objects.filter(request_id=request_id).first()
    if recorded is not None:
        return recorded
    connection = quickbooks_connection_active(company=submission.company)
    order = order_read(submission=submission, config=config)
    with quickbooks_client(connection=connection) as client:
        if tried_before:
            earlier = _earlier_purchase_order(client, order)
            if earlier is not None:
                return _sync_record_save(
                    connection=connection,
                    order=order,
                    request_id=request_id,
                    payload={},
                    response=earlier,
                    step_run=step_run,
                )
        references_resolve(client=client, order=order, connection=connection)
        payload = purchase_order_payload(order=order, connection=connection)
        response = client.create("PurchaseOrder", payload, request_id=request_id)
    return _sync_record_save(
        connection=connection,
        order=order,
        request_id=request_id,
        payload=payload,
        response=response,
        step_run=step_run,
    )


def _earlier_purchase_order(client: QuickBooksClient, order: Order) -> dict[str, Any] | None:
    number = quickbooks_query_text(order.submission.number[:21])
    found = client.query(f"select * from PurchaseOrder where DocNumber = {number}")
    orders = found.get("PurchaseOrder", [])
    return orders[0] if orders else None


def references_resolve(
    *, client: QuickBooksClient, order: Order, connection: QuickBooksConnection
) -> None:
    """Give the vendor and every line a QuickBooks id: linked, found by name, or created."""
    unlinked = [line for line in order.lines if not line.item_id]
    if not order.vendor_id or unlinked:
        _references_find(client, order, unlinked)
    missing = [line for line in order.lines if not line.item_id]
    if missing and not order.create_unlinked_items:
        names = ", ".join(sorted({line.name for line in missing}))
        raise QuickBooksRejected(
            f"These materials are not in QuickBooks: {names}. Link or import them, or turn on "
            "'Create unlinked items' in the workflow's Sync with QuickBooks step."
        )
    if not order.vendor_id or missing:
        _references_create(client, order, missing, connection)
    _links_save(order)


def _references_find(client: QuickBooksClient, order: Order, unlinked: list[OrderLine]) -> None:
    queries = []
    if not order.vendor_id:
        queries.append(
            {
                "bId": "vendor",
                "Query": "select * from Vendor where DisplayName = "
                + quickbooks_query_text(order.vendor.name),
            }
        )
    names = sorted({line.name for line in unlinked})
    if names:
        listed = ", ".join(quickbooks_query_text(name) for name in names)
        queries.append(
            {
                "bId": "items",
                "Query": f"select * from Item where Name in ({listed}) MAXRESULTS 1000",
            }
        )
    answers = {answer["bId"]: answer for answer in client.batch(queries)}
    for answer in answers.values():
        _raise_fault(answer)
    vendors = answers.get("vendor", {}).get("QueryResponse", {}).get("Vendor", [])
    if vendors:
        order.vendor_id = str(vendors[0]["Id"])
    found = {
        str(item["Name"]).lower(): str(item["Id"])
        for item in answers.get("items", {}).get("QueryResponse", {}).get("Item", [])
    }
    for line in unlinked:
        line.item_id = found.get(line.name.lower(), "")


def _references_create(
    client: QuickBooksClient,
    order: Order,
    missing: list[OrderLine],
    connection: QuickBooksConnection,
) -> None:
    creates: list[dict[str, Any]] = []
    if not order.vendor_id:
        creates.append(
            {"bId": "vendor", "operation": "create", "Vendor": _vendor_body(order.vendor)}
        )
    by_name: dict[str, list[OrderLine]] = {}
    for line in missing:
        by_name.setdefault(line.name.lower(), []).append(line)
    for index, lines in enumerate(by_name.values()):
        creates.append(
            {
                "bId": f"item-{index}",
                "operation": "create",
                "Item": _item_body(lines[0], connection),
            }
        )
    if len(creates) > BATCH_LIMIT:
        raise QuickBooksRejected(
            f"This purchase order needs {len(creates)} new QuickBooks records; QuickBooks takes "
            f"at most {BATCH_LIMIT} at once. Import the materials from Settings first."
        )
    answers = {answer["bId"]: answer for answer in client.batch(creates)}
    for answer in answers.values():
        _raise_fault(answer)
    if "vendor" in answers:
        order.vendor_id = str(answers["vendor"]["Vendor"]["Id"])
        order.created.append(f"vendor {order.vendor.name}")
    for index, lines in enumerate(by_name.values()):
        item = answers[f"item-{index}"]["Item"]
        for line in lines:
            line.item_id = str(item["Id"])
        order.created.append(f"item {item['Name']}")


def _vendor_body(vendor: Vendor) -> dict[str, Any]:
    body: dict[str, Any] = {"DisplayName": vendor.name}
    if vendor.email:
        body["PrimaryEmailAddr"] = {"Address": vendor.email}
    if vendor.phone:
        body["PrimaryPhone"] = {"FreeFormNumber": vendor.phone}
    return body


def _item_body(line: OrderLine, connection: QuickBooksConnection) -> dict[str, Any]:
    body: dict[str, Any] = {
        "Name": line.name[:100],
        "Type": "NonInventory",
        "PurchaseCost": float(line.unit_cost),
    }
    description = (line.material.description if line.material else "") or line.description
    if description:
        body["PurchaseDesc"] = description[:4000]
    if connection.income_account_id:
        body["IncomeAccountRef"] = {"value": connection.income_account_id}
    if connection.expense_account_id:
        body["ExpenseAccountRef"] = {"value": connection.expense_account_id}
    return body


def _raise_fault(answer: dict[str, Any]) -> None:
    fault = answer.get("Fault")
    if not fault:
        return
    errors = fault.get("Error") or [{}]
    first = errors[0]
    code = str(first.get("code", ""))
    message = " ".join(part for part in (first.get("Message", ""), first.get("Detail", "")) if part)
    if code == DUPLICATE_NAME_FAULT:
        # Someone created it between our lookup and our create: the next attempt will find it.
        raise QuickBooksUnavailable(f"QuickBooks: {message}", retry_after=1)
    raise QuickBooksRejected(f"QuickBooks: {message}", code=code)


@transaction.atomic
def _links_save(order: Order) -> None:
    """Remember QuickBooks ids beside the catalog rows, so the next PO needs no lookups."""
    if order.vendor_id and order.vendor.qbo_id != order.vendor_id:
        Vendor.objects.filter(pk=order.vendor.pk).update(qbo_id=order.vendor_id)
    for line in order.lines:
        if line.material is not None and line.item_id and line.material.qbo_item_id != line.item_id:
            Material.objects.filter(pk=line.material.pk).update(qbo_item_id=line.item_id)


@transaction.atomic
def _sync_record_save(
    *,
    connection: QuickBooksConnection,
    order: Order,
    request_id: str,
    payload: dict[str, Any],
    response: dict[str, Any],
    step_run: StepRun | None,
) -> QuickBooksSyncRecord:
    recorded = QuickBooksSyncRecord.objects.filter(request_id=request_id).first()
    if recorded is not None:
        return recorded  # a concurrent attempt recorded the same answer first
    now = timezone.now()
    record = QuickBooksSyncRecord.objects.create(
        company_id=order.submission.company_id,
        submission=order.submission,
        step_run=step_run,
        request_id=request_id,
        realm_id=connection.realm_id,
        qbo_po_id=str(response["Id"]),
        doc_number=str(response.get("DocNumber", "")),
        po_status=str(response.get("POStatus", "")),
        payload=payload,
        response=response,
        created_at=now,
    )
    QuickBooksConnection.objects.filter(pk=connection.pk).update(last_sync_at=now)
    number = record.doc_number or record.qbo_po_id
    timeline_event_record(
        submission=order.submission,
        kind="synced_quickbooks",
        message=f"Synced with QuickBooks as purchase order {number}",
        data={
            "qbo_po_id": record.qbo_po_id,
            "doc_number": record.doc_number,
            "url": purchase_order_url(connection=connection, qbo_id=record.qbo_po_id),
            "link_label": f"Open purchase order {number} in QuickBooks",
            "created": order.created,
        },
        at=now,
        step_run=step_run,
    )
    return record
