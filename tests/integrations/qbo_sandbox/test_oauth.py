import base64
import datetime
import hashlib
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from intuitlib.enums import Scopes
from intuitlib.exceptions import AuthClientError
from quickbooks.exceptions import AuthorizationException
from quickbooks.objects.company_info import CompanyInfo

from integrations.qbo_sandbox import selectors, services
from integrations.qbo_sandbox.models import OAuthToken
from tests.integrations.qbo_sandbox.conftest import OTHER_REALM_ID, REALM_ID

pytestmark = pytest.mark.django_db(transaction=True)


def refresh(auth_client, refresh_token: str) -> dict:
    """The token endpoint's whole answer to a refresh, as intuit-oauth received it."""
    auth_client.refresh(refresh_token=refresh_token)
    return {
        "access_token": auth_client.access_token,
        "refresh_token": auth_client.refresh_token,
        "expires_in": auth_client.expires_in,
        "x_refresh_token_expires_in": auth_client.x_refresh_token_expires_in,
    }


def age(refresh_token: str, hours: int) -> None:
    OAuthToken.objects.filter(digest=selectors.token_digest(refresh_token)).update(
        created_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=hours)
    )


def test_discovery_document_names_every_endpoint(sandbox, auth_client):
    document = requests.get(sandbox.discovery_url, timeout=10).json()

    assert document["issuer"].startswith(sandbox.base_url)
    assert auth_client.auth_endpoint == f"{sandbox.base_url}/qbo-sandbox/connect/oauth2"
    assert auth_client.token_endpoint == f"{sandbox.base_url}/qbo-sandbox/oauth2/v1/tokens/bearer"
    assert auth_client.revoke_endpoint == f"{sandbox.base_url}/qbo-sandbox/oauth2/v1/tokens/revoke"
    assert auth_client.user_info_url.startswith(sandbox.base_url)
    assert requests.get(auth_client.jwks_uri, timeout=10).json() == {"keys": []}


def test_code_flow_through_the_consent_page_connects_the_chosen_company(
    auth_client, consent, make_quickbooks
):
    url = auth_client.get_authorization_url([Scopes.ACCOUNTING, Scopes.OPENID], "state-123")

    answer = consent(url, "connect", realm_id=OTHER_REALM_ID)
    assert answer["state"] == ["state-123"]
    assert answer["realmId"] == [OTHER_REALM_ID]
    auth_client.get_bearer_token(answer["code"][0], realm_id=answer["realmId"][0])

    assert auth_client.expires_in == 3600
    assert auth_client.x_refresh_token_expires_in > 0
    assert auth_client.refresh_token.startswith("AB11")
    company = CompanyInfo.get(
        OTHER_REALM_ID, qb=make_quickbooks(auth_client, auth_client.refresh_token, OTHER_REALM_ID)
    )
    assert company.CompanyName == "Sandbox Company_US_2"
    user = auth_client.get_user_info().json()
    assert user["email"]


def test_cancel_on_the_consent_page_redirects_with_access_denied(auth_client, consent):
    url = auth_client.get_authorization_url([Scopes.ACCOUNTING], "state-9")

    answer = consent(url, "cancel")

    assert answer == {"error": ["access_denied"], "state": ["state-9"]}


def test_consent_page_redirects_an_invalid_scope_back_to_the_app(sandbox, auth_client):
    url = auth_client.get_authorization_url([Scopes.ACCOUNTING]).replace(
        "com.intuit.quickbooks.accounting", "everything"
    )

    page = requests.get(url, allow_redirects=False, timeout=10)

    assert page.status_code == 302
    assert "error=invalid_scope" in page.headers["Location"]


def test_replaying_an_authorization_code_fails_and_revokes_the_tokens_it_gave(
    auth_client, make_auth_client, make_quickbooks, consent
):
    answer = consent(auth_client.get_authorization_url([Scopes.ACCOUNTING]), "connect")
    auth_client.get_bearer_token(answer["code"][0])
    client = make_quickbooks(auth_client, auth_client.refresh_token)
    assert CompanyInfo.get(REALM_ID, qb=client).CompanyName == "Sandbox Company_US_1"

    with pytest.raises(AuthClientError) as replay:
        make_auth_client().get_bearer_token(answer["code"][0])

    assert replay.value.status_code == 400
    assert replay.value.response.json() == {"error": "invalid_grant"}
    with pytest.raises(AuthorizationException) as api_call:
        CompanyInfo.get(REALM_ID, qb=client)
    assert api_call.value.error_code == 401
    with pytest.raises(AuthClientError) as refreshed:
        auth_client.refresh()
    assert refreshed.value.response.json() == {"error": "invalid_grant"}


def test_consent_without_state_redirects_with_invalid_request(sandbox, auth_client):
    url = auth_client.get_authorization_url([Scopes.ACCOUNTING], "drop-me").replace(
        "state=drop-me", "state="
    )

    page = requests.get(url, allow_redirects=False, timeout=10)

    assert page.status_code == 302
    location = page.headers["Location"]
    assert location.startswith(sandbox.redirect_uri)
    assert parse_qs(urlsplit(location).query)["error"] == ["invalid_request"]
    assert "code=" not in location


