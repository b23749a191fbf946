"""The app's models, one module per part: forms, workflow definitions, timelines."""

from workflows.definitions.models import Step, Transition, Workflow, WorkflowVersion
from workflows.forms.models import FormSubmission, FormTemplate, FormTemplateVersion, FormType
from workflows.timeline.models import TimelineEvent

__all__ = [
    "FormSubmission",
    "FormTemplate",
    "FormTemplateVersion",
    "FormType",
    "Step",
    "TimelineEvent",
    "Transition",
    "Workflow",
    "WorkflowVersion",
]
