from django.db import transaction

from ontraccr_clone.accounts.models import Company, User


@transaction.atomic
def company_create(*, name: str) -> Company:
    """Create a tenant."""
    return Company.objects.create(name=name)


@transaction.atomic
def user_create(
    *, company: Company, email: str, password: str, name: str = "", role: str = User.Role.MEMBER
) -> User:
    """Create a user of a company; the email is unique across all companies."""
    return User.objects.create_user(
        email=email, password=password, name=name, company=company, role=role
    )
