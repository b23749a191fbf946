from typing import Literal, get_args

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from ontraccr_clone.accounts.models import Company, User

Area = Literal["forms", "approvals", "workflows", "vendors", "materials", "customers", "settings"]
ADMIN_AREAS: frozenset[Area] = frozenset({"workflows"})


def user_areas(*, user: User) -> list[Area]:
    """The parts of the app a person may open: everyone reads and submits forms, decides their
    approvals and sees the catalog and their settings; only admins draw workflows."""
    return [area for area in get_args(Area) if user.is_admin or area not in ADMIN_AREAS]


def user_list(*, company: Company, search: str = "") -> QuerySet[User]:
    users = User.objects.filter(company=company, is_active=True)
    if search:
        users = users.filter(name__icontains=search) | users.filter(email__icontains=search)
    return users.order_by("name", "email")


def person_list(
    *, company: Company, active: bool | None = None, search: str = ""
) -> QuerySet[User]:
    """The company's people for its admins: invited, active and deactivated."""
    people = User.objects.filter(company=company)
    if active is not None:
        people = people.filter(is_active=active)
    if search:
        people = people.filter(Q(name__icontains=search) | Q(email__icontains=search))
    return people.order_by("name", "email")


def person_get(*, company: Company, pk: int) -> User:
    return get_object_or_404(User, company=company, pk=pk)
