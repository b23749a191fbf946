from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.exceptions import ImproperlyConfigured
from django.db import connection as db

from integrations.qbo_sandbox.models import OAuthGrant
from integrations.qbo_sandbox.seed import SAMPLE_COMPANIES
from integrations.quickbooks.client import realm_check
from integrations.quickbooks.errors import QuickBooksRejected
from integrations.quickbooks.models import QuickBooksConnection, QuickBooksSyncRecord
from integrations.quickbooks.purchase_orders import purchase_order_sync
from tests.integrations.quickbooks.conftest import REALM_ID, SYNC_CONFIG, consent


def test_connect_through_consent_stores_tokens_encrypted_and_reads_the_company(
    origin, sign_in, admin
):
    browser = sign_in(admin)
    started = browser.post("/api/integrations/quickbooks/connect/")
    assert started.status_code == 200, started.content
    url = started.json()["authorization_url"]
    query = parse_qs(urlsplit(url).query)
    assert query["scope"] == ["com.intuit.quickbooks.accounting"]
    assert query["redirect_uri"] == [origin + "/integrations/quickbooks/callback/"]

    answer = consent(url)
    back = browser.get("/integrations/quickbooks/callback/", params=answer, allow_redirects=False)
    assert back.status_code == 302
    assert back.headers["Location"] == "/settings/integrations/quickbooks?connected=1"

    connection = QuickBooksConnection.objects.get(company=admin.company)
    assert connection.status == "active"
    assert connection.realm_id == REALM_ID
    assert connection.company_name
    assert connection.payable_account_id and connection.income_account_id
    assert connection.expense_account_id
    with db.cursor() as cursor:
        cursor.execute(
            "select access_token, refresh_token from quickbooks_quickbooksconnection where id = %s",
            [connection.pk],
        )
        stored_access, stored_refresh = cursor.fetchone()
    assert connection.access_token not in stored_access
    assert connection.refresh_token not in stored_refresh

    status = browser.get("/api/integrations/quickbooks/").json()
    assert status["connection"]["status"] == "active"
    assert status["connection"]["company_name"] == connection.company_name
    assert "access_token" not in str(status)


def test_callback_with_a_state_that_was_not_issued_is_refused(origin, sign_in, admin):
    browser = sign_in(admin)
    url = browser.post("/api/integrations/quickbooks/connect/").json()["authorization_url"]
    answer = consent(url)
    answer["state"] = "forged" + answer["state"]
    back = browser.get("/integrations/quickbooks/callback/", params=answer, allow_redirects=False)
    assert back.status_code == 302
    assert "error=" in back.headers["Location"]
    assert not QuickBooksConnection.objects.filter(company=admin.company).exists()


def test_members_cannot_connect_or_see_the_connection(origin, member_client, connection):
    assert member_client.post("/api/integrations/quickbooks/connect/").status_code == 403
    assert member_client.get("/api/integrations/quickbooks/").status_code == 403
    assert member_client.post("/api/integrations/quickbooks/disconnect/").status_code == 403


def test_another_company_sees_no_connection(origin, other_client, connection):
    assert other_client.get("/api/integrations/quickbooks/").json()["connection"] is None
    assert other_client.post("/api/integrations/quickbooks/disconnect/").status_code == 404


def test_default_accounts_are_chosen_from_the_company_accounts(origin, admin_client, connection):
    accounts = admin_client.get("/api/integrations/quickbooks/accounts/").json()
    by_type = {}
    for account in accounts:
        by_type.setdefault(account["type"], account["id"])
    payload = {
        "income_account_id": by_type["Income"],
        "expense_account_id": by_type["Expense"],
        "payable_account_id": by_type["Accounts Payable"],
    }
    saved = admin_client.put("/api/integrations/quickbooks/accounts/", payload, format="json")
    assert saved.status_code == 200, saved.content
    assert saved.json()["expense_account_id"] == by_type["Expense"]

    wrong = admin_client.put(
        "/api/integrations/quickbooks/accounts/",
        {**payload, "payable_account_id": by_type["Income"]},
        format="json",
    )
    assert wrong.status_code == 400
    assert "payable_account_id" in wrong.json()


def test_disconnect_revokes_and_keeps_the_sync_records(origin, admin_client, connection, submit):
    submission = submit()
    purchase_order_sync(submission=submission, config=SYNC_CONFIG, key="run-1:sync")

    answer = admin_client.post("/api/integrations/quickbooks/disconnect/")
    assert answer.status_code == 200
    assert answer.json()["status"] == "disconnected"
    connection.refresh_from_db()
    assert connection.refresh_token == "" and connection.access_token == ""
    assert OAuthGrant.objects.filter(company__realm_id=REALM_ID).exclude(revoked_at=None).exists()
    assert QuickBooksSyncRecord.objects.filter(submission=submission).count() == 1
    assert submission.timeline.filter(kind="synced_quickbooks").count() == 1


def test_tokens_cannot_be_read_with_another_key(origin, connection, settings):
    settings.FIELD_ENCRYPTION_KEY = "b3RoZXIta2V5LW9mLTMyLWJ5dGVzLWxvbmctZm9yLXRlcw=="
    with pytest.raises(ImproperlyConfigured):
        QuickBooksConnection.objects.get(pk=connection.pk)


OTHER_REALM_ID = SAMPLE_COMPANIES[1].realm_id


def test_a_realm_id_changed_on_the_way_back_is_refused(origin, sign_in, admin):
    browser = sign_in(admin)
    url = browser.post("/api/integrations/quickbooks/connect/").json()["authorization_url"]
    answer = consent(url)  # the admin consents for REALM_ID
    answer["realmId"] = OTHER_REALM_ID

    back = browser.get("/integrations/quickbooks/callback/", params=answer, allow_redirects=False)

    assert back.status_code == 302
    error = parse_qs(urlsplit(back.headers["Location"]).query)["error"][0]
    assert error == (
        "QuickBooks signed this app in to another company than the one named in its answer "
        f"({OTHER_REALM_ID}), so nothing was connected. Connect again and choose the company on "
        "QuickBooks' page."
    )
    assert not QuickBooksConnection.objects.filter(company=admin.company).exists()


def test_a_realm_id_that_is_not_one_is_refused(origin, sign_in, admin):
    browser = sign_in(admin)
    url = browser.post("/api/integrations/quickbooks/connect/").json()["authorization_url"]
    answer = consent(url)
    answer["realmId"] = f"{REALM_ID}/companyinfo/{OTHER_REALM_ID}"

    back = browser.get("/integrations/quickbooks/callback/", params=answer, allow_redirects=False)

    assert "QuickBooks+sent+a+company+id+that+is+not+one" in back.headers["Location"]
    assert not QuickBooksConnection.objects.filter(company=admin.company).exists()


def test_the_sandbox_answers_company_info_for_the_tokens_own_company_only(connection):
    own = realm_check(
        api_url=connection.api_url, realm_id=REALM_ID, access_token=connection.access_token
    )
    with pytest.raises(QuickBooksRejected, match=f"not for company {OTHER_REALM_ID}"):
        realm_check(
            api_url=connection.api_url,
            realm_id=OTHER_REALM_ID,
            access_token=connection.access_token,
        )
    other = requests.get(
        f"{connection.api_url}/company/{OTHER_REALM_ID}/companyinfo/{OTHER_REALM_ID}",
        headers={
            "Authorization": f"Bearer {connection.access_token}",
            "Accept": "application/json",
        },
        timeout=10,
    )

    assert own["CompanyName"] == connection.company_name
    assert other.status_code == 403
    assert other.json()["Fault"]["Error"][0]["code"] == "3100"
