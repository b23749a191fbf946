"""The sandbox's own tables: OAuth apps and grants, companies (realms) and their QuickBooks records.

Everything the emulator knows lives here, so a sandbox company survives restarts and several
server processes agree on tokens, throttling and injected faults.
"""

from django.db import models
from django.db.models import Q


class SandboxApp(models.Model):
    """An app registered with the sandbox, like an app on Intuit's developer portal."""

    key = models.SlugField(unique=True, help_text="Stable name, e.g. 'default' for the product.")
    name = models.CharField(max_length=200)
    client_id = models.CharField(max_length=64, unique=True)
    client_secret = models.CharField(max_length=64)
    redirect_uris = models.JSONField(default=list, blank=True)
    accepts_own_callback = models.BooleanField(
        default=False,
        help_text="Also registered: the product's QuickBooks callback on the host serving the "
        "sandbox, whatever its port.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class SandboxCompany(models.Model):
    """A QuickBooks company file; its realm id is what Intuit calls the company id."""

    realm_id = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    last_entity_id = models.PositiveIntegerField(default=0)
    last_doc_number = models.PositiveIntegerField(default=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["realm_id"]
        verbose_name_plural = "sandbox companies"

    def __str__(self) -> str:
        return f"{self.name} ({self.realm_id})"


class OAuthGrant(models.Model):
    """One consent of one company to one app; revoking it ends all of its tokens."""

    app = models.ForeignKey(SandboxApp, on_delete=models.CASCADE, related_name="grants")
    company = models.ForeignKey(SandboxCompany, on_delete=models.CASCADE, related_name="grants")
    scope = models.CharField(max_length=500)
    origin = models.CharField(
        max_length=300,
        blank=True,
        help_text="Scheme and host the company connected from, where its webhooks go.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.app} -> {self.company}"


class OAuthToken(models.Model):
    """An authorization code, access token or refresh token, stored as a SHA-256 digest."""

    class Kind(models.TextChoices):
        AUTHORIZATION_CODE = "code"
        ACCESS = "access"
        REFRESH = "refresh"

    grant = models.ForeignKey(OAuthGrant, on_delete=models.CASCADE, related_name="tokens")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    digest = models.CharField(max_length=64, unique=True)
    redirect_uri = models.CharField(max_length=1000, blank=True)
    code_challenge = models.CharField(max_length=128, blank=True)
    code_challenge_method = models.CharField(max_length=8, blank=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.grant}"


class SandboxEntity(models.Model):
    """One QuickBooks record (Vendor, Item, Account, PurchaseOrder...) as Intuit would return it."""

    company = models.ForeignKey(SandboxCompany, on_delete=models.CASCADE, related_name="entities")
    entity_type = models.CharField(max_length=40)
    qbo_id = models.CharField(max_length=40)
    name_key = models.CharField(
        max_length=500, blank=True, help_text="Lower-cased name, for unique names and lookups."
    )
    doc_number = models.CharField(
        max_length=40, blank=True, help_text="Lower-cased document number, unique per type."
    )
    active = models.BooleanField(default=True)
    sync_token = models.PositiveIntegerField(default=0)
    body = models.JSONField()
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["company", "entity_type", "qbo_id"], name="qbo_sandbox_entity_unique_id"
            ),
            models.UniqueConstraint(
                fields=["company", "entity_type", "name_key"],
                condition=~Q(name_key=""),
                name="qbo_sandbox_entity_unique_name",
            ),
            models.UniqueConstraint(
                fields=["company", "entity_type", "doc_number"],
                condition=~Q(doc_number=""),
                name="qbo_sandbox_entity_unique_doc_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity_type} {self.qbo_id}"


class ReplayedResponse(models.Model):
    """The answer given to a request with a `requestid`, returned again for the same requestid."""

    company = models.ForeignKey(SandboxCompany, on_delete=models.CASCADE)
    request_id = models.CharField(max_length=50)
    status = models.PositiveSmallIntegerField()
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["company", "request_id"], name="qbo_sandbox_replay_unique_request"
            ),
        ]

    def __str__(self) -> str:
        return f"requestid {self.request_id}"


class ThrottleWindow(models.Model):
    """How many API requests a company has made in its current throttling window."""

    company = models.OneToOneField(SandboxCompany, on_delete=models.CASCADE)
    started_at = models.DateTimeField()
    request_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.request_count} requests since {self.started_at:%H:%M:%S}"


class ApiRequest(models.Model):
    """An API request the sandbox received: the log of a company's calls, whose unfinished rows
    are the calls in flight for the per-company concurrency limit."""

    company = models.ForeignKey(SandboxCompany, on_delete=models.CASCADE)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    fault = models.CharField(
        max_length=16, blank=True, help_text="The injected fault this call met (a FaultKind)."
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["company", "started_at"],
                condition=models.Q(finished_at__isnull=True),
                name="qbo_sandbox_request_in_flight",
            )
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} at {self.started_at:%H:%M:%S}"


class WebhookNotice(models.Model):
    """A change waiting to be sent to an app's webhook URL: as Intuit does, the sandbox gathers
    the changes made meanwhile and sends them together in one notification."""

    company = models.ForeignKey(SandboxCompany, on_delete=models.CASCADE)
    url = models.URLField(max_length=500)
    entity = models.CharField(max_length=40)
    qbo_id = models.CharField(max_length=40)
    operation = models.CharField(max_length=16)
    changed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["url", "id"], name="qbo_sandbox_notice_url")]

    def __str__(self) -> str:
        return f"{self.operation} {self.entity} {self.qbo_id} for {self.url}"


class WebhookDelivery(models.Model):
    """Whether a delivery to a webhook URL is queued, so that changes made before it runs join
    it instead of queueing one delivery each."""

    url = models.URLField(max_length=500, unique=True)
    queued = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.url} ({'queued' if self.queued else 'idle'})"


class FaultKind(models.TextChoices):
    """How an API call fails; the `answer_*` kinds do the call first, then lose its answer."""

    SERVER_ERROR = "500", "HTTP 500 system failure"
    UNAVAILABLE = "503", "HTTP 503 service unavailable"
    THROTTLED = "429", "HTTP 429 throttled, with Retry-After"
    UNAUTHORIZED = "401", "HTTP 401 expired token"
    MALFORMED = "malformed", "Malformed response body"
    HANG = "hang", "Hang past the client's timeout"
    ANSWER_LOST = "answer_lost", "Do the call, then hang past the client's timeout"
    ANSWER_500 = "answer_500", "Do the call, then answer HTTP 500"
    ANSWER_DROPPED = "answer_dropped", "Do the call, then drop the connection mid-answer"


class InjectedFault(models.Model):
    """The next `remaining` API calls of a company fail this way."""

    Kind = FaultKind

    company = models.ForeignKey(SandboxCompany, on_delete=models.CASCADE)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    remaining = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"next {self.remaining} calls: {self.get_kind_display()}"


class FaultRate(models.Model):
    """A fraction of a company's API calls fail, each with a kind drawn from `kinds`, until the
    rate is cleared; faults counted out with InjectedFault come first."""

    company = models.OneToOneField(SandboxCompany, on_delete=models.CASCADE)
    fraction = models.FloatField(help_text="From 0 (no call fails) to 1 (every call fails).")
    kinds = models.JSONField(help_text="The FaultKind values to draw from, equally likely.")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.fraction:.0%} of calls: {', '.join(self.kinds)}"
