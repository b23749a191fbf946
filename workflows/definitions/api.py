"""The workflow editor's API: step types, workflows, drafts, publishing, versions. Admins only."""

from dataclasses import asdict
from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ontraccr_clone.accounts.models import Company
from ontraccr_clone.api import CompanyApiView, IsCompanyAdmin
from workflows.definitions import selectors, services
from workflows.definitions.serializers import (
    OpenWorkflowInputSerializer,
    StepTypeFilterSerializer,
    StepTypeSerializer,
    WorkflowDetailSerializer,
    WorkflowDraftInputSerializer,
    WorkflowOverviewSerializer,
    WorkflowRevisionInputSerializer,
    WorkflowVersionDetailSerializer,
    WorkflowVersionSummarySerializer,
)
from workflows.definitions.validation import (
    SELF_LOOP_REFUSED,
    GraphStep,
    GraphTransition,
    settings_context,
)
from workflows.forms.models import FormTemplate
from workflows.forms.selectors import form_template_get
from workflows.steps.registry import step_type_list
from workflows.steps.settings import settings_schema

CONFLICT = OpenApiResponse(description="Someone saved since this revision: who and when.")


def _company_template(company: Company, pk: int) -> FormTemplate:
    try:
        return form_template_get(company=company, pk=pk)
    except Http404:
        raise serializers.ValidationError(
            {"template": ["Choose one of your company's forms."]}
        ) from None


def _company_workflow(company: Company, pk: int) -> FormTemplate:
    """The form of one of the company's workflows."""
    try:
        return selectors.workflow_get(company=company, pk=pk).form_template
    except Http404:
        raise serializers.ValidationError(
            {"workflow": ["Choose one of your company's workflows."]}
        ) from None


def _drawing(workflow: Any) -> dict[str, Any]:
    return WorkflowDetailSerializer(selectors.workflow_drawing(workflow=workflow)).data


class StepTypeListApi(CompanyApiView):
    permission_classes = [IsCompanyAdmin]

    @extend_schema(parameters=[StepTypeFilterSerializer], responses=StepTypeSerializer(many=True))
    def get(self, request: Request) -> Response:
        filters = StepTypeFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        if "workflow" in filters.validated_data:
            template = _company_workflow(self.company, filters.validated_data["workflow"])
        else:
            template = _company_template(self.company, filters.validated_data["template"])
        context = settings_context(company=self.company, template=template)
        step_types = []
        for step_type in step_type_list():
            availability = step_type.availability(company=self.company, template=template)
            step_types.append(
                {
                    "key": step_type.key,
                    "label": step_type.label,
                    "icon": step_type.icon,
                    "description": step_type.description,
                    "outcomes": list(step_type.outcomes),
                    "available": availability.ok,
                    "reason": availability.reason,
                    "settings": settings_schema(step_type.ConfigSerializer, context=context),
                    "settings_panels": list(step_type.settings_panels),
                    "arrows": {"into": step_type.arrows_in_refused, "to_itself": SELF_LOOP_REFUSED},
                    "actions": [asdict(action) for action in step_type.actions],
                    "report_title": step_type.report_title,
                }
            )
        return Response(StepTypeSerializer(step_types, many=True).data)


class WorkflowListApi(CompanyApiView):
    permission_classes = [IsCompanyAdmin]

    @extend_schema(responses=WorkflowOverviewSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = selectors.workflow_overview_rows(company=self.company)
        return Response(WorkflowOverviewSerializer(rows, many=True).data)

    @extend_schema(
        request=OpenWorkflowInputSerializer,
        responses={200: WorkflowDetailSerializer, 201: WorkflowDetailSerializer},
        description="Open a form's workflow, starting it (Submit alone) if it has none yet.",
    )
    def post(self, request: Request) -> Response:
        serializer = OpenWorkflowInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        template = _company_template(self.company, serializer.validated_data["template"])
        workflow, created = services.workflow_get_or_create(actor=self.actor, template=template)
        return Response(
            _drawing(workflow), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class WorkflowDetailApi(CompanyApiView):
    permission_classes = [IsCompanyAdmin]

    @extend_schema(responses=WorkflowDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(_drawing(selectors.workflow_get(company=self.company, pk=pk)))


class WorkflowDraftApi(CompanyApiView):
    permission_classes = [IsCompanyAdmin]

    @extend_schema(
        request=WorkflowDraftInputSerializer,
        responses={200: WorkflowDetailSerializer, 409: CONFLICT},
    )
    def put(self, request: Request, pk: int) -> Response:
        workflow = selectors.workflow_get(company=self.company, pk=pk)
        serializer = WorkflowDraftInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.workflow_draft_save(
            actor=self.actor,
            workflow=workflow,
            revision=data["revision"],
            steps=[GraphStep(**step) for step in data["steps"]],
            transitions=[GraphTransition(**transition) for transition in data["transitions"]],
        )
        return Response(_drawing(workflow))


class WorkflowPublishApi(CompanyApiView):
    permission_classes = [IsCompanyAdmin]

    @extend_schema(
        request=WorkflowRevisionInputSerializer,
        responses={200: WorkflowDetailSerializer, 409: CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        workflow = selectors.workflow_get(company=self.company, pk=pk)
        serializer = WorkflowRevisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.workflow_publish(
            actor=self.actor, workflow=workflow, revision=serializer.validated_data["revision"]
        )
        return Response(_drawing(workflow))


class WorkflowVersionListApi(CompanyApiView):
    permission_classes = [IsCompanyAdmin]

    @extend_schema(responses=WorkflowVersionSummarySerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        workflow = selectors.workflow_get(company=self.company, pk=pk)
        versions = selectors.workflow_version_list(workflow=workflow)
        return Response(WorkflowVersionSummarySerializer(versions, many=True).data)


class WorkflowVersionDetailApi(CompanyApiView):
    permission_classes = [IsCompanyAdmin]

    @extend_schema(responses=WorkflowVersionDetailSerializer)
    def get(self, request: Request, pk: int, number: int) -> Response:
        workflow = selectors.workflow_get(company=self.company, pk=pk)
        version = selectors.workflow_version_get(workflow=workflow, number=number)
        return Response(
            WorkflowVersionDetailSerializer(
                selectors.workflow_version_drawing(version=version)
            ).data
        )


class WorkflowVersionRestoreApi(CompanyApiView):
    permission_classes = [IsCompanyAdmin]

    @extend_schema(request=None, responses=WorkflowDetailSerializer)
    def post(self, request: Request, pk: int, number: int) -> Response:
        workflow = selectors.workflow_get(company=self.company, pk=pk)
        version = selectors.workflow_version_get(workflow=workflow, number=number)
        services.workflow_version_restore(actor=self.actor, version=version)
        return Response(_drawing(workflow))
