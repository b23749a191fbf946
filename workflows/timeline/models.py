from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone

from workflows.forms.models import FormSubmission


@dataclass(frozen=True)
class KindLook:
    """How the timeline shows a kind: a tone (neutral, info, success, warning, danger) and a
    symbol, so that browsers draw what the server says instead of keeping their own list."""

    tone: str
    icon: str


class TimelineEvent(models.Model):
    """One line of a form's history; written in the same transaction as the change it describes."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        STEP_STARTED = "step_started", "Step started"
        STEP_FINISHED = "step_finished", "Step finished"
        STEP_WAITING = "step_waiting", "Waiting"
        APPROVAL_REQUESTED = "approval_requested", "Approval requested"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        STATUS_CHANGED = "status_changed", "Status changed"
        EMAIL_SENT = "email_sent", "Email sent"
        STEP_FAILED = "step_failed", "Step failed"
        RETRY_SCHEDULED = "retry_scheduled", "Retry scheduled"
        RETRIED = "retried", "Retried"
        RESUMED = "resumed", "Resumed"
        WORKFLOW_FINISHED = "workflow_finished", "Workflow finished"
        SYNCED_QUICKBOOKS = "synced_quickbooks", "Synced with QuickBooks"
        QUICKBOOKS_PO_UPDATED = "quickbooks_po_updated", "QuickBooks PO updated"
        QUICKBOOKS_PO_CLOSED = "quickbooks_po_closed", "QuickBooks PO closed"

    LOOKS = {
        Kind.SUBMITTED: KindLook("info", "✉"),
        Kind.STEP_STARTED: KindLook("neutral", "▶"),
        Kind.STEP_FINISHED: KindLook("neutral", "✓"),
        Kind.STEP_WAITING: KindLook("warning", "⏸"),
        Kind.APPROVAL_REQUESTED: KindLook("warning", "⏳"),
        Kind.APPROVED: KindLook("success", "✔"),
        Kind.REJECTED: KindLook("danger", "✖"),
        Kind.STATUS_CHANGED: KindLook("info", "⚑"),
        Kind.EMAIL_SENT: KindLook("info", "✉"),
        Kind.STEP_FAILED: KindLook("danger", "⚠"),
        Kind.RETRY_SCHEDULED: KindLook("warning", "↻"),
        Kind.RETRIED: KindLook("info", "↻"),
        Kind.RESUMED: KindLook("info", "▶"),
        Kind.WORKFLOW_FINISHED: KindLook("success", "⚐"),
        Kind.SYNCED_QUICKBOOKS: KindLook("success", "⇄"),
        Kind.QUICKBOOKS_PO_UPDATED: KindLook("info", "⇄"),
        Kind.QUICKBOOKS_PO_CLOSED: KindLook("neutral", "⇄"),
    }

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
    def look(self) -> KindLook:
        return self.LOOKS.get(self.kind, KindLook("neutral", "•"))  # type: ignore[call-overload]
