from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from ontraccr_clone.accounts.models import Company, User


def require_admin(actor: User, *, to: str) -> None:
    """Refuse a member what only a company admin may do, saying what it was."""
    if not actor.is_admin:
        raise PermissionDenied(f"Only company admins can {to}.")


def require_same_company(actor: User, *objects: Any) -> None:
    """Refuse an object of another company as if it did not exist, whoever called the service."""
    company_id = actor.tenant.pk
    for instance in objects:
        if instance.company_id != company_id:
            raise Http404(f"No {instance._meta.object_name} matches the given query.")


def save_with_unique_name(instance: Any) -> None:
    """Save a company's row whose name must be unique in the company (ignoring case), reporting
    a taken name as a field error, also when another request takes it at the same moment."""
    message = f'A {instance._meta.verbose_name} named "{instance.name}" already exists.'
    taken = (
        type(instance)
        ._default_manager.filter(company_id=instance.company_id, name__iexact=instance.name)
        .exclude(pk=instance.pk)
        .exists()
    )
    if taken:
        raise ValidationError({"name": message})
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        raise ValidationError({"name": message}) from error


@transaction.atomic
def company_create(*, name: str) -> Company:
    """Create a tenant."""
    return Company.objects.create(name=name)


@transaction.atomic
def user_create(
    *, company: Company, email: str, password: str, name: str = "", role: str = User.Role.MEMBER
) -> User:
    """Create a user of a company; the email is unique across all companies and the password
    passes the configured validators."""
    user = User(email=User.objects.normalize_email(email).lower(), name=name, company=company)
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    return User.objects.create_user(
        email=email, password=password, name=name, company=company, role=role
    )
