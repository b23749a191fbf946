from typing import Any, TypeVar

from django.db import transaction

from ontraccr_clone.accounts.models import User
from ontraccr_clone.accounts.services import (
    require_admin,
    require_same_company,
    require_unique_name,
    save_with_unique_name,
)
from ontraccr_clone.catalog.models import CatalogEntry

Entry = TypeVar("Entry", bound=CatalogEntry)


def catalog_entry_check(
    *, model: type[Entry], actor: User, fields: dict[str, Any], entry: Entry | None = None
) -> None:
    """What adding a vendor or material (or changing `entry`) checks, without saving."""
    if entry is not None:
        require_same_company(actor, entry)
    require_admin(actor, to="change vendors and materials")
    if "name" in fields:
        pk = entry.pk if entry is not None else None
        require_unique_name(model(company=actor.tenant, name=fields["name"].strip(), pk=pk))


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
    require_admin(actor, to="change vendors and materials")
    entry.active = active
    entry.save(update_fields=["active", "updated_at"])
    return entry
