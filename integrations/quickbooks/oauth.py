"""Where QuickBooks lives and how this app signs in to it (intuit-oauth), with timeouts."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.urls import reverse
from intuitlib.client import AuthClient
from intuitlib.enums import Scopes
from intuitlib.utils import scopes_to_string
from requests.adapters import HTTPAdapter

INTUIT_DISCOVERY_URLS = {
    "sandbox": "https://developer.api.intuit.com/.well-known/openid_sandbox_configuration",
    "production": "https://developer.api.intuit.com/.well-known/openid_configuration",
}
# What Intuit's discovery documents give as `authorization_endpoint`, for both environments.
INTUIT_AUTHORIZATION_URL = "https://appcenter.intuit.com/connect/oauth2"
INTUIT_API_URLS = {
    "sandbox": "https://sandbox-quickbooks.api.intuit.com/v3",
    "production": "https://quickbooks.api.intuit.com/v3",
}


class TimeoutAdapter(HTTPAdapter):
    """Gives every request sent through a session a timeout unless the caller chose one."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        kwargs["timeout"] = kwargs.get("timeout") or self.timeout
        return super().send(request, **kwargs)


def mount_timeouts(session: requests.Session) -> None:
    adapter = TimeoutAdapter(settings.QBO_TIMEOUT_SECONDS)
    session.mount("http://", adapter)
    session.mount("https://", adapter)


class TimedAuthClient(AuthClient):
    """intuit-oauth's client, with a timeout also on the discovery document it reads at once."""

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        kwargs["timeout"] = kwargs.get("timeout") or settings.QBO_TIMEOUT_SECONDS
        return super().request(method, url, *args, **kwargs)


@dataclass(frozen=True)
class Endpoints:
    """Where a QuickBooks environment lives."""

    discovery_url: str
    api_url: str
    authorization_url: str


def endpoints_for(*, origin: str) -> Endpoints:
    """The endpoints of the configured environment; `origin` is this server's, for the sandbox."""
    environment = settings.QBO_ENVIRONMENT
    if environment == "local":
        from integrations.qbo_sandbox import services as sandbox

        return Endpoints(
            discovery_url=origin + sandbox.sandbox_discovery_path(),
            api_url=origin + sandbox.sandbox_api_path(),
            authorization_url=origin + reverse("qbo_sandbox:consent"),
        )
    return Endpoints(
        discovery_url=INTUIT_DISCOVERY_URLS[environment],
        api_url=INTUIT_API_URLS[environment],
        authorization_url=INTUIT_AUTHORIZATION_URL,
    )


def consent_url(*, endpoints: Endpoints, redirect_uri: str, state: str) -> str:
    """Intuit's consent page for the accounting scope, with the parameters intuit-oauth's
    `get_authorization_url` sends; built without reading the discovery document, so that starting
    to connect needs no outside call."""
    client_id, _ = app_credentials()
    parameters = {
        "client_id": client_id,
        "response_type": "code",
        "scope": scopes_to_string([Scopes.ACCOUNTING]),
        "redirect_uri": redirect_uri,
        "state": state,
    }
    return f"{endpoints.authorization_url}?{urlencode(parameters)}"


def app_credentials() -> tuple[str, str]:
    """This app's OAuth client id and secret: the sandbox's own app when local."""
    if settings.QBO_ENVIRONMENT == "local" and not settings.QBO_CLIENT_ID:
        from integrations.qbo_sandbox import services as sandbox

        return sandbox.sandbox_app_credentials()
    return settings.QBO_CLIENT_ID, settings.QBO_CLIENT_SECRET


def auth_client_make(*, discovery_url: str, redirect_uri: str = "") -> AuthClient:
    """An intuit-oauth client for the environment (reads its discovery document)."""
    client_id, client_secret = app_credentials()
    client = TimedAuthClient(
        client_id=client_id,
        client_secret=client_secret,
        redirect_uri=redirect_uri,
        environment=discovery_url,
    )
    return client
