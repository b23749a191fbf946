"""Update status: sets the form's status, a standard one or the company's own words."""

from typing import Any

from rest_framework import serializers

from workflows.engine.models import StepRun
from workflows.forms.models import FormSubmission
from workflows.steps.base import Outcome, StepType, TimelineKind, Wait
from workflows.steps.registry import register
from workflows.steps.settings import TextSetting
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
    status = TextSetting(
        label="Status",
        max_length=100,
        help_text="Pick a standard status or type your own.",
        style={"suggestions": STANDARD_STATUSES},
    )


@register
class UpdateStatusStep(StepType):
    key = "update_status"
    label = "Update status"
    icon = "⚑"
    description = "Set the form's status, e.g. Approved or Ordered."
    ConfigSerializer = UpdateStatusConfig
    timeline_kinds = (TimelineKind("status_changed", "Status changed", "info", "⚑"),)

    def summary(self, *, config: dict[str, Any], fields: list[dict[str, Any]]) -> str:
        return f"Set status to {config['status']}"

    def execute(self, *, step_run: StepRun) -> Outcome | Wait:
        return Outcome("next", {"status": step_run.step.config["status"]})

    def record(self, *, step_run: StepRun, result: Outcome | Wait) -> None:
        assert isinstance(result, Outcome)
        submission = FormSubmission.objects.select_for_update().get(pk=step_run.run.submission_id)
        before, after = submission.status, result.output["status"]
        submission.status = after
        submission.save(update_fields=["status"])
        timeline_event_record(
            submission=submission,
            kind="status_changed",
            message=f"Status set to {after}",
            data={"from": before, "to": after},
            step_run=step_run,
        )
