"""Work the sandbox does outside a request: delivering webhooks, as Intuit does after a change."""

import base64
import hashlib
import hmac
import logging

import requests
from django.conf import settings
from django_tasks import task

from integrations.qbo_sandbox import services

logger = logging.getLogger(__name__)

WEBHOOK_TIMEOUT_SECONDS = 10


def webhook_signature(body: bytes, verifier_token: str) -> str:
    """Intuit's `intuit-signature`: base64 of the HMAC-SHA256 of the body keyed by the token."""
    digest = hmac.new(verifier_token.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


@task()
def webhook_deliver(*, url: str) -> None:
    """POST the changes waiting for `url` as one signed notification; a receiver that fails is
    logged, as Intuit only records it."""
    body = services.webhook_notification_take(url=url)
    if body is None:
        return
    payload = body.encode()
    headers = {
        "Content-Type": "application/json",
        "intuit-signature": webhook_signature(payload, settings.QBO_WEBHOOK_VERIFIER_TOKEN),
        "User-Agent": "QuickBooks sandbox webhooks",
    }
    try:
        response = requests.post(
            url, data=payload, headers=headers, timeout=WEBHOOK_TIMEOUT_SECONDS
        )
    except requests.RequestException as error:
        logger.warning("Sandbox webhook to %s failed: %s", url, error)
        return
    if not response.ok:
        logger.warning("Sandbox webhook to %s answered %s", url, response.status_code)
