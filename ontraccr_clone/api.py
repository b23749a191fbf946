"""API plumbing shared by every app: errors, pagination, role checks and the tenant base view."""

from typing import Any, cast

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, pagination, permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from ontraccr_clone.accounts.models import Company, User


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn the errors that services raise into DRF's 400 and 403 answers with field errors."""
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


ACTIVE_CHOICES = {"true": True, "false": False, "all": None}
ACTIVE_PARAMETER = OpenApiParameter(
    "active", str, enum=list(ACTIVE_CHOICES), description="true (default), false or all."
)


def active_filter(request: Request) -> bool | None:
    """The `active` query parameter of a list: only active rows by default, `None` for all."""
    active = request.query_params.get("active", "true")
    if active not in ACTIVE_CHOICES:
        raise exceptions.ValidationError({"active": ["Use true, false or all."]})
    return ACTIVE_CHOICES[active]


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class IsCompanyMember(permissions.IsAuthenticated):
    """Signed in and belonging to a company: the condition for every tenant endpoint."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return super().has_permission(request, view) and request.user.company_id is not None  # type: ignore[union-attr]


class IsCompanyAdminOrReadOnly(IsCompanyMember):
    """Members read; only admins write."""

    message = "Only company admins can do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not super().has_permission(request, view):
            return False
        return request.method in permissions.SAFE_METHODS or request.user.is_admin  # type: ignore[union-attr]


class IsCompanyAdmin(IsCompanyMember):
    message = "Only company admins can do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return super().has_permission(request, view) and request.user.is_admin  # type: ignore[union-attr]


class CompanyApiView(APIView):
    """An endpoint of a company's data: the signed-in user is `actor`, their company `company`."""

    permission_classes = [IsCompanyMember]

    @property
    def actor(self) -> User:
        return cast(User, self.request.user)

    @property
    def company(self) -> Company:
        return self.actor.tenant
