"""Import vendors, items and customers (with their jobs) from QuickBooks into the catalog: link rows
with the same name, propose links for names that nearly match, add the rest, and say what was
skipped and why. Runs in a task; progress is saved as it goes, and an import whose worker stopped
is marked failed."""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_tasks.exceptions import TaskResultDoesNotExist

from integrations.quickbooks.client import QuickBooksClient, quickbooks_client
from integrations.quickbooks.errors import QuickBooksError
from integrations.quickbooks.models import (
    QuickBooksImport,
    QuickBooksImportProposal,
    QuickBooksLink,
)
from integrations.quickbooks.selectors import quickbooks_connection_active
from ontraccr_clone.accounts.live import live_notice_send
from ontraccr_clone.accounts.models import Company
from ontraccr_clone.catalog.models import Customer, Material, Vendor

PAGE_SIZE = 1000
PROGRESS_EVERY = 25
# The item types a material can be linked to by hand; an import adds services only when asked.
ITEM_TYPES = ("Inventory", "NonInventory", "Service")
MATERIAL_ITEM_TYPES = ("Inventory", "NonInventory")
ACTIVE = (QuickBooksImport.Status.QUEUED, QuickBooksImport.Status.RUNNING)
STOPPED = "The import stopped before it finished (its worker stopped). Start it again."


class ImportAbandoned(Exception):
    """The import was marked failed while its worker still ran (it had stopped moving on)."""


@dataclass(frozen=True)
class ImportKind:
    """What an import reads from QuickBooks and what catalog rows it makes of it."""

    kind: str
    entity: str
    name_field: str
    model: type[Vendor] | type[Material] | type[Customer]
    # The catalog row's other fields, from the QuickBooks record.
    fields: Callable[[QuickBooksImport, dict[str, Any]], dict[str, Any]]
    # Why the record is not imported at all, or "".
    refusal: Callable[[QuickBooksImport, dict[str, Any]], str]
    # The order records are imported in, when it matters.
    order: Callable[[dict[str, Any]], Any] | None = None


def _email(record: dict[str, Any]) -> str:
    return str((record.get("PrimaryEmailAddr") or {}).get("Address", ""))[:254]


def _vendor_fields(run: QuickBooksImport, record: dict[str, Any]) -> dict[str, Any]:
    return {"email": _email(record)}


def _customer_parent_qbo_id(record: dict[str, Any]) -> str:
    return str((record.get("ParentRef") or {}).get("value", ""))


def _customer_parent_id(run: QuickBooksImport, record: dict[str, Any]) -> int | None:
    """The catalog row of the customer a job is under (imported before it), if any."""
    parent_qbo_id = _customer_parent_qbo_id(record)
    if not parent_qbo_id:
        return None
    return (
        QuickBooksLink.objects.filter(
            company=run.company, kind=QuickBooksLink.Kind.CUSTOMER, qbo_id=parent_qbo_id
        )
        .values_list("object_id", flat=True)
        .first()
    )


def _customer_fields(run: QuickBooksImport, record: dict[str, Any]) -> dict[str, Any]:
    return {
        "parent_id": _customer_parent_id(run, record),
        "email": _email(record),
        "phone": str((record.get("PrimaryPhone") or {}).get("FreeFormNumber", ""))[:50],
    }


def _customer_refusal(run: QuickBooksImport, record: dict[str, Any]) -> str:
    if _customer_parent_qbo_id(record) and _customer_parent_id(run, record) is None:
        return "The customer it is a job of was not imported."
    return ""


def _item_fields(run: QuickBooksImport, record: dict[str, Any]) -> dict[str, Any]:
    return {
        "description": str(record.get("PurchaseDesc") or record.get("Description") or "")[:4000],
        "unit_cost": max(0, round(float(record.get("PurchaseCost") or 0), 2)),
    }


def _item_refusal(run: QuickBooksImport, record: dict[str, Any]) -> str:
    item_type = record.get("Type")
    if item_type in MATERIAL_ITEM_TYPES or (item_type == "Service" and run.include_services):
        return ""
    if item_type == "Service":
        return (
            "Service items are not materials (tick “Add service items as materials too” and "
            "import again to add them)."
        )
    return f"{item_type} items are not materials."


IMPORT_KINDS = (
    ImportKind(
        kind=QuickBooksLink.Kind.VENDOR,
        entity="Vendor",
        name_field="DisplayName",
        model=Vendor,
        fields=_vendor_fields,
        refusal=lambda run, record: "",
    ),
    ImportKind(
        kind=QuickBooksLink.Kind.ITEM,
        entity="Item",
        name_field="Name",
        model=Material,
        fields=_item_fields,
        refusal=_item_refusal,
    ),
    ImportKind(
        kind=QuickBooksLink.Kind.CUSTOMER,
        entity="Customer",
        name_field="DisplayName",
        model=Customer,
        fields=_customer_fields,
        refusal=_customer_refusal,
        # A job comes after the customer it is under, so that its parent is in the catalog then.
        order=lambda record: int(record.get("Level") or 0),
    ),
)


