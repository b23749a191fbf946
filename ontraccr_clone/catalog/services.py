from typing import Any, TypeVar

from django.db import transaction

from ontraccr_clone.accounts.models import User
from ontraccr_clone.accounts.services import (
    require_admin,
    require_same_company,
    save_with_unique_name,
)
from ontraccr_clone.catalog.models import CatalogEntry

Entry = TypeVar("Entry", bound=CatalogEntry)


@transaction.atomic
def catalog_entry_create(*, model: type[Entry], actor: User, fields: dict[str, Any]) -> Entry:
    """Add a vendor or material to the actor's company; names are unique per company."""
    require_admin(actor, to="change vendors and materials")
    entry = model(company=actor.tenant, **fields)
    entry.name = entry.name.strip()
    save_with_unique_name(entry)
    return entry


@transaction.atomic
def catalog_entry_update(*, actor: User, entry: Entry, fields: dict[str, Any]) -> Entry:
    """Change some fields of a vendor or material."""
    require_same_company(actor, entry)
    require_admin(actor, to="change vendors and materials")
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
