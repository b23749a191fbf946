from django.apps import AppConfig


class QuickBooksConfig(AppConfig):
    """QuickBooks Online: the connection, the client, the 'Sync with QuickBooks' step, webhooks."""

    name = "integrations.quickbooks"
    label = "quickbooks"
    verbose_name = "QuickBooks Online"

    def ready(self) -> None:
        # Registers the 'Sync with QuickBooks' step type (with its "Synced with QuickBooks"
        # timeline kind) in the workflow step registry.
        from integrations.quickbooks import checks, steps  # noqa: F401
        from integrations.quickbooks.kinds import PO_CLOSED, PO_UPDATED
        from workflows.timeline.kinds import timeline_kind_register

        # What webhooks say happened to a PO in QuickBooks, tied to no step.
        timeline_kind_register(PO_UPDATED)
        timeline_kind_register(PO_CLOSED)
