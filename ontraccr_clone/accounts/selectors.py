from django.db.models import QuerySet

from ontraccr_clone.accounts.models import Company, User


def user_list(*, company: Company, search: str = "") -> QuerySet[User]:
    users = User.objects.filter(company=company, is_active=True)
    if search:
        users = users.filter(name__icontains=search) | users.filter(email__icontains=search)
    return users.order_by("name", "email")
