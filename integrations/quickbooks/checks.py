"""Checks `manage.py check --deploy` runs: a production server refuses to start without them."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def webhook_verifier_token_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Intuit's webhooks are signed with the app's verifier token; without it none can be
    trusted, so none is accepted, and QuickBooks changes would never reach the app."""
    connects_to_intuit = settings.QBO_ENVIRONMENT in ("sandbox", "production")
    if connects_to_intuit and settings.QBO_CLIENT_ID and not settings.QBO_WEBHOOK_VERIFIER_TOKEN:
        return [
            Error(
                "QuickBooks Online is configured without QBO_WEBHOOK_VERIFIER_TOKEN, so no "
                "webhook from Intuit can be verified.",
                hint="Set QBO_WEBHOOK_VERIFIER_TOKEN to the verifier token shown in the Intuit "
                "developer portal under the app's Webhooks settings.",
                id="quickbooks.E001",
            )
        ]
    return []
