from django.conf import settings
from django.db import models
from django.utils import timezone

from integrations.quickbooks.encryption import EncryptedTextField
from ontraccr_clone.accounts.models import Company
from ontraccr_clone.catalog.models import Customer, Material, Vendor
from workflows.engine.models import StepRun
from workflows.forms.models import FormSubmission


class QuickBooksConnection(models.Model):
    """A company's link to its QuickBooks Online company (realm), with its OAuth tokens."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Connected"
        NEEDS_RECONNECT = "needs_reconnect", "Needs reconnection"
        DISCONNECTED = "disconnected", "Disconnected"

    company = models.OneToOneField(
        Company, on_delete=models.CASCADE, related_name="quickbooks_connection"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    realm_id = models.CharField(max_length=50)
    company_name = models.CharField(max_length=200, blank=True)
    # Where this realm's QuickBooks lives (Intuit's sandbox or production, or the local sandbox),
    # fixed when the company connected so that workers need no web request to find it.
    discovery_url = models.URLField(max_length=300)
    api_url = models.URLField(max_length=300)
    access_token = EncryptedTextField(blank=True)
    refresh_token = EncryptedTextField(blank=True)
    access_expires_at = models.DateTimeField(null=True, blank=True)
    refresh_expires_at = models.DateTimeField(null=True, blank=True)
    # While set and in the future, one process is refreshing the tokens; others wait for it.
    refreshing_until = models.DateTimeField(null=True, blank=True)
    # Who holds that lease: only its holder may store the tokens it got, or give the lease up.
    refreshing_owner = models.CharField(max_length=40, blank=True)
    connected_at = models.DateTimeField(default=timezone.now)
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    disconnected_at = models.DateTimeField(null=True, blank=True)
    last_sync_at = models.DateTimeField(null=True, blank=True)
    income_account_id = models.CharField(max_length=50, blank=True)
    income_account_name = models.CharField(max_length=200, blank=True)
    expense_account_id = models.CharField(max_length=50, blank=True)
    expense_account_name = models.CharField(max_length=200, blank=True)
    payable_account_id = models.CharField(max_length=50, blank=True)
    payable_account_name = models.CharField(max_length=200, blank=True)
    # The QuickBooks company's settings as last read (`preferences.CompanyPreferences`).
    preferences = models.JSONField(default=dict, blank=True)
    preferences_read_at = models.DateTimeField(null=True, blank=True)
    # Intuit's limits per realm (500 calls a minute, 10 at once), counted across every worker.
    window_started_at = models.DateTimeField(null=True, blank=True)
    window_calls = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "QuickBooks connection"

    def __str__(self) -> str:
        return f"{self.company} → QuickBooks {self.company_name or self.realm_id}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class QuickBooksCallSlot(models.Model):
    """One QuickBooks call in flight for a connection; at most 10 count per realm at once. The
    caller deletes it when the call ends; if the caller dies, it stops counting at `expires_at`
    (when the call would have timed out) and the next call of the realm deletes it."""

    connection = models.ForeignKey(
        QuickBooksConnection, on_delete=models.CASCADE, related_name="call_slots"
    )
    started_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["connection", "expires_at"])]

    def __str__(self) -> str:
        return f"Call of {self.connection_id} since {self.started_at}"


class QuickBooksSyncRecord(models.Model):
    """A purchase order sent to QuickBooks: what was sent and what came back, kept for good."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey(
        FormSubmission, on_delete=models.CASCADE, related_name="quickbooks_sync_records"
    )
    step_run = models.ForeignKey(
        StepRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The `requestid` QuickBooks saw: the same for every attempt of one workflow step on one form,
    # so a repeated create answers the first PO instead of making a second.
    request_id = models.CharField(max_length=50, unique=True)
    realm_id = models.CharField(max_length=50)
    qbo_po_id = models.CharField("QuickBooks PO id", max_length=50)
    doc_number = models.CharField(max_length=40, blank=True)
    po_status = models.CharField("QuickBooks PO status", max_length=20, blank=True)
    payload = models.JSONField()
    response = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["realm_id", "qbo_po_id"])]

    def __str__(self) -> str:
        return f"{self.submission} → QuickBooks PO {self.doc_number or self.qbo_po_id}"


