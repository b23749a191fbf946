"""API plumbing shared by every app: errors, filters, pagination, role checks and the tenant
base view."""

from collections.abc import Callable
from typing import Any, cast

from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, pagination, permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from ontraccr_clone.accounts.models import Company, User
from ontraccr_clone.parsers import ID_MAX, RequestBodyTooLarge
from ontraccr_clone.problems import problems_of


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn the errors that services raise into DRF's 400 and 403 answers with field errors, and
    Django's refusals of a request (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields),
    which Django would answer with its debug page under DEBUG, into JSON."""
    if isinstance(exc, RequestDataTooBig):
        exc = RequestBodyTooLarge()
    elif isinstance(exc, SuspiciousOperation | BadRequest):
        exc = exceptions.ParseError("Bad request.")
    elif isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


class IdField(serializers.IntegerField):
    """An id in a body or a query: a whole number that fits the database's 64-bit ids."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=ID_MAX, **kwargs)


class ActiveFilterField(serializers.ChoiceField):
    """A list's `active` filter: only active rows by default, `None` for all."""

    VALUES = {"true": True, "false": False, "all": None}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "true (default), false or all.")
        super().__init__(choices=list(self.VALUES), required=False, default="true", **kwargs)

    def to_internal_value(self, data: Any) -> bool | None:  # type: ignore[override]
        return self.VALUES[str(super().to_internal_value(data))]

    def get_default(self) -> bool | None:  # type: ignore[override]
        return self.VALUES[str(super().get_default())]


class SearchFilterField(serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, allow_blank=True, default="", max_length=200, **kwargs)


class ActiveFilterSerializer(serializers.Serializer):
    active = ActiveFilterField()


def query_filters(request: Request, serializer_class: type[serializers.Serializer]) -> dict:
    """A list's query parameters checked by its filter serializer: bad ones answer 400."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


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


@extend_schema_field(
    {"type": "array", "items": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}
)
class ProblemPathField(serializers.JSONField):
    pass


class ProblemSerializer(serializers.Serializer):
    path = ProblemPathField(
        help_text='Where the problem is: keys and indexes, such as ["materials", 2, "quantity"]; '
        "empty for the whole."
    )
    message = serializers.CharField()
    code = serializers.CharField(help_text="`required` for a missing value, else `invalid`...")


class ValidationResultSerializer(serializers.Serializer):
    errors = ProblemSerializer(many=True, help_text="Empty when everything is valid.")  # type: ignore[assignment]


class ChangedIdSerializer(serializers.Serializer):
    id = IdField(required=False, help_text="The one being changed; none for a new one.")


def changed_id(request: Request) -> int | None:
    """The `id` of the object whose changes a validation request checks, if any."""
    serializer = ChangedIdSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data.get("id")


def validation_response(check: Callable[[], object]) -> Response:
    """Every problem that `check` (the very checks of a create or update) finds, each at its
    path, as a 200: the browser shows them while the user types."""
    try:
        check()
    except (DjangoValidationError, exceptions.ValidationError) as error:
        return Response({"errors": [problem.as_json() for problem in problems_of(error)]})
    return Response({"errors": []})