def import_kind_get(kind: str) -> ImportKind:
    return next(found for found in IMPORT_KINDS if found.kind == kind)


# Spellings of one unit: a name with any of them matches a name with another.
UNITS = {
    "feet": "ft", "foot": "ft", "'": "ft",
    "inch": "in", "inches": "in", '"': "in",
    "yard": "yd", "yards": "yd", "yds": "yd",
    "pound": "lb", "pounds": "lb", "lbs": "lb",
    "gallon": "gal", "gallons": "gal",
    "millimeter": "mm", "millimeters": "mm", "millimetre": "mm", "millimetres": "mm",
    "each": "ea",
}  # fmt: skip


def name_normalised(name: str) -> str:
    """A name as compared for near matches: case, spacing, punctuation and the spelling of units
    (ft, feet, ', in, inch, ") do not count: '2x4 Stud 8FT.' and '2 x 4 stud, 8 feet' match."""
    text = name.casefold()
    text = re.sub(r"(?<=\d)\s*(['\"])", lambda mark: f" {UNITS[mark.group(1)]} ", text)
    text = re.sub(r"(?<=\w)['\u2019](?=\w)", "", text)  # O'Brien (either apostrophe), OBrien
    words = re.findall(r"\d+(?:\.\d+)?|[^\W\d_]+", text)
    return " ".join(UNITS.get(word, word) for word in words)


def quickbooks_import_get(*, company: Company, pk: int) -> QuickBooksImport:
    return get_object_or_404(QuickBooksImport, company=company, pk=pk)


def quickbooks_import_list(*, company: Company) -> list[QuickBooksImport]:
    """The company's latest imports, newest first, with their proposals."""
    return list(QuickBooksImport.objects.filter(company=company).prefetch_related("proposals")[:5])


def quickbooks_imports_stale_fail(*, company: Company) -> None:
    """Mark failed the company's imports whose worker stopped: their task ended without ending
    them, or they have not moved on for `QBO_IMPORT_STALE_SECONDS` while running (or while
    queued with no task to wait for)."""
    # Imported here: the task module imports this one.
    from integrations.quickbooks.tasks import quickbooks_import_run

    moved_since = timezone.now() - datetime.timedelta(seconds=settings.QBO_IMPORT_STALE_SECONDS)
    for run in QuickBooksImport.objects.filter(company=company, status__in=ACTIVE):
        try:
            task = quickbooks_import_run.get_result(run.task_id) if run.task_id else None
        except (TaskResultDoesNotExist, NotImplementedError):
            task = None
        task_ended = task is not None and task.status in ("FAILED", "SUCCESSFUL")
        unattended = run.status == QuickBooksImport.Status.RUNNING or task is None
        stalled = unattended and run.progressed_at < moved_since
        if task_ended or stalled:
            updated = QuickBooksImport.objects.filter(pk=run.pk, status__in=ACTIVE).update(
                status=QuickBooksImport.Status.FAILED, error=STOPPED, finished_at=timezone.now()
            )
            if updated:
                _notify(run)


def quickbooks_import_perform(*, import_id: int) -> None:
    """Fetch everything first (a few paged calls), then link, propose or add row by row."""
    run = QuickBooksImport.objects.select_related("company").get(pk=import_id)
    if run.status not in ACTIVE:
        return
    try:
        _progress(run, status=QuickBooksImport.Status.RUNNING)
        fetched = _fetch_every_kind(run)
        if fetched is None:
            return
        run.total = sum(len(records) for _, records in fetched)
        _progress(run)
        index = 0
        for kind, records in fetched:
            near = _names_near(run.company, kind)
            for record in records:
                _import_one(run, kind, record, near)
                index += 1
                run.done = index
                if index % PROGRESS_EVERY == 0:
                    _progress(run)
        _progress(run, status=QuickBooksImport.Status.SUCCEEDED, finished=True)
    except ImportAbandoned:
        return


def _fetch_every_kind(run: QuickBooksImport) -> list[tuple[ImportKind, list[dict]]] | None:
    try:
        connection = quickbooks_connection_active(company=run.company)
        with quickbooks_client(connection=connection) as client:
            fetched = [(kind, _fetch_all(run, client, kind.entity)) for kind in IMPORT_KINDS]
    except QuickBooksError as error:
        _progress(run, status=QuickBooksImport.Status.FAILED, error=error.message, finished=True)
        return None
    for kind, records in fetched:
        if kind.order is not None:
            records.sort(key=kind.order)
    return fetched


