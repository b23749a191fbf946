from typing import TypeVar

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from ontraccr_clone.accounts.models import Company
from ontraccr_clone.catalog.models import CatalogEntry, Customer

Entry = TypeVar("Entry", bound=CatalogEntry)


def catalog_entry_list(
    *, model: type[Entry], company: Company, search: str = "", active: bool | None = True
) -> QuerySet[Entry]:
    """A company's vendors or materials, by name; `active=None` lists inactive ones too."""
    entries = model._default_manager.filter(company=company)
    if active is not None:
        entries = entries.filter(active=active)
    if search:
        entries = entries.filter(name__icontains=search)
    return entries.order_by("name", "id")


def catalog_entry_get(*, model: type[Entry], company: Company, pk: int) -> Entry:
    """One of the company's entries; another company's answers 404 just like a missing one."""
    return get_object_or_404(model, company=company, pk=pk)


def customer_list(
    *, company: Company, search: str = "", active: bool | None = True, kind: str = ""
) -> QuerySet[Customer]:
    """A company's customers, each followed by its projects; `kind` keeps only "customers" or
    only "projects". A search finds projects by their customer's name too."""
    entries = Customer.objects.filter(company=company).select_related("parent")
    if active is not None:
        entries = entries.filter(active=active)
    if kind:
        entries = entries.filter(parent__isnull=kind == "customers")
    if search:
        entries = entries.filter(Q(name__icontains=search) | Q(parent__name__icontains=search))
    return entries.order_by(
        Coalesce("parent__name", "name"), F("parent_id").asc(nulls_first=True), "name", "id"
    )
