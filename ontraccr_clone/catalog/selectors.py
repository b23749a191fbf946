from typing import TypeVar

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ontraccr_clone.accounts.models import Company
from ontraccr_clone.catalog.models import CatalogEntry

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
