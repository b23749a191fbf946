"""Approvals and runs: the waiting list, approve / reject / retry, and where a run stands."""

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from ontraccr_clone.api import CompanyApiView
from workflows.engine import selectors, services
from workflows.engine.serializers import (
    ApprovalListSerializer,
    DecisionInputSerializer,
    StepRunSerializer,
    SubmissionRunSerializer,
)
from workflows.forms.selectors import submission_get


class ApprovalListApi(CompanyApiView):
    @extend_schema(responses=ApprovalListSerializer)
    def get(self, request: Request) -> Response:
        approvals = selectors.approvals_waiting_for(user=self.actor)
        return Response(
            ApprovalListSerializer({"count": len(approvals), "results": approvals}).data
        )


class StepRunApproveApi(CompanyApiView):
    @extend_schema(request=DecisionInputSerializer, responses=StepRunSerializer)
    def post(self, request: Request, pk: int) -> Response:
        decision = DecisionInputSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        step_run = services.step_run_approve(
            actor=self.actor,
            step_run=selectors.step_run_get(company=self.company, pk=pk),
            note=decision.validated_data["note"],
        )
        return Response(StepRunSerializer(step_run).data)


class StepRunRejectApi(CompanyApiView):
    @extend_schema(request=DecisionInputSerializer, responses=StepRunSerializer)
    def post(self, request: Request, pk: int) -> Response:
        decision = DecisionInputSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        step_run = services.step_run_reject(
            actor=self.actor,
            step_run=selectors.step_run_get(company=self.company, pk=pk),
            note=decision.validated_data["note"],
        )
        return Response(StepRunSerializer(step_run).data)


class StepRunRetryApi(CompanyApiView):
    @extend_schema(request=None, responses={201: StepRunSerializer})
    def post(self, request: Request, pk: int) -> Response:
        retry = services.step_run_retry(
            actor=self.actor, step_run=selectors.step_run_get(company=self.company, pk=pk)
        )
        return Response(StepRunSerializer(retry).data, status=201)


class SubmissionRunApi(CompanyApiView):
    @extend_schema(responses=SubmissionRunSerializer)
    def get(self, request: Request, pk: int) -> Response:
        submission = submission_get(company=self.company, pk=pk)
        overview = selectors.submission_run_overview(submission=submission, viewer=self.actor)
        return Response(SubmissionRunSerializer(overview).data)