class QuickBooksWebhookEvent(models.Model):
    """One change that a webhook notification says happened in QuickBooks (an entity created,
    updated or deleted), stored once however often Intuit, or anyone, sends it. It is only a hint:
    processing reads the entity back from QuickBooks before changing anything."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be processed"
        PROCESSING = "processing", "Being processed"
        DONE = "done", "Processed"
        FAILED = "failed", "Failed"

    realm_id = models.CharField(max_length=50)
    entity_name = models.CharField(max_length=50)
    entity_id = models.CharField(max_length=50)
    operation = models.CharField(max_length=20)
    last_updated = models.DateTimeField()
    received_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    # While processing: past this, the process is taken for dead and the event may be taken over.
    processing_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    # The SyncToken QuickBooks answered when the entity was read back: a later event whose
    # read-back answers the same one saw no new change.
    read_sync_token = models.CharField(max_length=20, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ("-received_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["realm_id", "entity_name", "entity_id", "operation", "last_updated"],
                name="quickbooks_webhook_event_once",
            ),
        ]
        indexes = [models.Index(fields=["status", "received_at"])]

    def __str__(self) -> str:
        change = f"{self.entity_name} {self.entity_id} {self.operation}"
        return f"QuickBooks {change} of {self.last_updated:%Y-%m-%d %H:%M:%S}"


class QuickBooksImport(models.Model):
    """One import of vendors and items from QuickBooks into the catalog, with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed", "Failed"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    linked = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    # [{"kind": "vendor"|"item"|"customer", "name": ..., "reason": ...}]
    skipped = models.JSONField(default=list)
    error = models.TextField(blank=True)
    include_services = models.BooleanField(
        default=False, help_text="Service items become materials too."
    )
    # The task carrying the import, and when it last moved on: a stopped worker shows in either.
    task_id = models.CharField(max_length=64, blank=True)
    progressed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"QuickBooks import {self.pk} of {self.company}"


class QuickBooksImportProposal(models.Model):
    """A QuickBooks record whose name nearly matches a catalog row: the import proposes linking
    them instead of adding a near-duplicate, and the admin decides."""

    class Decision(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        LINKED = "linked", "Linked"
        CREATED = "created", "Added to the catalog"
        SKIPPED = "skipped", "Skipped"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(QuickBooksImport, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=20)
    qbo_id = models.CharField("QuickBooks id", max_length=50)
    qbo_name = models.CharField("QuickBooks name", max_length=200)
    # The catalog fields taken from the QuickBooks record, for when the admin adds it instead.
    fields = models.JSONField(default=dict)
    # The catalog row with the nearly matching name (a Vendor for vendors, a Material for items),
    # and its name then: why it was proposed.
    proposed_id = models.PositiveBigIntegerField()
    proposed_name = models.CharField(max_length=200)
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    # The catalog row linked in the end: the proposed one, another, or the one added.
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    object_name = models.CharField(max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("run", "kind", "qbo_name", "id")

    def __str__(self) -> str:
        return f"QuickBooks {self.kind} {self.qbo_name!r} → {self.proposed_id} ({self.decision})"


class QuickBooksLink(models.Model):
    """A catalog row of a company linked to a QuickBooks record: a vendor to a QuickBooks vendor,
    a material to a QuickBooks item, a customer or project to a QuickBooks customer or job. The
    catalog knows nothing of it; POs use it to send ids instead of looking names up."""

    class Kind(models.TextChoices):
        VENDOR = "vendor", "Vendor"
        ITEM = "item", "Item"
        CUSTOMER = "customer", "Customer"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The catalog row: a Vendor for vendors, a Material for items, a Customer for customers.
    object_id = models.PositiveBigIntegerField()
    qbo_id = models.CharField("QuickBooks id", max_length=50)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("kind", "object_id")
        constraints = [
            models.UniqueConstraint(
                fields=["company", "kind", "object_id"], name="quickbooks_link_one_per_row"
            ),
            models.UniqueConstraint(
                fields=["company", "kind", "qbo_id"], name="quickbooks_link_one_per_record"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} → QuickBooks {self.qbo_id}"


class QuickBooksLinkChange(models.Model):
    """An admin linked a vendor, material or customer to a QuickBooks record by hand, or unlinked
    it."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    vendor = models.ForeignKey(
        Vendor, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    material = models.ForeignKey(
        Material, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    previous_qbo_id = models.CharField("QuickBooks id before", max_length=50, blank=True)
    qbo_id = models.CharField("QuickBooks id after", max_length=50, blank=True)
    qbo_name = models.CharField("QuickBooks name", max_length=200, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-changed_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    vendor__isnull=False, material__isnull=True, customer__isnull=True
                )
                | models.Q(vendor__isnull=True, material__isnull=False, customer__isnull=True)
                | models.Q(vendor__isnull=True, material__isnull=True, customer__isnull=False),
                name="quickbooks_link_change_of_one_row",
            ),
        ]

    def __str__(self) -> str:
        row = self.vendor or self.material or self.customer
        return f"{row}: QuickBooks link {self.previous_qbo_id or '-'} → {self.qbo_id or '-'}"
