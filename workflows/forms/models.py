from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property

from ontraccr_clone.accounts.models import Company


class FormType(models.Model):
    """What a form is (PO, invoice...): decides its numbering and which workflow steps fit it."""

    PO = "po"
    SYSTEM_TYPES = {
        PO: ("Purchase Order", "PO-"),
        "invoice": ("Invoice", "INV-"),
        "work_order": ("Work Order", "WO-"),
        "general": ("General", "F-"),
    }

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="form_types")
    key = models.SlugField(max_length=50)
    name = models.CharField(max_length=100)
    is_system = models.BooleanField(default=False)
    number_prefix = models.CharField(max_length=20, blank=True)
    next_number = models.PositiveIntegerField(default=1001)

    class Meta:
        ordering = ("-is_system", "name")
        constraints = [
            models.UniqueConstraint("company", "key", name="form_type_key_unique_per_company"),
            models.UniqueConstraint(
                "company", Lower("name"), name="form_type_name_unique_per_company"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FormTemplate(models.Model):
    """A form that people fill in; its fields live in versions so old submissions keep theirs."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="form_templates")
    name = models.CharField(max_length=200)
    form_type = models.ForeignKey(FormType, on_delete=models.PROTECT, related_name="templates")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "form"
        ordering = ("name",)
        constraints = [
            models.UniqueConstraint(
                "company", Lower("name"), name="form_template_name_unique_per_company"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @cached_property
    def latest_version(self) -> "FormTemplateVersion":
        """The version people fill in now (the highest number); `form_template_to_fill` reads
        it with the template, in one query."""
        return self.versions.order_by("-number").first()  # type: ignore[return-value]


class FormTemplateVersion(models.Model):
    """An immutable snapshot of a template's sections and fields."""

    template = models.ForeignKey(FormTemplate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    sections = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("template", "-number")
        constraints = [
            models.UniqueConstraint("template", "number", name="form_template_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"

    @property
    def fields(self) -> list[dict]:
        return [field for section in self.sections for field in section["fields"]]


class FormSubmission(models.Model):
    """A filled-in form, validated against the template version it was made with."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="submissions")
    template_version = models.ForeignKey(
        FormTemplateVersion, on_delete=models.PROTECT, related_name="submissions"
    )
    number = models.CharField(max_length=40)
    data = models.JSONField()
    status = models.CharField(max_length=100, default="Submitted")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submissions"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    # Kept by submission_create (see forms/search.py); a trigram index on PostgreSQL.
    search_text = models.TextField(default="", editable=False)
    # The client's Idempotency-Key, if it sent one, and a hash of what it sent with it: a repeat
    # of the request is answered with this submission, the same key with other values refused.
    idempotency_key = models.CharField(max_length=255, blank=True, default="", editable=False)
    idempotency_request_hash = models.CharField(
        max_length=64, blank=True, default="", editable=False
    )

    class Meta:
        ordering = ("-submitted_at", "-id")
        constraints = [
            models.UniqueConstraint(
                "company", "number", name="submission_number_unique_per_company"
            ),
            # The guard that makes submitting idempotent, concurrent repeats included.
            models.UniqueConstraint(
                fields=["company", "submitted_by", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="submission_idempotency_key_unique_per_person",
            ),
        ]
        indexes = [
            models.Index(fields=["company", "-submitted_at"]),
        ]

    def __str__(self) -> str:
        return self.number


class SubmissionRevision(models.Model):
    """A change to a submitted form: its values before and after, and what changed, kept for
    good. The submission holds the latest values; revision 1 keeps the first ones as
    `previous_data`."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey(
        FormSubmission, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    previous_data = models.JSONField()
    data = models.JSONField()
    # Field by field, as `workflows.forms.changes.submission_changes` words them.
    changes = models.JSONField(default=list)
    revised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revised_at = models.DateTimeField(default=timezone.now)
    # As on a submission: a repeated request with the same key is answered with this revision.
    idempotency_key = models.CharField(max_length=255, blank=True, default="", editable=False)
    idempotency_request_hash = models.CharField(
        max_length=64, blank=True, default="", editable=False
    )

    class Meta:
        ordering = ("submission", "number")
        constraints = [
            models.UniqueConstraint("submission", "number", name="submission_revision_unique"),
            models.UniqueConstraint(
                fields=["submission", "revised_by", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="submission_revision_idempotency_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission} revision {self.number}"