def _fetch_all(run: QuickBooksImport, client: QuickBooksClient, entity: str) -> list[dict]:
    found: list[dict[str, Any]] = []
    while True:
        page = client.query(
            f"select * from {entity} STARTPOSITION {len(found) + 1} MAXRESULTS {PAGE_SIZE}"
        ).get(entity, [])
        found += page
        _progress(run)  # each page is progress: reading a large company takes a while
        if len(page) < PAGE_SIZE:
            return found


def _names_near(company: Company, kind: ImportKind) -> dict[str, list[int]]:
    """The company's catalog rows of a kind by normalised name."""
    near: dict[str, list[int]] = {}
    for pk, name in kind.model.objects.filter(company=company).values_list("pk", "name"):
        near.setdefault(name_normalised(name), []).append(pk)
    return near


@transaction.atomic
def _import_one(
    run: QuickBooksImport, kind: ImportKind, record: dict[str, Any], near: dict[str, list[int]]
) -> None:
    qbo_id = str(record.get("Id", ""))
    name = str(record.get(kind.name_field, "")).strip()
    refusal = kind.refusal(run, record)
    if not refusal and (not name or len(name) > 200):
        refusal = "The name is empty or too long."
    if refusal:
        run.skipped.append({"kind": kind.kind, "name": name[:200], "reason": refusal})
        return
    links = QuickBooksLink.objects.filter(company=run.company, kind=kind.kind)
    if links.filter(qbo_id=qbo_id).exists():
        run.linked += 1
        return
    row = kind.model.objects.filter(company=run.company, name__iexact=name).first()
    if row is None:
        _add_or_propose(run, kind, record, qbo_id, name, near)
        return
    current = links.filter(object_id=row.pk).values_list("qbo_id", flat=True).first()
    if current:
        run.skipped.append(
            {
                "kind": kind.kind,
                "name": name,
                "reason": f"Already linked to QuickBooks record {current}.",
            }
        )
        return
    QuickBooksLink.objects.create(
        company=run.company,
        kind=kind.kind,
        object_id=row.pk,
        qbo_id=qbo_id,
        linked_by=run.started_by,
    )
    run.linked += 1


def _add_or_propose(
    run: QuickBooksImport,
    kind: ImportKind,
    record: dict[str, Any],
    qbo_id: str,
    name: str,
    near: dict[str, list[int]],
) -> None:
    """A record no row has the name of: propose the unlinked row whose name nearly matches, or
    skip it when every such row is linked (adding it would make a near-duplicate); else add it."""
    normalised = name_normalised(name)
    matches = near.get(normalised, [])
    if matches:
        linked = dict(
            QuickBooksLink.objects.filter(
                company=run.company, kind=kind.kind, object_id__in=matches
            ).values_list("object_id", "qbo_id")
        )
        unlinked = kind.model.objects.filter(pk__in=matches).exclude(pk__in=linked).first()
        if unlinked is not None:
            QuickBooksImportProposal.objects.create(
                company=run.company,
                run=run,
                kind=kind.kind,
                qbo_id=qbo_id,
                qbo_name=name,
                fields=kind.fields(run, record),
                proposed_id=unlinked.pk,
                proposed_name=unlinked.name,
            )
            return
        other = kind.model.objects.get(pk=matches[0])
        run.skipped.append(
            {
                "kind": kind.kind,
                "name": name,
                "reason": f"“{other.name}”, nearly the same name, is already linked to QuickBooks "
                f"record {linked[other.pk]}.",
            }
        )
        return
    row = kind.model.objects.create(company=run.company, name=name, **kind.fields(run, record))
    QuickBooksLink.objects.create(
        company=run.company,
        kind=kind.kind,
        object_id=row.pk,
        qbo_id=qbo_id,
        linked_by=run.started_by,
    )
    near.setdefault(normalised, []).append(row.pk)
    run.added += 1


@transaction.atomic
def _progress(
    run: QuickBooksImport, *, status: str = "", error: str = "", finished: bool = False
) -> None:
    """Save the import as it stands, unless it was marked failed meanwhile (then stop)."""
    if not QuickBooksImport.objects.select_for_update().filter(pk=run.pk, status__in=ACTIVE):
        raise ImportAbandoned
    if status:
        run.status = status
    if error:
        run.error = error
    if finished:
        run.finished_at = timezone.now()
    run.progressed_at = timezone.now()
    run.save()
    _notify(run)


def _notify(run: QuickBooksImport) -> None:
    live_notice_send(
        company_id=run.company_id, subject="quickbooks_import", subject_id=run.pk, audience="admins"
    )
