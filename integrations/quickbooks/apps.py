from django.apps import AppConfig


class QuickBooksConfig(AppConfig):
    """QuickBooks Online: the connection, the client, the 'Sync with QuickBooks' step, webhooks."""

    name = "integrations.quickbooks"
    label = "quickbooks"
    verbose_name = "QuickBooks Online"

    def ready(self) -> None:
        # Registers the 'Sync with QuickBooks' step type in the workflow step registry.
        from integrations.quickbooks import steps  # noqa: F401
