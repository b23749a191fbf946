"""Form types, form templates and submissions. Members read and submit; admins manage."""

from django.db.models import prefetch_related_objects
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ontraccr_clone.accounts.models import Company, User
from ontraccr_clone.api import (
    CompanyApiView,
    IsCompanyAdmin,
    IsCompanyAdminOrReadOnly,
    Pagination,
    ValidationResultSerializer,
    changed_id,
    query_filters,
    validation_response,
)
from ontraccr_clone.schema import ErrorSerializer
from workflows.engine.summary import runs_prefetch
from workflows.forms import selectors, services
from workflows.forms.models import FormSubmission, FormType
from workflows.forms.serializers import (
    SUBMISSION_DATA_INPUT,
    FieldTypeSerializer,
    FormTemplateFilterSerializer,
    FormTemplateInputSerializer,
    FormTemplateSerializer,
    FormTemplateValidateSerializer,
    FormTypeInputSerializer,
    FormTypeSerializer,
    FormTypeValidateSerializer,
    IdempotencyKeyField,
    SubmissionDetailSerializer,
    SubmissionFilterSerializer,
    SubmissionInputSerializer,
    SubmissionListSerializer,
    SubmissionReviseInputSerializer,
    field_type_catalog,
)


def _company_form_type(company: Company, pk: int) -> FormType:
    try:
        return selectors.form_type_get(company=company, pk=pk)
    except Http404:
        raise serializers.ValidationError(
            {"form_type": ["Choose one of your company's form types."]}
        ) from None


