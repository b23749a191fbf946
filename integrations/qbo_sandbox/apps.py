from django.apps import AppConfig


class QboSandboxConfig(AppConfig):
    """The local emulator of Intuit's OAuth and QuickBooks Online Accounting API."""

    name = "integrations.qbo_sandbox"
    label = "qbo_sandbox"
    verbose_name = "Local QuickBooks sandbox"
