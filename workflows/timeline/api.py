"""A form's history, for everyone in its company."""

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from ontraccr_clone.api import CompanyApiView
from workflows.forms.selectors import submission_get
from workflows.timeline.selectors import timeline_list
from workflows.timeline.serializers import TimelineEventSerializer


class SubmissionTimelineApi(CompanyApiView):
    @extend_schema(responses=TimelineEventSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        submission = submission_get(company=self.company, pk=pk)
        events = timeline_list(submission=submission)
        return Response(
            TimelineEventSerializer(events, many=True, context={"viewer": request.user}).data
        )
