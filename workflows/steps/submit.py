"""Submit: where every workflow starts, when someone submits the form."""

from typing import ClassVar

from workflows.engine.models import StepRun
from workflows.steps.base import Outcome, StepType, Wait
from workflows.steps.registry import register


@register
class SubmitStep(StepType):
    key = "submit"
    label = "Submit"
    icon = "✉"
    description = "The start: runs when someone submits the form. One per workflow."
    announce_start: ClassVar[bool] = False
    arrows_in_refused = "Nothing can lead back to Submit: a workflow starts there only once."

    def execute(self, *, step_run: StepRun) -> Outcome | Wait:
        return Outcome("next")

    def record(self, *, step_run: StepRun, result: Outcome | Wait) -> None:
        """The submission already has its "Submitted" event."""
