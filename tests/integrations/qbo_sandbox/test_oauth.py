import pytest
import requests
from intuitlib.enums import Scopes
from intuitlib.exceptions import AuthClientError
from quickbooks.exceptions import AuthorizationException
from quickbooks.objects.company_info import CompanyInfo

from integrations.qbo_sandbox import services
from tests.integrations.qbo_sandbox.conftest import OTHER_REALM_ID, REALM_ID

pytestmark = pytest.mark.django_db(transaction=True)


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


def test_consent_page_refuses_an_unregistered_redirect_uri(make_auth_client):
    client = make_auth_client(redirect_uri="https://attacker.example/callback")

    page = requests.get(client.get_authorization_url([Scopes.ACCOUNTING]), timeout=10)

    assert page.status_code == 400
    assert "redirect_uri is not registered" in page.text


def test_consent_page_redirects_an_invalid_scope_back_to_the_app(sandbox, auth_client):
    url = auth_client.get_authorization_url([Scopes.ACCOUNTING]).replace(
        "com.intuit.quickbooks.accounting", "everything"
    )

    page = requests.get(url, allow_redirects=False, timeout=10)

    assert page.status_code == 302
    assert "error=invalid_scope" in page.headers["Location"]


def test_an_authorization_code_works_once(auth_client, make_auth_client, consent):
    answer = consent(auth_client.get_authorization_url([Scopes.ACCOUNTING]), "connect")
    auth_client.get_bearer_token(answer["code"][0])

    with pytest.raises(AuthClientError) as error:
        make_auth_client().get_bearer_token(answer["code"][0])

    assert error.value.status_code == 400
    assert error.value.response.json() == {"error": "invalid_grant"}


def test_wrong_client_secret_is_invalid_client(make_auth_client):
    client = make_auth_client(client_secret="not-the-secret")

    with pytest.raises(AuthClientError) as error:
        client.refresh(refresh_token=services.sandbox_refresh_token_issue(realm_id=REALM_ID))

    assert error.value.status_code == 401
    assert error.value.response.json() == {"error": "invalid_client"}


def test_refresh_rotates_the_refresh_token_and_spends_the_old_one(auth_client):
    first = services.sandbox_refresh_token_issue(realm_id=REALM_ID)

    auth_client.refresh(refresh_token=first)
    second = auth_client.refresh_token
    auth_client.refresh()

    assert second != first
    assert auth_client.refresh_token not in (first, second)
    for spent in (first, second):
        with pytest.raises(AuthClientError) as error:
            auth_client.refresh(refresh_token=spent)
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
