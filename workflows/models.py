"""The app's models, one module per part: forms, workflow definitions, runs, timelines."""

from workflows.definitions.models import Step, Transition, Workflow, WorkflowVersion
from workflows.engine.ledger import OutsideEffect
from workflows.engine.models import StepRun, WorkerHeartbeat, WorkflowRun
from workflows.forms.models import FormSubmission, FormTemplate, FormTemplateVersion, FormType
from workflows.timeline.models import TimelineEvent

__all__ = [
    "FormSubmission",
    "FormTemplate",
    "FormTemplateVersion",
    "FormType",
    "OutsideEffect",
    "Step",
    "StepRun",
    "TimelineEvent",
    "Transition",
    "WorkerHeartbeat",
    "Workflow",
    "WorkflowRun",
    "WorkflowVersion",
]
