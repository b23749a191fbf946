import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ontraccr_clone.accounts.models import Company
from workflows.definitions.models import Step, WorkflowVersion
from workflows.forms.models import FormSubmission, SubmissionRevision


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


class WorkflowRun(models.Model):
    """One submission going through the workflow version that was published when it was made."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        WAITING = "waiting", "Waiting"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    ACTIVE = (Status.RUNNING, Status.WAITING)

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="workflow_runs")
    submission = models.ForeignKey(
        FormSubmission, on_delete=models.CASCADE, related_name="workflow_runs"
    )
    # Pinned: publishing a newer version never changes a run that has started.
    version = models.ForeignKey(WorkflowVersion, on_delete=models.PROTECT, related_name="runs")
    # Set on a run that carries a revision to one step the submission's run had passed (see
    # `StepType.on_revision`): it runs that step's revision work only, beside the main run.
    revision = models.ForeignKey(
        SubmissionRevision,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="workflow_runs",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The advance task saved last for the run: while it waits, no second one is saved.
    advance_task_id = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ("-started_at", "-id")
        constraints = [
            models.UniqueConstraint(
                "submission",
                condition=Q(status__in=["running", "waiting"], revision__isnull=True),
                name="one_active_run_per_submission",
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"Run {self.pk} of {self.submission}"


class StepRun(models.Model):
    """One attempt at one step of a run. Append-only: a retry is a new row.

    `idempotency_key` identifies the step's work towards outside systems (an API's request id):
    it stays the same when a crashed attempt is resumed and for automatic retries of a transient
    failure, and is new when an admin retries a failed step.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        WAITING = "waiting", "Waiting"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    run = models.ForeignKey(WorkflowRun, on_delete=models.CASCADE, related_name="step_runs")
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="step_runs")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    # How many steps the run has taken with this one (retries of a step share its number): a
    # run stops past its step budget.
    number = models.PositiveIntegerField(default=1)
    # Automatic attempts of this try; an admin's Retry starts again at 1.
    attempt = models.PositiveIntegerField(default=1)
    # When the first of this try's failed attempts ended: automatic retries stop after
    # `WORKFLOW_RETRY_FOR_SECONDS` from then.
    retrying_since = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=40, default=new_idempotency_key)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Who decided (an approver) or who asked for this try (an admin's Retry).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=40, blank=True)
    output = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    # A worker executing the step holds it until `lease_expires_at`; after that another may resume.
    lease_token = models.CharField(max_length=40, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("run", "id")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.step} #{self.attempt} ({self.status})"

    @property
    def submission(self) -> FormSubmission:
        return self.run.submission


class StepReport(models.Model):
    """What a step type tells lists about a submission (a sync state), from the latest try of
    its step: one row per submission and type, kept by the engine from `StepType.report`."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey(
        FormSubmission, on_delete=models.CASCADE, related_name="step_reports"
    )
    step_type = models.CharField(max_length=60)
    step_run = models.ForeignKey(StepRun, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=20)
    label = models.CharField(max_length=200)
    detail = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "submission", "step_type", name="one_step_report_per_submission_and_type"
            ),
        ]
        indexes = [models.Index(fields=["company", "step_type", "state"])]

    def __str__(self) -> str:
        return f"{self.step_type} of {self.submission}: {self.state}"


class WorkerHeartbeat(models.Model):
    """The last time a worker process (named as in `db_worker --name`) was seen alive. A row in
    the shared database, rather than the task rows' claims, because an idle worker claims nothing
    and processes on other machines share nothing else; one upsert per process every few seconds
    costs next to nothing."""

    name = models.CharField(max_length=100, primary_key=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} seen at {self.seen_at}"
