"""Linking a vendor, material or customer to a QuickBooks record by hand: search QuickBooks,
pick, or unlink.

The search and the check that the picked record exists are QuickBooks calls, made before the
short transaction that saves the link, never inside it.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from integrations.quickbooks.client import quickbooks_client, quickbooks_query_text
from integrations.quickbooks.errors import QuickBooksRejected
from integrations.quickbooks.imports import ITEM_TYPES
from integrations.quickbooks.models import QuickBooksLink, QuickBooksLinkChange
from integrations.quickbooks.selectors import quickbooks_connection_active
from ontraccr_clone.accounts.models import Company, User
from ontraccr_clone.accounts.services import require_admin, require_same_company
from ontraccr_clone.catalog.models import Customer, Material, Vendor

SEARCH_LIMIT = 20


@dataclass(frozen=True)
class QuickBooksRecord:
    """A vendor, item or customer in QuickBooks, and the catalog row linked to it, if any."""

    id: str
    name: str
    linked_to_id: int | None
    linked_to_name: str


def _search(*, company: Company, entity: str, name_field: str, search: str) -> list[dict[str, Any]]:
    # Intuit's LIKE has no escape for its wildcard: a % typed in the box cannot be searched for.
    term = search.replace("%", "").strip()
    where = f" where {name_field} LIKE {quickbooks_query_text(f'%{term}%')}" if term else ""
    statement = f"select * from {entity}{where} ORDERBY {name_field} MAXRESULTS {SEARCH_LIMIT}"
    connection = quickbooks_connection_active(company=company)
    with quickbooks_client(connection=connection) as client:
        return client.query(statement).get(entity, [])


LinkedRow = Vendor | Material | Customer

LINKED_MODELS: dict[str, type[LinkedRow]] = {
    QuickBooksLink.Kind.VENDOR: Vendor,
    QuickBooksLink.Kind.ITEM: Material,
    QuickBooksLink.Kind.CUSTOMER: Customer,
}


def quickbooks_link_map(*, company_id: int, kind: str, object_ids: list[int]) -> dict[int, str]:
    """The QuickBooks ids of these catalog rows, for the rows that are linked."""
    links = QuickBooksLink.objects.filter(
        company_id=company_id, kind=kind, object_id__in=object_ids
    )
    return dict(links.values_list("object_id", "qbo_id"))


def quickbooks_link_list(*, company: Company, kind: str) -> list[QuickBooksLink]:
    """Every link of one kind of the company, for the catalog pages' QuickBooks column."""
    return list(QuickBooksLink.objects.filter(company=company, kind=kind))


def quickbooks_links_add(*, company_id: int, kind: str, links: dict[int, str]) -> None:
    """Remember QuickBooks ids found or created for catalog rows that had none (a PO's sync, an
    import). A row linked meanwhile, or a record linked to another row, keeps its link."""
    QuickBooksLink.objects.bulk_create(
        [
            QuickBooksLink(company_id=company_id, kind=kind, object_id=object_id, qbo_id=qbo_id)
            for object_id, qbo_id in links.items()
        ],
        ignore_conflicts=True,
    )


def _with_links(
    records: list[dict[str, Any]], *, name_field: str, company: Company, kind: str
) -> list[QuickBooksRecord]:
    ids = [str(record["Id"]) for record in records]
    object_ids = dict(
        QuickBooksLink.objects.filter(company=company, kind=kind, qbo_id__in=ids).values_list(
            "qbo_id", "object_id"
        )
    )
    names = dict(
        LINKED_MODELS[kind]
        .objects.filter(company=company, pk__in=object_ids.values())
        .values_list("pk", "name")
    )
    found = []
    for record in records:
        linked_to = object_ids.get(str(record["Id"]))
        found.append(
            QuickBooksRecord(
                id=str(record["Id"]),
                name=str(record.get(name_field, "")),
                linked_to_id=linked_to,
                linked_to_name=names.get(linked_to, "") if linked_to else "",
            )
        )
    return found


def quickbooks_vendor_search(*, company: Company, search: str) -> list[QuickBooksRecord]:
    """The company's QuickBooks vendors whose display name contains `search` (one call)."""
    records = _search(company=company, entity="Vendor", name_field="DisplayName", search=search)
    return _with_links(
        records, name_field="DisplayName", company=company, kind=QuickBooksLink.Kind.VENDOR
    )


def quickbooks_item_search(*, company: Company, search: str) -> list[QuickBooksRecord]:
    """The company's QuickBooks items that can be materials, by name (one call)."""
    records = _search(company=company, entity="Item", name_field="Name", search=search)
    return _with_links(
        [record for record in records if record.get("Type") in ITEM_TYPES],
        name_field="Name",
        company=company,
        kind=QuickBooksLink.Kind.ITEM,
    )


