"""Import vendors and items from QuickBooks into the catalog: link rows with the same name, add
the rest, and say what was skipped and why. Runs in a task; progress is saved as it goes."""

from typing import Any

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone

from integrations.quickbooks.client import QuickBooksClient, quickbooks_client
from integrations.quickbooks.errors import QuickBooksError
from integrations.quickbooks.models import QuickBooksImport
from integrations.quickbooks.selectors import quickbooks_connection_active
from ontraccr_clone.accounts.live import live_notice_send
from ontraccr_clone.accounts.models import Company
from ontraccr_clone.catalog.models import Material, Vendor

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
    except QuickBooksError as error:
        _progress(run, status=QuickBooksImport.Status.FAILED, error=error.message, finished=True)
        return
    run.total = len(vendors) + len(items)
    _progress(run)
    records = [("vendor", record) for record in vendors] + [("item", record) for record in items]
    for index, (kind, record) in enumerate(records, start=1):
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
        name, link_field = str(record.get("DisplayName", "")).strip(), "qbo_id"
    else:
        model = Material
        name, link_field = str(record.get("Name", "")).strip(), "qbo_item_id"
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
    rows = model.objects.filter(company=run.company)
    if rows.filter(**{link_field: qbo_id}).exists():
        run.linked += 1
        return
    row = rows.filter(name__iexact=name).first()
    if row is None:
        fields: dict[str, Any] = {"company": run.company, "name": name, link_field: qbo_id}
        if kind == "vendor":
            fields["email"] = str((record.get("PrimaryEmailAddr") or {}).get("Address", ""))[:254]
        else:
            fields["description"] = str(
                record.get("PurchaseDesc") or record.get("Description") or ""
            )[:4000]
            fields["unit_cost"] = max(0, round(float(record.get("PurchaseCost") or 0), 2))
        model.objects.create(**fields)
        run.added += 1
        return
    current = getattr(row, link_field)
    if current and current != qbo_id:
        run.skipped.append(
            {
                "kind": kind,
                "name": name,
                "reason": f"Already linked to QuickBooks record {current}.",
            }
        )
        return
    setattr(row, link_field, qbo_id)
    row.save(update_fields=[link_field, "updated_at"])
    run.linked += 1


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
