from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ontraccr_clone.accounts.models import Company
from workflows.forms.models import FormTemplate


class Workflow(models.Model):
    """What happens after a form is submitted; one per form template, drawn in versions."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="workflows")
    form_template = models.OneToOneField(
        FormTemplate, on_delete=models.CASCADE, related_name="workflow"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Workflow of {self.form_template}"


class WorkflowVersion(models.Model):
    """A drawing of the workflow: one editable draft at a time; published versions never change.

    `revision` grows with every saved edit of a draft, so a save based on an older revision (another
    admin saved in between) is refused instead of overwriting their change.
    """

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="versions")
    # Published versions are numbered 1, 2, 3...; a draft has no number until it is published.
    number = models.PositiveIntegerField(null=True, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("workflow", "-created_at", "-id")
        constraints = [
            models.UniqueConstraint("workflow", "number", name="workflow_version_number_unique"),
            models.UniqueConstraint(
                "workflow",
                condition=Q(state="draft"),
                name="one_draft_per_workflow",
            ),
            models.CheckConstraint(
                condition=Q(state="draft", number__isnull=True, published_at__isnull=True)
                | Q(state="published", number__isnull=False, published_at__isnull=False),
                name="workflow_version_published_has_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workflow} v{self.number}" if self.number else f"{self.workflow} (draft)"


class Step(models.Model):
    """A box on the canvas: a step type with its settings (`config`) and its place."""

    version = models.ForeignKey(WorkflowVersion, on_delete=models.CASCADE, related_name="steps")
    # Stable within a version and kept when a version is copied into a new draft.
    key = models.CharField(max_length=40)
    type = models.CharField(max_length=40)
    config = models.JSONField(default=dict, blank=True)
    x = models.FloatField(default=0)
    y = models.FloatField(default=0)

    class Meta:
        ordering = ("version", "id")
        constraints = [
            models.UniqueConstraint("version", "key", name="step_key_unique_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.key}"


class Transition(models.Model):
    """An arrow: when `source` ends with `outcome`, the run goes on to `target`."""

    version = models.ForeignKey(
        WorkflowVersion, on_delete=models.CASCADE, related_name="transitions"
    )
    source = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="outgoing")
    outcome = models.CharField(max_length=40)
    target = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="incoming")

    class Meta:
        ordering = ("version", "id")
        constraints = [
            # One arrow per outcome: a run never has to choose between two next steps.
            models.UniqueConstraint("source", "outcome", name="one_transition_per_outcome"),
        ]

    def __str__(self) -> str:
        return f"{self.source.key} --{self.outcome}--> {self.target.key}"
