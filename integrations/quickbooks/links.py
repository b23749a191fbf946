"""Linking a vendor or material to a QuickBooks record by hand: search QuickBooks, pick, or unlink.

The search and the check that the picked record exists are QuickBooks calls, made before the
short transaction that saves the link, never inside it.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from integrations.quickbooks.client import quickbooks_client, quickbooks_query_text
from integrations.quickbooks.errors import QuickBooksRejected
from integrations.quickbooks.imports import ITEM_TYPES
from integrations.quickbooks.models import QuickBooksLinkChange
from integrations.quickbooks.selectors import quickbooks_connection_active
from ontraccr_clone.accounts.models import Company, User
from ontraccr_clone.accounts.services import require_admin, require_same_company
from ontraccr_clone.catalog.models import Material, Vendor

SEARCH_LIMIT = 20


@dataclass(frozen=True)
class QuickBooksRecord:
    """A vendor or item in QuickBooks, and the catalog row of the company linked to it, if any."""

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


def _with_links(
    records: list[dict[str, Any]], *, name_field: str, rows: Any, link_field: str
) -> list[QuickBooksRecord]:
    ids = [str(record["Id"]) for record in records]
    linked = {getattr(row, link_field): row for row in rows.filter(**{f"{link_field}__in": ids})}
    return [
        QuickBooksRecord(
            id=str(record["Id"]),
            name=str(record.get(name_field, "")),
            linked_to_id=linked[str(record["Id"])].pk if str(record["Id"]) in linked else None,
            linked_to_name=linked[str(record["Id"])].name if str(record["Id"]) in linked else "",
        )
        for record in records
    ]


def quickbooks_vendor_search(*, company: Company, search: str) -> list[QuickBooksRecord]:
    """The company's QuickBooks vendors whose display name contains `search` (one call)."""
    records = _search(company=company, entity="Vendor", name_field="DisplayName", search=search)
    return _with_links(
        records,
        name_field="DisplayName",
        rows=Vendor.objects.filter(company=company),
        link_field="qbo_id",
    )


def quickbooks_item_search(*, company: Company, search: str) -> list[QuickBooksRecord]:
    """The company's QuickBooks items that can be materials, by name (one call)."""
    records = _search(company=company, entity="Item", name_field="Name", search=search)
    return _with_links(
        [record for record in records if record.get("Type") in ITEM_TYPES],
        name_field="Name",
        rows=Material.objects.filter(company=company),
        link_field="qbo_item_id",
    )


def _quickbooks_name(*, company: Company, entity: str, qbo_id: str) -> dict[str, Any]:
    """The QuickBooks record an admin picked, read to be sure it exists (one call)."""
    connection = quickbooks_connection_active(company=company)
    field = "vendor" if entity == "Vendor" else "item"
    try:
        with quickbooks_client(connection=connection) as client:
            return client.read(entity, qbo_id)
    except QuickBooksRejected as error:
        raise ValidationError(
            {"qbo_id": f"QuickBooks has no {field} with id {qbo_id}: {error.message}"}
        ) from error


@transaction.atomic
def _link_save(
    *, actor: User, row: Vendor | Material, link_field: str, qbo_id: str, qbo_name: str
) -> Any:
    # Link changes of one company take turns, so two rows never end up on one record.
    Company.objects.select_for_update().get(pk=row.company_id)
    row = type(row).objects.get(pk=row.pk)
    if qbo_id:
        taken = (
            type(row)
            .objects.filter(company_id=row.company_id, **{link_field: qbo_id})
            .exclude(pk=row.pk)
            .first()
        )
        if taken is not None:
            noun = row._meta.verbose_name
            raise ValidationError(
                {
                    "qbo_id": f"This QuickBooks record is already linked to the {noun} "
                    f"“{taken.name}”. Unlink it there first."
                }
            )
    QuickBooksLinkChange.objects.create(
        company_id=row.company_id,
        vendor=row if isinstance(row, Vendor) else None,
        material=row if isinstance(row, Material) else None,
        previous_qbo_id=getattr(row, link_field),
        qbo_id=qbo_id,
        qbo_name=qbo_name,
        changed_by=actor,
    )
    setattr(row, link_field, qbo_id)
    row.save(update_fields=[link_field, "updated_at"])
    return row


def vendor_link_set(*, actor: User, vendor: Vendor, qbo_id: str) -> Vendor:
    """Link a vendor to a QuickBooks vendor by hand, or unlink it with an empty id."""
    require_admin(actor, to="change QuickBooks links")
    require_same_company(actor, vendor)
    name = ""
    if qbo_id:
        record = _quickbooks_name(company=actor.tenant, entity="Vendor", qbo_id=qbo_id)
        name = str(record.get("DisplayName", ""))
    return _link_save(actor=actor, row=vendor, link_field="qbo_id", qbo_id=qbo_id, qbo_name=name)


def material_link_set(*, actor: User, material: Material, qbo_id: str) -> Material:
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
    return _link_save(
        actor=actor, row=material, link_field="qbo_item_id", qbo_id=qbo_id, qbo_name=name
    )
