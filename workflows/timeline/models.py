from django.conf import settings
from django.db import models
from django.utils import timezone

from workflows.forms.models import FormSubmission
from workflows.steps.base import TimelineKind
from workflows.timeline.kinds import timeline_kind_look


class TimelineEvent(models.Model):
    """One line of a form's history; written in the same transaction as the change it describes."""

    submission = models.ForeignKey(
        FormSubmission, on_delete=models.CASCADE, related_name="timeline"
    )
    at = models.DateTimeField(default=timezone.now)
    # A registered kind (`workflows.timeline.kinds`): step types and apps add their own.
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.CharField(max_length=500)
    data = models.JSONField(default=dict, blank=True)
    # The step run the event is about, when it is about one.
    step_run = models.ForeignKey(
        "workflows.StepRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="timeline_events",
    )

    class Meta:
        ordering = ("at", "id")

    def __str__(self) -> str:
        return self.message

    @property
    def look(self) -> TimelineKind:
        """The kind's label, tone and icon, as registered."""
        return timeline_kind_look(self.kind)
