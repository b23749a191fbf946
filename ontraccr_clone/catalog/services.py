from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from ontraccr_clone.accounts.models import User
from ontraccr_clone.catalog.models import CatalogEntry

Entry = TypeVar("Entry", bound=CatalogEntry)


def _require_admin(actor: User) -> None:
    if not actor.is_admin:
        raise PermissionDenied("Only company admins can change vendors and materials.")


def _save_with_unique_name(entry: CatalogEntry) -> None:
    taken = (
        type(entry)
        ._default_manager.filter(company_id=entry.company_id, name__iexact=entry.name)
        .exclude(pk=entry.pk)
        .exists()
    )
    noun = entry._meta.verbose_name
    message = f'A {noun} named "{entry.name}" already exists.'
    if taken:
        raise ValidationError({"name": message})
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as error:  # another request saved the same name in between
        raise ValidationError({"name": message}) from error


@transaction.atomic
def catalog_entry_create(*, model: type[Entry], actor: User, fields: dict[str, Any]) -> Entry:
    """Add a vendor or material to the actor's company; names are unique per company."""
    _require_admin(actor)
    entry = model(company=actor.tenant, **fields)
    entry.name = entry.name.strip()
    _save_with_unique_name(entry)
    return entry


@transaction.atomic
def catalog_entry_update(*, actor: User, entry: Entry, fields: dict[str, Any]) -> Entry:
    """Change some fields of a vendor or material."""
    _require_admin(actor)
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.name = entry.name.strip()
    _save_with_unique_name(entry)
    return entry


@transaction.atomic
def catalog_entry_set_active(*, actor: User, entry: Entry, active: bool) -> Entry:
    """Deactivate (hide from pickers, keep history) or reactivate a vendor or material."""
    _require_admin(actor)
    entry.active = active
    entry.save(update_fields=["active", "updated_at"])
    return entry
