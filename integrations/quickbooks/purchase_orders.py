"""A submitted purchase order becomes a PurchaseOrder in QuickBooks Online, exactly once.

The fewest calls: linked vendors and items are used as they are; whatever is not linked is looked
up in one batch (vendor by DisplayName, items by Name) and, if still missing, created in a second
batch; the purchase order itself is the last call. Its `requestid` is derived from the workflow
step, so QuickBooks answers a repeated create with the first purchase order instead of a second.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from integrations.quickbooks.client import (
    LeaseCheck,
    QuickBooksClient,
    purchase_order_url,
    quickbooks_client,
    quickbooks_query_text,
)
from integrations.quickbooks.errors import QuickBooksRejected, QuickBooksUnavailable
from integrations.quickbooks.kinds import SYNCED
from integrations.quickbooks.links import quickbooks_link_map, quickbooks_links_add
from integrations.quickbooks.models import (
    QuickBooksConnection,
    QuickBooksLink,
    QuickBooksSyncRecord,
)
from integrations.quickbooks.preferences import (
    CompanyPreferences,
    company_preferences,
    company_preferences_fresh,
    company_preferences_read,
)
from integrations.quickbooks.selectors import quickbooks_connection_active
from ontraccr_clone.catalog.models import Customer, Material, Vendor
from workflows.engine.ledger import outside_effect_find, outside_effect_save
from workflows.engine.models import StepRun
from workflows.forms.models import FormSubmission
from workflows.timeline.services import timeline_event_record

DUPLICATE_NAME_FAULT = "6240"
BATCH_LIMIT = 30
PURCHASE_ORDERS_OFF = (
    "Purchase orders are turned off in QuickBooks. Turn on purchase orders in QuickBooks: "
    "Settings > Account and settings > Expenses > Purchase orders, then choose Refresh from "
    "QuickBooks in Settings > Integrations."
)


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
    # The vendor's currency in QuickBooks, once known (blank: not looked at).
    vendor_currency: str = ""
    created: list[str] = field(default_factory=list)
    # The customer or project every line is costed to, and the class by its QuickBooks name.
    customer: Customer | None = None
    customer_id: str = ""
    class_name: str = ""
    class_id: str = ""


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
    item_ids = quickbooks_link_map(
        company_id=submission.company_id,
        kind=QuickBooksLink.Kind.ITEM,
        object_ids=list(materials),
    )
    vendor_ids = quickbooks_link_map(
        company_id=submission.company_id, kind=QuickBooksLink.Kind.VENDOR, object_ids=[vendor.pk]
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
                item_id=item_ids.get(material.pk, "") if material else "",
            )
        )
    memo_field, due_field = config.get("memo_field") or "", config.get("due_date_field") or ""
    customer = _customer_read(submission, config)
    customer_ids = (
        quickbooks_link_map(
            company_id=submission.company_id,
            kind=QuickBooksLink.Kind.CUSTOMER,
            object_ids=[customer.pk],
        )
        if customer
        else {}
    )
    class_field = config.get("class_field") or ""
    return Order(
        submission=submission,
        vendor=vendor,
        lines=lines,
        memo=str(data.get(memo_field) or "") if memo_field else "",
        due_date=str(data.get(due_field) or "") if due_field else "",
        create_unlinked_items=bool(config.get("create_unlinked_items")),
        vendor_id=vendor_ids.get(vendor.pk, ""),
        customer=customer,
        customer_id=customer_ids.get(customer.pk, "") if customer else "",
        class_name=str(submission.data.get(class_field) or "").strip() if class_field else "",
    )


def _customer_read(submission: FormSubmission, config: dict[str, Any]) -> Customer | None:
    chosen = submission.data.get(config.get("project_field") or "") or []
    if not chosen:
        return None
    customer = (
        Customer.objects.filter(company_id=submission.company_id, pk=chosen[0]["id"])
        .select_related("parent")
        .first()
    )
    if customer is None:
        raise SyncSettingsError(f"The project {chosen[0].get('name', '')!r} no longer exists.")
    return customer


def purchase_order_payload(*, order: Order, connection: QuickBooksConnection) -> dict[str, Any]:
    """The PurchaseOrder exactly as it is sent; unresolved ids show as empty strings."""
    preferences = company_preferences(connection=connection)
    payload: dict[str, Any] = {
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
                    **_job_costing(order, preferences),
                },
            }
            for line in order.lines
        ],
    }
    if order.class_name and preferences.class_tracking == "per_transaction":
        payload["ClassRef"] = {"value": order.class_id, "name": order.class_name}
    if connection.payable_account_id:
        payload["APAccountRef"] = {
            "value": connection.payable_account_id,
            "name": connection.payable_account_name,
        }
    if preferences.custom_doc_numbers:
        payload["DocNumber"] = order.submission.number[:21]
    else:
        # QuickBooks numbers it itself and would ignore ours: ours goes in its memo.
        payload["PrivateNote"] = order.submission.number
    if preferences.multi_currency and order.vendor_currency:
        payload["CurrencyRef"] = {"value": order.vendor_currency}
    if order.memo:
        payload["Memo"] = order.memo[:4000]
    if order.due_date:
        payload["DueDate"] = order.due_date
    return payload


def _job_costing(order: Order, preferences: CompanyPreferences) -> dict[str, Any]:
    """What each line says of the job it is for (billable when the company bills expenses on to
    its customers) and of its class, when classes are tracked per line."""
    detail: dict[str, Any] = {}
    if order.customer is not None:
        detail["CustomerRef"] = {"value": order.customer_id, "name": order.customer.full_name}
        detail["BillableStatus"] = "Billable" if preferences.billable_expenses else "NotBillable"
    if order.class_name and preferences.class_tracking == "per_line":
        detail["ClassRef"] = {"value": order.class_id, "name": order.class_name}
    return detail


# What a step (or the bench) keeps in the engine's ledger, under `f"{key}:{what}"`: the request
# saved right before the create is sent, so that a resumed attempt replays it first, and the
# purchase order once QuickBooks answered.
LEDGER_REQUEST = "quickbooks_po_request"
LEDGER_PURCHASE_ORDER = "quickbooks_po"


def _ledger_key(key: str, what: str) -> str:
    return f"{key}:{what}"


def purchase_order_effect_find(*, key: str) -> dict[str, Any] | None:
    """What the try of `key` made in QuickBooks (the purchase order), if it got that far."""
    return outside_effect_find(key=_ledger_key(key, LEDGER_PURCHASE_ORDER))


def purchase_order_send(
    *,
    submission: FormSubmission,
    config: dict[str, Any],
    key: str,
    earlier_keys: Sequence[str] = (),
    step_run: StepRun | None = None,
    lease_check: LeaseCheck | None = None,
) -> dict[str, Any]:
    """Create the submission's purchase order in QuickBooks once; returns what was made (the
    PO, the vendor and items it resolved or created), as saved in the engine's ledger. Writes
    nothing else: `purchase_order_record` does.

    `key` identifies one try of the workflow step on this form: automatic retries and resumed
    attempts give the same key, and find the first one's PO in the ledger, or replay its create
    with the same `requestid` before anything else. `earlier_keys` are those of earlier tries
    with another key (an admin's Retry), whose PO may exist although its answer was lost: their
    ledger, then QuickBooks by number, are looked at first. `lease_check` raises `LeaseLost` when
    the caller's step run was taken over; it is asked before the create and while waiting.
    """
    found = purchase_order_effect_find(key=key)
    if found is not None:
        return found
    request_id = sync_request_id(key=key)
    connection = quickbooks_connection_active(company=submission.company)
    with quickbooks_client(connection=connection, lease_check=lease_check) as client:
        sent = outside_effect_find(key=_ledger_key(key, LEDGER_REQUEST))
        if sent is not None:
            # An attempt of this key may have made the PO and lost the answer: the same create
            # with the same requestid gets the first PO back, or makes it now.
            response = client.create("PurchaseOrder", sent["payload"], request_id=request_id)
            return _effect_save(step_run, key, connection, {**sent, "response": response})
        if not company_preferences_fresh(client=client).purchase_orders:
            raise QuickBooksRejected(PURCHASE_ORDERS_OFF)
        order = order_read(submission=submission, config=config)
        earlier = _earlier_purchase_order(client, order, earlier_keys)
        if earlier is not None:
            return _effect_save(
                step_run,
                key,
                connection,
                {
                    "payload": {},
                    "response": earlier,
                    "vendor_id": "",
                    "item_ids": {},
                    "created": [],
                },
            )
        references_resolve(
            client=client, order=order, connection=connection, lease_check=lease_check
        )
        request = {
            "payload": purchase_order_payload(order=order, connection=connection),
            "vendor_id": order.vendor_id,
            # Catalog rows and the QuickBooks ids they got: links to remember once recorded.
            "vendor_links": {str(order.vendor.pk): order.vendor_id},
            "customer_links": {str(order.customer.pk): order.customer_id} if order.customer else {},
            "item_links": {
                str(line.material.pk): line.item_id
                for line in order.lines
                if line.material is not None and line.item_id
            },
            "created": order.created,
        }
        if lease_check is not None:
            lease_check()
        sent = outside_effect_save(
            step_run=step_run,  # type: ignore[arg-type]  # the bench syncs without a step run
            key=_ledger_key(key, LEDGER_REQUEST),
            kind=LEDGER_REQUEST,
            data=request,
        )
        try:
            response = client.create("PurchaseOrder", sent["payload"], request_id=request_id)
        except QuickBooksRejected as error:
            raise _refusal_explained(client, order, error) from error
    return _effect_save(step_run, key, connection, {**sent, "response": response})


def _refusal_explained(
    client: QuickBooksClient, order: Order, error: QuickBooksRejected
) -> QuickBooksRejected:
    """Why QuickBooks refused the purchase order, with the way out, when its settings changed
    since we read them: they are read again (and kept), and the vendor's currency looked at."""
    preferences = company_preferences_read(client=client)
    if not preferences.purchase_orders:
        return QuickBooksRejected(PURCHASE_ORDERS_OFF)
    if not preferences.multi_currency and not order.vendor_currency:
        vendor = client.read("Vendor", order.vendor_id)
        order.vendor_currency = str(vendor.get("CurrencyRef", {}).get("value", ""))
        try:
            _currency_check(order, preferences)
        except QuickBooksRejected as plain:
            return plain
    return error


def _currency_check(order: Order, preferences: CompanyPreferences) -> None:
    """A vendor in another currency than the company's takes POs only with multicurrency on."""
    home = preferences.home_currency
    currency = order.vendor_currency or home
    if currency != home and not preferences.multi_currency:
        raise QuickBooksRejected(
            f"The vendor {order.vendor.name} is in {currency} in QuickBooks, but multicurrency is "
            f"off there, so QuickBooks takes purchase orders in {home} only. Choose a vendor in "
            f"{home}, or turn on multicurrency in QuickBooks (Settings > Account and settings > "
            "Advanced > Currency), choose Refresh from QuickBooks in Settings > Integrations and "
            "retry."
        )


def _effect_save(
    step_run: StepRun | None, key: str, connection: QuickBooksConnection, data: dict[str, Any]
) -> dict[str, Any]:
    response = data["response"]
    qbo_po_id = str(response["Id"])
    effect = {
        "vendor_links": {},
        "item_links": {},
        "created": [],
        **data,
        "request_id": sync_request_id(key=key),
        "realm_id": connection.realm_id,
        "qbo_po_id": qbo_po_id,
        "doc_number": str(response.get("DocNumber", "")),
        "po_status": str(response.get("POStatus", "")),
        "url": purchase_order_url(connection=connection, qbo_id=qbo_po_id),
    }
    return outside_effect_save(
        step_run=step_run,  # type: ignore[arg-type]  # the bench syncs without a step run
        key=_ledger_key(key, LEDGER_PURCHASE_ORDER),
        kind=LEDGER_PURCHASE_ORDER,
        data=effect,
    )


def purchase_order_record(
    *, submission: FormSubmission, effect: dict[str, Any], step_run: StepRun | None = None
) -> QuickBooksSyncRecord:
    """Write what a sync made: the sync record, the catalog's links, the connection's last sync
    and the "Synced with QuickBooks" timeline event. Called once per effect: by the step's
    `record`, under the run's lock, by the lease holder only."""
    now = timezone.now()
    record = QuickBooksSyncRecord.objects.create(
        company_id=submission.company_id,
        submission=submission,
        step_run=step_run,
        request_id=effect["request_id"],
        realm_id=effect["realm_id"],
        qbo_po_id=effect["qbo_po_id"],
        doc_number=effect["doc_number"],
        po_status=effect["po_status"],
        payload=effect["payload"],
        response=effect["response"],
        created_at=now,
    )
    for kind, links in (
        (QuickBooksLink.Kind.VENDOR, effect["vendor_links"]),
        (QuickBooksLink.Kind.ITEM, effect["item_links"]),
        (QuickBooksLink.Kind.CUSTOMER, effect.get("customer_links", {})),
    ):
        quickbooks_links_add(
            company_id=submission.company_id,
            kind=kind,
            links={int(object_id): qbo_id for object_id, qbo_id in links.items() if qbo_id},
        )
    QuickBooksConnection.objects.filter(
        company_id=submission.company_id, realm_id=effect["realm_id"]
    ).update(last_sync_at=now)
    number = record.doc_number or record.qbo_po_id
    timeline_event_record(
        submission=submission,
        kind=SYNCED.key,
        message=f"Synced with QuickBooks as purchase order {number}",
        data={
            "qbo_po_id": record.qbo_po_id,
            "doc_number": record.doc_number,
            "url": effect["url"],
            "link_label": f"Open purchase order {number} in QuickBooks",
            "created": effect["created"],
        },
        at=now,
        step_run=step_run,
    )
    return record


def purchase_order_sync(
    *, submission: FormSubmission, config: dict[str, Any], key: str
) -> QuickBooksSyncRecord:
    """Send and record a purchase order outside any workflow (the bench's own measure)."""
    effect = purchase_order_send(submission=submission, config=config, key=key)
    with transaction.atomic():
        return purchase_order_record(submission=submission, effect=effect)


def _earlier_purchase_order(
    client: QuickBooksClient, order: Order, earlier_keys: Sequence[str]
) -> dict[str, Any] | None:
    """The PO an earlier try of the step made: from the ledger, else found by its number."""
    if not earlier_keys:
        return None
    for earlier_key in earlier_keys:
        effect = purchase_order_effect_find(key=earlier_key)
        if effect is not None:
            return dict(effect["response"])
    if company_preferences(connection=client.connection).custom_doc_numbers:
        where = f"DocNumber = {quickbooks_query_text(order.submission.number[:21])}"
    else:
        where = f"PrivateNote = {quickbooks_query_text(order.submission.number)}"
    found = client.query(f"select * from PurchaseOrder where {where}")
    orders = found.get("PurchaseOrder", [])
    return orders[0] if orders else None


def references_resolve(
    *,
    client: QuickBooksClient,
    order: Order,
    connection: QuickBooksConnection,
    lease_check: LeaseCheck | None = None,
) -> None:
    """Give the vendor and every line a QuickBooks id: linked, found by name, or created; where
    the company has several currencies, know the vendor's; and give the project and class
    theirs: linked or found by name, never created."""
    preferences = company_preferences(connection=connection)
    if order.class_name and preferences.class_tracking == "off":
        raise QuickBooksRejected(CLASS_TRACKING_OFF.format(name=order.class_name))
    unlinked = [line for line in order.lines if not line.item_id]
    currency_wanted = preferences.multi_currency and bool(order.vendor_id)
    unlinked_customer = order.customer is not None and not order.customer_id
    if not order.vendor_id or unlinked or currency_wanted or unlinked_customer or order.class_name:
        _references_find(client, order, unlinked)
    _currency_check(order, preferences)
    if order.customer is not None and not order.customer_id:
        raise QuickBooksRejected(
            f"The project {order.customer.full_name} is not in QuickBooks. Import customers "
            "from QuickBooks in Settings > QuickBooks Online, or link it in Customers."
        )
    if order.class_name and not order.class_id:
        raise QuickBooksRejected(
            f"QuickBooks has no class named {order.class_name!r}. Add it in QuickBooks (Lists > "
            "Classes), or change the form's Class options to names QuickBooks has."
        )
    missing = [line for line in order.lines if not line.item_id]
    if missing and not order.create_unlinked_items:
        raise QuickBooksRejected(_missing_items_advice(missing))
    if not order.vendor_id or missing:
        if lease_check is not None:
            lease_check()
        _references_create(client, order, missing, connection)


CLASS_TRACKING_OFF = (
    "The PO names the class {name!r}, but class tracking is off in the QuickBooks company. "
    "Turn on 'Track classes' in QuickBooks (Account and settings > Advanced), or remove the "
    "Class field from the workflow's Sync with QuickBooks step."
)


def _missing_items_advice(missing: list[OrderLine]) -> str:
    """Why the PO cannot be sent, and each way out: a catalog material can be linked, a line
    typed in by hand has no catalog row, so only QuickBooks can have it under its name."""
    materials = sorted({line.name for line in missing if line.material is not None})
    typed = sorted({line.name for line in missing if line.material is None})
    ways = []
    if materials:
        ways.append(
            f"These materials are not in QuickBooks: {', '.join(materials)}. Link them in "
            "Materials, or import them from QuickBooks."
        )
    if typed:
        ways.append(
            f"These lines were typed in and are not in QuickBooks: {', '.join(typed)}. Add items "
            "named exactly so in QuickBooks."
        )
    return (
        " ".join(ways) + " Or turn on 'Create unlinked items' in the workflow's Sync with "
        "QuickBooks step, publish the workflow and retry with the published settings."
    )


def _references_find(client: QuickBooksClient, order: Order, unlinked: list[OrderLine]) -> None:
    if order.vendor_id:
        # Linked: read for its currency, in the batch that is sent anyway.
        vendor_where = f"Id = {quickbooks_query_text(order.vendor_id)}"
    else:
        vendor_where = f"DisplayName = {quickbooks_query_text(order.vendor.name)}"
    queries = [{"bId": "vendor", "Query": f"select * from Vendor where {vendor_where}"}]
    names = sorted({line.name for line in unlinked})
    if names:
        listed = ", ".join(quickbooks_query_text(name) for name in names)
        queries.append(
            {
                "bId": "items",
                "Query": f"select * from Item where Name in ({listed}) MAXRESULTS 1000",
            }
        )
    # A project is found by its own name, unique among QuickBooks customers and jobs.
    if order.customer is not None and not order.customer_id:
        queries.append(
            {
                "bId": "customer",
                "Query": "select * from Customer where DisplayName = "
                + quickbooks_query_text(order.customer.name),
            }
        )
    if order.class_name:
        queries.append(
            {
                "bId": "class",
                "Query": "select * from Class where FullyQualifiedName = "
                + quickbooks_query_text(order.class_name),
            }
        )
    answers = {answer["bId"]: answer for answer in client.batch(queries)}
    for answer in answers.values():
        _raise_fault(answer)
    vendors = answers.get("vendor", {}).get("QueryResponse", {}).get("Vendor", [])
    if vendors:
        order.vendor_id = str(vendors[0]["Id"])
        order.vendor_currency = str(vendors[0].get("CurrencyRef", {}).get("value", ""))
    customers = answers.get("customer", {}).get("QueryResponse", {}).get("Customer", [])
    if customers:
        order.customer_id = str(customers[0]["Id"])
    classes = answers.get("class", {}).get("QueryResponse", {}).get("Class", [])
    if classes:
        order.class_id = str(classes[0]["Id"])
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
        order.vendor_currency = str(
            answers["vendor"]["Vendor"].get("CurrencyRef", {}).get("value", "")
        )
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