def quickbooks_customer_search(*, company: Company, search: str) -> list[QuickBooksRecord]:
    """The company's QuickBooks customers and jobs whose display name contains `search`, named
    "Customer:Job" as QuickBooks shows them (one call)."""
    records = _search(company=company, entity="Customer", name_field="DisplayName", search=search)
    return _with_links(
        records,
        name_field="FullyQualifiedName",
        company=company,
        kind=QuickBooksLink.Kind.CUSTOMER,
    )


def _quickbooks_name(*, company: Company, entity: str, qbo_id: str) -> dict[str, Any]:
    """The QuickBooks record an admin picked, read to be sure it exists (one call)."""
    connection = quickbooks_connection_active(company=company)
    field = entity.lower()
    try:
        with quickbooks_client(connection=connection) as client:
            return client.read(entity, qbo_id)
    except QuickBooksRejected as error:
        raise ValidationError(
            {"qbo_id": f"QuickBooks has no {field} with id {qbo_id}: {error.message}"}
        ) from error


@transaction.atomic
def quickbooks_link_save(
    *, actor: User, row: LinkedRow, kind: str, qbo_id: str, qbo_name: str
) -> QuickBooksLink | None:
    """Link a row to a QuickBooks record (or unlink it with a blank id), noting the change; a
    record linked to another row is refused."""
    # Link changes of one company take turns, so two rows never end up on one record.
    Company.objects.select_for_update().get(pk=row.company_id)
    links = QuickBooksLink.objects.filter(company_id=row.company_id, kind=kind)
    current = links.filter(object_id=row.pk).first()
    if qbo_id:
        taken = links.filter(qbo_id=qbo_id).exclude(object_id=row.pk).first()
        if taken is not None:
            other = LINKED_MODELS[kind].objects.filter(pk=taken.object_id).first()
            noun = row._meta.verbose_name
            raise ValidationError(
                {
                    "qbo_id": f"This QuickBooks record is already linked to the {noun} "
                    f"“{other.name if other else taken.object_id}”. Unlink it there first."
                }
            )
    QuickBooksLinkChange.objects.create(
        company_id=row.company_id,
        vendor=row if isinstance(row, Vendor) else None,
        material=row if isinstance(row, Material) else None,
        customer=row if isinstance(row, Customer) else None,
        previous_qbo_id=current.qbo_id if current else "",
        qbo_id=qbo_id,
        qbo_name=qbo_name,
        changed_by=actor,
    )
    if not qbo_id:
        links.filter(object_id=row.pk).delete()
        return None
    link, _ = QuickBooksLink.objects.update_or_create(
        company_id=row.company_id,
        kind=kind,
        object_id=row.pk,
        defaults={"qbo_id": qbo_id, "linked_by": actor, "linked_at": timezone.now()},
    )
    return link


def vendor_link_set(*, actor: User, vendor: Vendor, qbo_id: str) -> QuickBooksLink | None:
    """Link a vendor to a QuickBooks vendor by hand, or unlink it with an empty id."""
    require_admin(actor, to="change QuickBooks links")
    require_same_company(actor, vendor)
    name = ""
    if qbo_id:
        record = _quickbooks_name(company=actor.tenant, entity="Vendor", qbo_id=qbo_id)
        name = str(record.get("DisplayName", ""))
    return quickbooks_link_save(
        actor=actor, row=vendor, kind=QuickBooksLink.Kind.VENDOR, qbo_id=qbo_id, qbo_name=name
    )


def material_link_set(*, actor: User, material: Material, qbo_id: str) -> QuickBooksLink | None:
    """Link a material to a QuickBooks item by hand, or unlink it with an empty id."""
    require_admin(actor, to="change QuickBooks links")
    require_same_company(actor, material)
    name = ""
    if qbo_id:
        record = _quickbooks_name(company=actor.tenant, entity="Item", qbo_id=qbo_id)
        if record.get("Type") not in ITEM_TYPES:
            raise ValidationError(
                {"qbo_id": f"QuickBooks item {qbo_id} is a {record.get('Type')}, not a material."}
            )
        name = str(record.get("Name", ""))
    return quickbooks_link_save(
        actor=actor, row=material, kind=QuickBooksLink.Kind.ITEM, qbo_id=qbo_id, qbo_name=name
    )


def customer_link_set(*, actor: User, customer: Customer, qbo_id: str) -> QuickBooksLink | None:
    """Link a customer or project to a QuickBooks customer or job by hand, or unlink it."""
    require_admin(actor, to="change QuickBooks links")
    require_same_company(actor, customer)
    name = ""
    if qbo_id:
        record = _quickbooks_name(company=actor.tenant, entity="Customer", qbo_id=qbo_id)
        name = str(record.get("FullyQualifiedName") or record.get("DisplayName", ""))
    return quickbooks_link_save(
        actor=actor, row=customer, kind=QuickBooksLink.Kind.CUSTOMER, qbo_id=qbo_id, qbo_name=name
    )