class FieldTypeListApi(CompanyApiView):
    @extend_schema(responses=FieldTypeSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(field_type_catalog())


class FormTypeListApi(CompanyApiView):
    permission_classes = [IsCompanyAdminOrReadOnly]

    @extend_schema(responses=FormTypeSerializer(many=True))
    def get(self, request: Request) -> Response:
        form_types = selectors.form_type_list(company=self.company)
        return Response(FormTypeSerializer(form_types, many=True).data)

    @extend_schema(request=FormTypeInputSerializer, responses={201: FormTypeSerializer})
    def post(self, request: Request) -> Response:
        serializer = FormTypeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        form_type = services.form_type_create(actor=self.actor, **serializer.validated_data)
        return Response(FormTypeSerializer(form_type).data, status=status.HTTP_201_CREATED)


class FormTypeValidateApi(CompanyApiView):
    """The problems that adding a form type, or saving the one whose `id` is given, would have."""

    permission_classes = [IsCompanyAdmin]

    @extend_schema(request=FormTypeValidateSerializer, responses=ValidationResultSerializer)
    def post(self, request: Request) -> Response:
        def check() -> None:
            pk = changed_id(request)
            form_type = None
            if pk is not None:
                form_type = selectors.form_type_get(company=self.company, pk=pk)
            serializer = FormTypeInputSerializer(data=request.data, partial=form_type is not None)
            serializer.is_valid(raise_exception=True)
            services.form_type_check(
                actor=self.actor, fields=serializer.validated_data, form_type=form_type
            )

        return validation_response(check)


class FormTypeDetailApi(CompanyApiView):
    permission_classes = [IsCompanyAdminOrReadOnly]

    @extend_schema(responses=FormTypeSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(
            FormTypeSerializer(selectors.form_type_get(company=self.company, pk=pk)).data
        )

    @extend_schema(request=FormTypeInputSerializer, responses=FormTypeSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        form_type = selectors.form_type_get(company=self.company, pk=pk)
        serializer = FormTypeInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        form_type = services.form_type_update(
            actor=self.actor, form_type=form_type, fields=serializer.validated_data
        )
        return Response(FormTypeSerializer(form_type).data)


def _template_input(request: Request, company: Company) -> dict:
    """A template's name, form type (one of the company's) and sections, as sent to be saved."""
    serializer = FormTemplateInputSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    form_type = _company_form_type(company, serializer.validated_data["form_type"])
    return {**serializer.validated_data, "form_type": form_type}


class FormTemplateValidateApi(CompanyApiView):
    """The problems that creating a template, or saving the one whose `id` is given, would have."""

    permission_classes = [IsCompanyAdmin]

    @extend_schema(request=FormTemplateValidateSerializer, responses=ValidationResultSerializer)
    def post(self, request: Request) -> Response:
        def check() -> None:
            pk = changed_id(request)
            template = None
            if pk is not None:
                template = selectors.form_template_get(company=self.company, pk=pk)
            services.form_template_check(
                actor=self.actor, template=template, **_template_input(request, self.company)
            )

        return validation_response(check)


class FormTemplateListApi(CompanyApiView):
    permission_classes = [IsCompanyAdminOrReadOnly]

    @extend_schema(
        parameters=[FormTemplateFilterSerializer],
        responses=FormTemplateSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        filters = query_filters(request, FormTemplateFilterSerializer)
        templates = selectors.form_template_list(company=self.company, **filters).prefetch_related(
            "versions"
        )
        return Response(FormTemplateSerializer(templates, many=True).data)

    @extend_schema(request=FormTemplateInputSerializer, responses={201: FormTemplateSerializer})
    def post(self, request: Request) -> Response:
        template = services.form_template_create(
            actor=self.actor, **_template_input(request, self.company)
        )
        return Response(FormTemplateSerializer(template).data, status=status.HTTP_201_CREATED)


class FormTemplateDetailApi(CompanyApiView):
    permission_classes = [IsCompanyAdminOrReadOnly]

    @extend_schema(responses=FormTemplateSerializer)
    def get(self, request: Request, pk: int) -> Response:
        template = selectors.form_template_get(company=self.company, pk=pk)
        return Response(FormTemplateSerializer(template).data)

    @extend_schema(request=FormTemplateInputSerializer, responses=FormTemplateSerializer)
    def put(self, request: Request, pk: int) -> Response:
        template = selectors.form_template_get(company=self.company, pk=pk)
        template = services.form_template_update(
            actor=self.actor, template=template, **_template_input(request, self.company)
        )
        return Response(FormTemplateSerializer(template).data)


class SubmissionValidateApi(CompanyApiView):
    """The problems that submitting these values to the template would have, each at its path."""

    @extend_schema(
        operation_id="submission_validate",
        request={"application/json": SUBMISSION_DATA_INPUT},
        responses=ValidationResultSerializer,
        description="The body is a submission's `data`, so that each problem's path starts "
        "with its field id, as the same values' problems do when submitted.",
    )
    def post(self, request: Request, pk: int) -> Response:
        template = selectors.form_template_to_fill(company=self.company, pk=pk)
        return validation_response(
            lambda: services.submission_check(
                actor=self.actor, template=template, data=request.data
            )
        )


@extend_schema(request=None, responses=FormTemplateSerializer)
class FormTemplateArchiveApi(CompanyApiView):
    """Archive a template: it takes no new submissions; restore brings it back."""

    permission_classes = [IsCompanyAdmin]

    def post(self, request: Request, pk: int) -> Response:
        template = selectors.form_template_get(company=self.company, pk=pk)
        template = services.form_template_archive(actor=self.actor, template=template)
        return Response(FormTemplateSerializer(template).data)


@extend_schema(request=None, responses=FormTemplateSerializer)
class FormTemplateRestoreApi(CompanyApiView):
    """Restore an archived template, so people can submit it again."""

    permission_classes = [IsCompanyAdmin]

    def post(self, request: Request, pk: int) -> Response:
        template = selectors.form_template_get(company=self.company, pk=pk)
        template = services.form_template_restore(actor=self.actor, template=template)
        return Response(FormTemplateSerializer(template).data)


IDEMPOTENCY_KEY = OpenApiParameter(
    name="Idempotency-Key",
    location=OpenApiParameter.HEADER,
    required=False,
    description="A key of your choosing (a UUID, say) for this one form: send the same key with "
    "every try of it, and a new key for a new form. A repeat is answered as the first try was "
    "(201 and the submission it made), however often and concurrently it is sent, so a try "
    "whose answer was lost can be sent again without submitting twice. Keys are per person; "
    "1 to 255 letters, digits, `-`, `_`, `.` or `:`.",
)


REVISION_IDEMPOTENCY_KEY = OpenApiParameter(
    name="Idempotency-Key",
    location=OpenApiParameter.HEADER,
    required=False,
    description="A key of your choosing for this one revision, sent with every try of it: a "
    "repeat is answered as the first try was, so a try whose answer was lost can be sent "
    "again without revising twice.",
)


class IdempotencyKeyReusedError(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This Idempotency-Key was already used with other values."
    default_code = "idempotency_key_reused"


def _idempotency_key(request: Request) -> str:
    """The request's Idempotency-Key header, checked; empty when it was not sent."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return ""
    try:
        return IdempotencyKeyField().run_validation(key)
    except serializers.ValidationError as error:
        raise serializers.ValidationError({"Idempotency-Key": error.detail}) from None


class SubmissionListApi(CompanyApiView):
    pagination_class = Pagination

    @extend_schema(
        parameters=[SubmissionFilterSerializer],
        responses=SubmissionListSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        filters = query_filters(request, SubmissionFilterSerializer)
        submissions = selectors.submission_list(company=self.company, **filters).defer(
            # What a list shows of each form: not its values nor the fields of its version.
            "data",
            "search_text",
            "template_version__sections",
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(submissions, request, view=self)
        return paginator.get_paginated_response(SubmissionListSerializer(page, many=True).data)

    @extend_schema(
        parameters=[IDEMPOTENCY_KEY],
        request=SubmissionInputSerializer,
        responses={
            201: SubmissionDetailSerializer,
            422: OpenApiResponse(
                response=ErrorSerializer,
                description="The Idempotency-Key was used before with other values; nothing "
                "was saved.",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        idempotency_key = _idempotency_key(request)
        serializer = SubmissionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            template = selectors.form_template_to_fill(
                company=self.company, pk=serializer.validated_data["template"]
            )
        except Http404:
            raise serializers.ValidationError(
                {"template": ["Choose one of your company's forms."]}
            ) from None
        try:
            submission = services.submission_create(
                actor=self.actor,
                template=template,
                data=serializer.validated_data["data"],
                idempotency_key=idempotency_key,
            )
        except services.IdempotencyKeyReused as reused:
            raise IdempotencyKeyReusedError(str(reused)) from None
        # For the run's summary; a new form holds what it needs (an earlier one, a repeat, not).
        prefetch_related_objects([submission], runs_prefetch(), "step_reports")
        return Response(SubmissionDetailSerializer(submission).data, status=status.HTTP_201_CREATED)


class SubmissionStatusListApi(CompanyApiView):
    @extend_schema(responses=serializers.ListSerializer(child=serializers.CharField()))
    def get(self, request: Request) -> Response:
        return Response(selectors.submission_statuses(company=self.company))


def _submission_detail(actor: User, submission: FormSubmission) -> Response:
    """The form as `actor` sees it: with whether they may revise it now."""
    refusal = services.submission_revise_refusal(actor=actor, submission=submission)
    return Response(
        SubmissionDetailSerializer(submission, context={"revise_refusal": refusal}).data
    )


class SubmissionDetailApi(CompanyApiView):
    @extend_schema(responses=SubmissionDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        submission = selectors.submission_get(company=self.company, pk=pk)
        return _submission_detail(self.actor, submission)


class SubmissionReviseApi(CompanyApiView):
    """Revise a submitted form: its new values, checked as a submission's are (400 with field
    errors); 403 with the reason for someone who may not revise it now."""

    @extend_schema(
        parameters=[REVISION_IDEMPOTENCY_KEY],
        request=SubmissionReviseInputSerializer,
        responses={
            200: SubmissionDetailSerializer,
            422: OpenApiResponse(
                response=ErrorSerializer,
                description="The Idempotency-Key was used before with other values; nothing "
                "was saved.",
            ),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        idempotency_key = _idempotency_key(request)
        serializer = SubmissionReviseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        submission = selectors.submission_get(company=self.company, pk=pk)
        try:
            services.submission_revise(
                actor=self.actor,
                submission=submission,
                data=serializer.validated_data["data"],
                idempotency_key=idempotency_key,
            )
        except services.IdempotencyKeyReused as reused:
            raise IdempotencyKeyReusedError(str(reused)) from None
        submission = selectors.submission_get(company=self.company, pk=pk)
        return _submission_detail(self.actor, submission)
