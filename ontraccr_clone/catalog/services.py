from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction

from ontraccr_clone.accounts.models import User
from ontraccr_clone.accounts.services import (
    require_admin,
    require_same_company,
    require_unique_name,
    save_with_unique_name,
)
from ontraccr_clone.catalog.models import CatalogEntry, Customer

Entry = TypeVar("Entry", bound=CatalogEntry)


def catalog_entry_check(
    *, model: type[Entry], actor: User, fields: dict[str, Any], entry: Entry | None = None
) -> None:
    """What adding a catalog entry (or changing `entry`) checks, without saving."""
    if entry is not None:
        require_same_company(actor, entry)
    require_admin(actor, to="change the catalog")
    if "name" in fields:
        pk = entry.pk if entry is not None else None
        require_unique_name(model(company=actor.tenant, name=fields["name"].strip(), pk=pk))
    if fields.get("parent") is not None:
        changed = entry if isinstance(entry, Customer) else None
        _customer_parent_check(actor=actor, parent=fields["parent"], entry=changed)


def _customer_parent_check(*, actor: User, parent: Customer, entry: Customer | None) -> None:
    """A project's customer is one of the company's, and never the project or one under it."""
    if parent.company_id != actor.tenant.pk:
        raise ValidationError({"parent": f"No customer with id {parent.pk}."})
    ancestor: Customer | None = parent
    while ancestor is not None:
        if entry is not None and ancestor.pk == entry.pk:
            raise ValidationError({"parent": "A customer cannot be a project of itself."})
        ancestor = ancestor.parent


@transaction.atomic
def catalog_entry_create(*, model: type[Entry], actor: User, fields: dict[str, Any]) -> Entry:
    """Add a vendor or material to the actor's company; names are unique per company."""
    catalog_entry_check(model=model, actor=actor, fields=fields)
    entry = model(company=actor.tenant, **fields)
    entry.name = entry.name.strip()
    save_with_unique_name(entry)
    return entry


@transaction.atomic
def catalog_entry_update(*, actor: User, entry: Entry, fields: dict[str, Any]) -> Entry:
    """Change some fields of a vendor or material."""
    catalog_entry_check(model=type(entry), actor=actor, fields=fields, entry=entry)
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.name = entry.name.strip()
    save_with_unique_name(entry)
    return entry


@transaction.atomic
def catalog_entry_set_active(*, actor: User, entry: Entry, active: bool) -> Entry:
    """Deactivate (hide from pickers, keep history) or reactivate a vendor or material."""
    require_same_company(actor, entry)
    require_admin(actor, to="change the catalog")
    entry.active = active
    entry.save(update_fields=["active", "updated_at"])
    return entry
