"""The app's models, one module per part: forms, then timelines."""

from workflows.forms.models import FormSubmission, FormTemplate, FormTemplateVersion, FormType
from workflows.timeline.models import TimelineEvent

__all__ = ["FormSubmission", "FormTemplate", "FormTemplateVersion", "FormType", "TimelineEvent"]
