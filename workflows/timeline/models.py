from django.conf import settings
from django.db import models
from django.utils import timezone

from workflows.forms.models import FormSubmission


class TimelineEvent(models.Model):
    """One line of a form's history; written in the same transaction as the change it describes."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"

    submission = models.ForeignKey(
        FormSubmission, on_delete=models.CASCADE, related_name="timeline"
    )
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.CharField(max_length=500)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("at", "id")

    def __str__(self) -> str:
        return self.message
