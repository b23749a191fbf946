"""Runs over HTTP: the list of what waits for the signed-in person, actions on waiting steps,
retry, cancel, and where a submission's run stands."""

from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from ontraccr_clone.api import CompanyApiView
from workflows.engine import selectors, services
from workflows.engine.serializers import (
    ApprovalListSerializer,
    ReportFilterSerializer,
    RetryInputSerializer,
    StepRunSerializer,
    SubmissionRunSerializer,
)
from workflows.engine.summary import RunSummarySerializer, run_summary
from workflows.forms.selectors import submission_get


class ApprovalListApi(CompanyApiView):
    @extend_schema(responses=ApprovalListSerializer)
    def get(self, request: Request) -> Response:
        approvals = selectors.approvals_waiting_for(user=self.actor)
        return Response(
            ApprovalListSerializer({"count": len(approvals), "results": approvals}).data
        )


class StepRunActionApi(CompanyApiView):
    """An action of the step's type (its `actions`) on a step run that waits: the body is the
    action's, e.g. `{"note": "..."}`."""

    @extend_schema(request=OpenApiTypes.OBJECT, responses=StepRunSerializer)
    def post(self, request: Request, pk: int, action: str) -> Response:
        data = request.data if isinstance(request.data, dict) else {}
        step_run = services.step_run_act(
            actor=self.actor,
            step_run=selectors.step_run_get(company=self.company, pk=pk),
            action=action,
            data=dict(data),
        )
        return Response(StepRunSerializer(step_run).data)


class StepRunRetryApi(CompanyApiView):
    @extend_schema(request=RetryInputSerializer, responses={201: StepRunSerializer})
    def post(self, request: Request, pk: int) -> Response:
        choice = RetryInputSerializer(data=request.data)
        choice.is_valid(raise_exception=True)
        retry = services.step_run_retry(
            actor=self.actor,
            step_run=selectors.step_run_get(company=self.company, pk=pk),
            settings_from=choice.validated_data["settings"],
        )
        return Response(StepRunSerializer(retry).data, status=201)


class WorkflowRunCancelApi(CompanyApiView):
    @extend_schema(request=None, responses=RunSummarySerializer)
    def post(self, request: Request, pk: int) -> Response:
        run = services.workflow_run_cancel(
            actor=self.actor, run=selectors.workflow_run_get(company=self.company, pk=pk)
        )
        return Response(RunSummarySerializer(run_summary(submission=run.submission)).data)


class SubmissionRunApi(CompanyApiView):
    @extend_schema(responses=SubmissionRunSerializer)
    def get(self, request: Request, pk: int) -> Response:
        submission = submission_get(company=self.company, pk=pk)
        overview = selectors.submission_run_overview(submission=submission, viewer=self.actor)
        return Response(SubmissionRunSerializer(overview).data)


class SubmissionReportFilterListApi(CompanyApiView):
    """The choices of the submissions list's report filter: each reporting step type's states."""

    @extend_schema(responses=ReportFilterSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(ReportFilterSerializer(selectors.report_filters(), many=True).data)
