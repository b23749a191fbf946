"""Import vendors, items and customers (with their jobs) from QuickBooks into the catalog: link
rows with the same name, add the rest, and say what was skipped and why. Runs in a task; progress
is saved as it goes."""

from typing import Any

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone

from integrations.quickbooks.client import QuickBooksClient, quickbooks_client
from integrations.quickbooks.errors import QuickBooksError
from integrations.quickbooks.models import QuickBooksImport, QuickBooksLink
from integrations.quickbooks.selectors import quickbooks_connection_active
from ontraccr_clone.accounts.live import live_notice_send
from ontraccr_clone.accounts.models import Company
from ontraccr_clone.catalog.models import Customer, Material, Vendor

PAGE_SIZE = 1000
PROGRESS_EVERY = 25
ITEM_TYPES = ("Inventory", "NonInventory", "Service")


def quickbooks_import_get(*, company: Company, pk: int) -> QuickBooksImport:
    return get_object_or_404(QuickBooksImport, company=company, pk=pk)


def quickbooks_import_perform(*, import_id: int) -> None:
    """Fetch everything first (a few paged calls), then link or add row by row."""
    run = QuickBooksImport.objects.select_related("company").get(pk=import_id)
    if run.status not in (QuickBooksImport.Status.QUEUED, QuickBooksImport.Status.RUNNING):
        return
    _progress(run, status=QuickBooksImport.Status.RUNNING)
    try:
        connection = quickbooks_connection_active(company=run.company)
        with quickbooks_client(connection=connection) as client:
            vendors = _fetch_all(client, "Vendor")
            items = _fetch_all(client, "Item")
            customers = _fetch_all(client, "Customer")
    except QuickBooksError as error:
        _progress(run, status=QuickBooksImport.Status.FAILED, error=error.message, finished=True)
        return
    run.total = len(vendors) + len(items) + len(customers)
    _progress(run)
    records = [("vendor", record) for record in vendors] + [("item", record) for record in items]
    # A job comes after the customer it is under, so that its parent is in the catalog by then.
    customers.sort(key=lambda record: int(record.get("Level") or 0))
    records += [("customer", record) for record in customers]
    for index, (kind, record) in enumerate(records, start=1):
        if kind == "customer":
            _import_customer(run, record)
        else:
            _import_one(run, kind, record)
        run.done = index
        if index % PROGRESS_EVERY == 0:
            _progress(run)
    _progress(run, status=QuickBooksImport.Status.SUCCEEDED, finished=True)


def _fetch_all(client: QuickBooksClient, entity: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    while True:
        page = client.query(
            f"select * from {entity} STARTPOSITION {len(found) + 1} MAXRESULTS {PAGE_SIZE}"
        ).get(entity, [])
        found += page
        if len(page) < PAGE_SIZE:
            return found


@transaction.atomic
def _import_one(run: QuickBooksImport, kind: str, record: dict[str, Any]) -> None:
    qbo_id = str(record.get("Id", ""))
    if kind == "vendor":
        model: type[Vendor] | type[Material] = Vendor
        name = str(record.get("DisplayName", "")).strip()
    else:
        model = Material
        name = str(record.get("Name", "")).strip()
        if record.get("Type") not in ITEM_TYPES:
            run.skipped.append(
                {
                    "kind": kind,
                    "name": name,
                    "reason": f"{record.get('Type')} items are not materials.",
                }
            )
            return
    if not name or len(name) > 200:
        run.skipped.append(
            {"kind": kind, "name": name[:200], "reason": "The name is empty or too long."}
        )
        return
    links = QuickBooksLink.objects.filter(company=run.company, kind=kind)
    if links.filter(qbo_id=qbo_id).exists():
        run.linked += 1
        return
    row = model.objects.filter(company=run.company, name__iexact=name).first()
    if row is None:
        fields: dict[str, Any] = {"company": run.company, "name": name}
        if kind == "vendor":
            fields["email"] = str((record.get("PrimaryEmailAddr") or {}).get("Address", ""))[:254]
        else:
            fields["description"] = str(
                record.get("PurchaseDesc") or record.get("Description") or ""
            )[:4000]
            fields["unit_cost"] = max(0, round(float(record.get("PurchaseCost") or 0), 2))
        row = model.objects.create(**fields)
        QuickBooksLink.objects.create(
            company=run.company,
            kind=kind,
            object_id=row.pk,
            qbo_id=qbo_id,
            linked_by=run.started_by,
        )
        run.added += 1
        return
    current = links.filter(object_id=row.pk).values_list("qbo_id", flat=True).first()
    if current:
        run.skipped.append(
            {
                "kind": kind,
                "name": name,
                "reason": f"Already linked to QuickBooks record {current}.",
            }
        )
        return
    QuickBooksLink.objects.create(
        company=run.company, kind=kind, object_id=row.pk, qbo_id=qbo_id, linked_by=run.started_by
    )
    run.linked += 1


@transaction.atomic
def _import_customer(run: QuickBooksImport, record: dict[str, Any]) -> None:
    """A customer, or a job under the customer it was imported with: linked to the row of the
    same name, or added."""
    kind = QuickBooksLink.Kind.CUSTOMER
    qbo_id = str(record.get("Id", ""))
    name = str(record.get("DisplayName", "")).strip()
    if not name or len(name) > 200:
        run.skipped.append(
            {"kind": kind, "name": name[:200], "reason": "The name is empty or too long."}
        )
        return
    links = QuickBooksLink.objects.filter(company=run.company, kind=kind)
    if links.filter(qbo_id=qbo_id).exists():
        run.linked += 1
        return
    row = Customer.objects.filter(company=run.company, name__iexact=name).first()
    if row is not None:
        current = links.filter(object_id=row.pk).values_list("qbo_id", flat=True).first()
        if current:
            reason = f"Already linked to QuickBooks record {current}."
            run.skipped.append({"kind": kind, "name": name, "reason": reason})
            return
        run.linked += 1
    else:
        parent = None
        parent_id = str((record.get("ParentRef") or {}).get("value", ""))
        if parent_id:
            parent_link = links.filter(qbo_id=parent_id).first()
            parent = (
                Customer.objects.filter(company=run.company, pk=parent_link.object_id).first()
                if parent_link
                else None
            )
            if parent is None:
                run.skipped.append(
                    {
                        "kind": kind,
                        "name": name,
                        "reason": "The customer it is a job of was not imported.",
                    }
                )
                return
        row = Customer.objects.create(
            company=run.company,
            name=name,
            parent=parent,
            email=str((record.get("PrimaryEmailAddr") or {}).get("Address", ""))[:254],
            phone=str((record.get("PrimaryPhone") or {}).get("FreeFormNumber", ""))[:50],
        )
        run.added += 1
    QuickBooksLink.objects.create(
        company=run.company, kind=kind, object_id=row.pk, qbo_id=qbo_id, linked_by=run.started_by
    )


@transaction.atomic
def _progress(
    run: QuickBooksImport, *, status: str = "", error: str = "", finished: bool = False
) -> None:
    if status:
        run.status = status
    if error:
        run.error = error
    if finished:
        run.finished_at = timezone.now()
    run.save()
    live_notice_send(
        company_id=run.company_id, subject="quickbooks_import", subject_id=run.pk, audience="admins"
    )
