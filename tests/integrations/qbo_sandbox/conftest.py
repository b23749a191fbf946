"""The sandbox served by pytest-django's live server, and the unmodified Intuit clients on it."""

import gc
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from intuitlib.client import AuthClient
from quickbooks import QuickBooks
from requests.adapters import HTTPAdapter

from integrations.qbo_sandbox import services
from integrations.qbo_sandbox.seed import SAMPLE_COMPANIES

MINOR_VERSION = 75
REALM_ID = SAMPLE_COMPANIES[0].realm_id
OTHER_REALM_ID = SAMPLE_COMPANIES[1].realm_id


@dataclass(frozen=True)
class Sandbox:
    base_url: str
    client_id: str
    client_secret: str

    @property
    def discovery_url(self) -> str:
        return self.base_url + services.sandbox_discovery_path()

    @property
    def api_url(self) -> str:
        return self.base_url + services.sandbox_api_path()

    @property
    def redirect_uri(self) -> str:
        return self.base_url + "/integrations/quickbooks/callback/"

    def company_url(self, realm_id: str = REALM_ID) -> str:
        return f"{self.api_url}/company/{realm_id}"


class TimeoutAdapter(HTTPAdapter):
    """Gives every request of a session a timeout, as the product's client factory does."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout

    def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
        kwargs["timeout"] = kwargs.get("timeout") or self.timeout
        return super().send(request, **kwargs)


@pytest.fixture(autouse=True)
def _plain_http_oauth(monkeypatch: pytest.MonkeyPatch) -> None:
    # requests-oauthlib refuses http:// URLs unless told that the transport is trusted.
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")


@pytest.fixture
def sandbox(live_server, transactional_db) -> Sandbox:  # type: ignore[no-untyped-def]
    client_id, client_secret = services.sandbox_app_credentials()
    return Sandbox(base_url=live_server.url, client_id=client_id, client_secret=client_secret)


@pytest.fixture
def http_sessions() -> Iterator[list[requests.Session]]:
    """Sessions to close after the test, so the live server's keep-alive threads let go of
    their database connections before the test database is flushed or dropped."""
    sessions: list[requests.Session] = []
    yield sessions
    for session in sessions:
        session.close()
    # A response that python-quickbooks turned into an exception is held, with its connection,
    # by the traceback's reference cycle until the collector runs.
    gc.collect()


@pytest.fixture
def make_auth_client(
    sandbox: Sandbox, http_sessions: list[requests.Session]
) -> Callable[..., AuthClient]:
    def make(**kwargs: str) -> AuthClient:
        client = AuthClient(
            client_id=kwargs.pop("client_id", sandbox.client_id),
            client_secret=kwargs.pop("client_secret", sandbox.client_secret),
            redirect_uri=kwargs.pop("redirect_uri", sandbox.redirect_uri),
            environment=kwargs.pop("environment", sandbox.discovery_url),
            **kwargs,
        )
        http_sessions.append(client)
        return client

    return make


@pytest.fixture
def auth_client(make_auth_client: Callable[..., AuthClient]) -> AuthClient:
    return make_auth_client()


@pytest.fixture
def make_quickbooks(
    sandbox: Sandbox, http_sessions: list[requests.Session]
) -> Callable[..., QuickBooks]:
    """A python-quickbooks client on the sandbox, with a timeout on every call."""

    def make(
        auth: AuthClient, refresh_token: str, realm_id: str = REALM_ID, timeout: float = 10
    ) -> QuickBooks:
        client = QuickBooks(
            auth_client=auth,
            refresh_token=refresh_token,
            company_id=realm_id,
            minorversion=MINOR_VERSION,
        )
        client.api_url_v3 = sandbox.api_url
        client.session.mount("http://", TimeoutAdapter(timeout))
        http_sessions.append(client.session)
        return client

    return make


@pytest.fixture
def connect(
    make_auth_client: Callable[..., AuthClient], make_quickbooks: Callable[..., QuickBooks]
) -> Callable[..., QuickBooks]:
    """A python-quickbooks client for a company, connected with a fresh refresh token."""

    def make(realm_id: str = REALM_ID, timeout: float = 10) -> QuickBooks:
        refresh_token = services.sandbox_refresh_token_issue(realm_id=realm_id)
        return make_quickbooks(make_auth_client(), refresh_token, realm_id, timeout)

    return make


@pytest.fixture
def qb(connect: Callable[..., QuickBooks]) -> QuickBooks:
    return connect()


@pytest.fixture
def consent(
    sandbox: Sandbox, http_sessions: list[requests.Session]
) -> Callable[..., dict[str, list[str]]]:
    """Go through the consent page as a browser would; answers the redirect's query parameters."""

    def answer(
        authorization_url: str,
        decision: str,
        realm_id: str = REALM_ID,
        redirect_uri: str | None = None,
    ) -> dict[str, list[str]]:
        browser = requests.Session()
        http_sessions.append(browser)
        page = browser.get(authorization_url, timeout=10)
        assert page.status_code == 200, page.text
        hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text)
        fields = {name: html.unescape(value) for name, value in hidden}
        fields.update(realm_id=realm_id, decision=decision)
        response = browser.post(
            sandbox.base_url + urlsplit(authorization_url).path,
            data=fields,
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 302, response.text
        location = response.headers["Location"]
        assert location.startswith((redirect_uri or sandbox.redirect_uri) + "?")
        return parse_qs(urlsplit(location).query)

    return answer
