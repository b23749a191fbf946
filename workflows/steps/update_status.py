"""Update status: sets the form's status, a standard one or the company's own words."""

from rest_framework import serializers

from workflows.engine.models import StepRun
from workflows.forms.models import FormSubmission
from workflows.steps.base import Outcome, StepType, Wait
from workflows.steps.registry import register
from workflows.timeline.models import TimelineEvent
from workflows.timeline.services import timeline_event_record

STANDARD_STATUSES = (
    "Submitted",
    "Pending",
    "Approved",
    "Rejected",
    "Ordered",
    "Received",
    "Closed",
)


class UpdateStatusConfig(serializers.Serializer):
    status = serializers.CharField(max_length=100, help_text="A standard status or your own.")


@register
class UpdateStatusStep(StepType):
    key = "update_status"
    label = "Update status"
    icon = "⚑"
    description = "Set the form's status, e.g. Approved or Ordered."
    ConfigSerializer = UpdateStatusConfig

    def execute(self, *, step_run: StepRun) -> Outcome | Wait:
        return Outcome("next", {"status": step_run.step.config["status"].strip()})

    def record(self, *, step_run: StepRun, result: Outcome | Wait) -> None:
        assert isinstance(result, Outcome)
        submission = FormSubmission.objects.select_for_update().get(pk=step_run.run.submission_id)
        before, after = submission.status, result.output["status"]
        submission.status = after
        submission.save(update_fields=["status"])
        timeline_event_record(
            submission=submission,
            kind=TimelineEvent.Kind.STATUS_CHANGED,
            message=f"Status set to {after}",
            data={"from": before, "to": after},
            step_run=step_run,
        )