@pytest.mark.parametrize(
    "redirect_uri",
    [
        "{base}/integrations/quickbooks/callback",
        "{base}/integrations/quickbooks/callback/?next=/",
        "{base}/integrations/quickbooks/other/",
        "{base}/qbo-sandbox/",
        "http://127.0.0.1:1/integrations/quickbooks/callback/",
        "http://localhost:1/integrations/quickbooks/callback/",
        "https://{host}/integrations/quickbooks/callback/",
        "https://attacker.example/callback",
    ],
)
def test_consent_page_refuses_a_redirect_uri_that_is_not_registered_exactly(
    sandbox, make_auth_client, redirect_uri
):
    host = urlsplit(sandbox.base_url).netloc
    client = make_auth_client(redirect_uri=redirect_uri.format(base=sandbox.base_url, host=host))

    page = requests.get(client.get_authorization_url([Scopes.ACCOUNTING]), timeout=10)

    assert page.status_code == 400
    assert "redirect_uri is not registered" in page.text


def test_configured_redirect_uris_are_registered_exactly(settings, make_auth_client, consent):
    settings.QBO_SANDBOX_REDIRECT_URIS = [
        "https://forms.example.com/integrations/quickbooks/callback/"
    ]
    client = make_auth_client(redirect_uri=settings.QBO_SANDBOX_REDIRECT_URIS[0])

    answer = consent(
        client.get_authorization_url([Scopes.ACCOUNTING], "s-1"),
        "connect",
        redirect_uri=settings.QBO_SANDBOX_REDIRECT_URIS[0],
    )

    assert answer["state"] == ["s-1"] and answer["code"]


def pkce_pair(method: str) -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    if method == "plain":
        return verifier, verifier
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def token_request(sandbox, **data: str) -> requests.Response:
    return requests.post(
        sandbox.discovery_url.replace(
            ".well-known/openid_configuration", "oauth2/v1/tokens/bearer"
        ),
        data=data,
        auth=(sandbox.client_id, sandbox.client_secret),
        timeout=10,
    )


@pytest.mark.parametrize("method", ["S256", "plain"])
def test_pkce_code_is_redeemed_only_with_its_verifier(sandbox, auth_client, consent, method):
    verifier, challenge = pkce_pair(method)
    url = auth_client.get_authorization_url([Scopes.ACCOUNTING], "pkce-state")
    url += "&" + urlencode({"code_challenge": challenge, "code_challenge_method": method})
    code = consent(url, "connect")["code"][0]
    exchange = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": sandbox.redirect_uri,
    }

    without = token_request(sandbox, **exchange)
    wrong = token_request(sandbox, **exchange, code_verifier=pkce_pair(method)[0])
    right = token_request(sandbox, **exchange, code_verifier=verifier)

    assert (without.status_code, without.json()) == (400, {"error": "invalid_grant"})
    assert (wrong.status_code, wrong.json()) == (400, {"error": "invalid_grant"})
    assert right.status_code == 200
    assert right.json()["refresh_token"].startswith("AB11")


def test_pkce_with_an_unknown_method_is_refused_on_the_consent_page(sandbox, auth_client):
    url = auth_client.get_authorization_url([Scopes.ACCOUNTING], "s-2")
    url += "&" + urlencode({"code_challenge": "x" * 43, "code_challenge_method": "S512"})

    page = requests.get(url, allow_redirects=False, timeout=10)

    assert page.status_code == 302
    query = parse_qs(urlsplit(page.headers["Location"]).query)
    assert query["error"] == ["invalid_request"] and query["state"] == ["s-2"]


def test_wrong_client_secret_is_invalid_client(make_auth_client):
    client = make_auth_client(client_secret="not-the-secret")

    with pytest.raises(AuthClientError) as error:
        client.refresh(refresh_token=services.sandbox_refresh_token_issue(realm_id=REALM_ID))

    assert error.value.status_code == 401
    assert error.value.response.json() == {"error": "invalid_client"}


def test_a_refresh_within_a_day_returns_the_same_refresh_token_which_stays_valid(auth_client):
    first = services.sandbox_refresh_token_issue(realm_id=REALM_ID)

    answers = [refresh(auth_client, first) for _ in range(3)]

    assert [answer["refresh_token"] for answer in answers] == [first] * 3
    assert len({answer["access_token"] for answer in answers}) == 3
    for answer in answers:
        assert answer["expires_in"] == 3600
        assert answer["x_refresh_token_expires_in"] == 8726400


def test_a_refresh_token_older_than_a_day_is_replaced_and_spent(auth_client):
    first = services.sandbox_refresh_token_issue(realm_id=REALM_ID)
    age(first, hours=25)

    second = refresh(auth_client, first)["refresh_token"]
    again = refresh(auth_client, second)["refresh_token"]

    assert second != first and again == second
    with pytest.raises(AuthClientError) as error:
        auth_client.refresh(refresh_token=first)
    assert error.value.response.json() == {"error": "invalid_grant"}


def test_unknown_refresh_token_is_invalid_grant(auth_client):
    with pytest.raises(AuthClientError) as error:
        auth_client.refresh(refresh_token="AB11not-a-token")

    assert error.value.status_code == 400
    assert error.value.response.json() == {"error": "invalid_grant"}


def test_revoke_ends_the_connection(auth_client, make_quickbooks):
    auth_client.refresh(refresh_token=services.sandbox_refresh_token_issue(realm_id=REALM_ID))
    client = make_quickbooks(auth_client, auth_client.refresh_token)
    assert CompanyInfo.get(REALM_ID, qb=client).CompanyName == "Sandbox Company_US_1"

    assert auth_client.revoke(token=auth_client.refresh_token) is True

    with pytest.raises(AuthorizationException) as error:
        CompanyInfo.get(REALM_ID, qb=client)
    assert error.value.error_code == 401
    assert '"code": "3200"' in error.value.detail
    with pytest.raises(AuthClientError):
        auth_client.refresh()
