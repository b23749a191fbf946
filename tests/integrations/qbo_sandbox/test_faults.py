"""Each fault comes in Intuit's shape, so python-quickbooks raises what it raises at Intuit."""

import json

import pytest
import requests
from quickbooks.exceptions import (
    AuthorizationException,
    ObjectNotFoundException,
    QuickbooksException,
    SevereException,
    ValidationException,
)
from quickbooks.objects.base import Ref
from quickbooks.objects.detailline import AccountBasedExpenseLine, AccountBasedExpenseLineDetail
from quickbooks.objects.item import Item
from quickbooks.objects.purchaseorder import PurchaseOrder
from quickbooks.objects.vendor import Vendor

from integrations.qbo_sandbox import services
from integrations.qbo_sandbox.models import ApiRequest, OAuthToken
from tests.integrations.qbo_sandbox.conftest import OTHER_REALM_ID, REALM_ID

pytestmark = pytest.mark.django_db(transaction=True)


def ref(value: str) -> Ref:
    reference = Ref()
    reference.value = value
    return reference


def purchase_order(
    qb, vendor_id: str | None = None, doc_number: str | None = None
) -> PurchaseOrder:
    po = PurchaseOrder()
    po.VendorRef = ref(vendor_id or Vendor.filter(DisplayName="Hicks Hardware", qb=qb)[0].Id)
    line = AccountBasedExpenseLine()
    line.Amount = 25
    line.AccountBasedExpenseLineDetail = AccountBasedExpenseLineDetail()
    line.AccountBasedExpenseLineDetail.AccountRef = ref(
        qb.query("SELECT * FROM Account WHERE Name = 'Job Materials'")["QueryResponse"]["Account"][
            0
        ]["Id"]
    )
    po.Line = [line]
    po.DocNumber = doc_number
    return po


def raised(call) -> QuickbooksException:
    with pytest.raises(QuickbooksException) as error:
        call()
    return error.value


def test_2020_required_parameter_missing_is_a_validation_exception(qb):
    error = raised(lambda: Vendor().save(qb=qb))

    assert type(error) is ValidationException
    assert error.error_code == 2020


def test_2500_invalid_reference_is_a_validation_exception(qb):
    error = raised(lambda: purchase_order(qb, vendor_id="99999").save(qb=qb))

    assert type(error) is ValidationException
    assert error.error_code == 2500


def test_610_for_a_missing_record_and_for_an_inactive_reference(qb):
    vendor = Vendor()
    vendor.DisplayName = "Gone Supply"
    vendor = vendor.save(qb=qb)
    vendor.Active = False
    vendor.save(qb=qb)

    missing = raised(lambda: Vendor.get("99999", qb=qb))
    inactive = raised(lambda: purchase_order(qb, vendor_id=vendor.Id).save(qb=qb))

    assert type(missing) is ObjectNotFoundException and missing.error_code == 610
    assert type(inactive) is ObjectNotFoundException and inactive.error_code == 610


def test_6240_duplicate_name_names_the_existing_record(qb):
    existing = Vendor.filter(DisplayName="Hicks Hardware", qb=qb)[0]
    duplicate = Vendor()
    duplicate.DisplayName = "hicks hardware"

    error = raised(lambda: duplicate.save(qb=qb))

    assert type(error) is QuickbooksException
    assert error.error_code == 6240
    assert f"Id={existing.Id}" in error.detail


def test_6240_for_items_too(qb):
    item = Item.filter(Name="Sod", qb=qb)[0]
    item.Id = None

    error = raised(lambda: item.save(qb=qb))

    assert error.error_code == 6240


def test_6140_duplicate_document_number(qb):
    purchase_order(qb, doc_number="PO-7").save(qb=qb)

    error = raised(lambda: purchase_order(qb, doc_number="PO-7").save(qb=qb))

    assert type(error) is QuickbooksException
    assert error.error_code == 6140


def test_5010_stale_object_on_an_old_sync_token(qb):
    first = Vendor.filter(DisplayName="Cal Telephone", qb=qb)[0]
    second = Vendor.get(first.Id, qb=qb)
    first.AcctNum = "A-1"
    first.save(qb=qb)
    second.AcctNum = "B-2"

    error = raised(lambda: second.save(qb=qb))

    assert type(error) is QuickbooksException
    assert error.error_code == 5010


def test_401_3200_for_a_missing_expired_or_revoked_token(sandbox, qb):
    Vendor.count(qb=qb)
    OAuthToken.objects.filter(kind=OAuthToken.Kind.ACCESS).update(expires_at="2000-01-01T00:00:00Z")

    expired = raised(lambda: Vendor.count(qb=qb))
    missing = requests.get(sandbox.company_url() + "/companyinfo/" + REALM_ID, timeout=10)

    assert type(expired) is AuthorizationException
    assert expired.error_code == 401
    assert json.loads(expired.detail)["Fault"]["Error"][0]["code"] == "3200"
    assert missing.status_code == 401
    assert missing.json()["Fault"]["Error"][0]["code"] == "3200"


def test_a_token_for_one_company_cannot_read_another(sandbox, qb):
    answer = requests.get(
        sandbox.company_url(OTHER_REALM_ID) + "/companyinfo/" + OTHER_REALM_ID,
        headers={"Authorization": f"Bearer {qb.auth_client.access_token}"},
        timeout=10,
    )

    assert answer.status_code == 403
    assert answer.json()["Fault"]["Error"][0]["code"] == "3100"


@pytest.mark.parametrize(
    ("injected", "exception", "code"),
    [
        ("500", SevereException, 10000),
        ("503", QuickbooksException, 10000),
        ("429", ValidationException, 3001),
        ("401", AuthorizationException, 401),
        ("malformed", QuickbooksException, 10000),
    ],
)
def test_injected_faults_raise_what_intuit_failures_raise(qb, injected, exception, code):
    services.sandbox_inject_faults(realm_id=REALM_ID, status_or_kind=injected, count=2)

    first = raised(lambda: Vendor.count(qb=qb))
    second = raised(lambda: Vendor.count(qb=qb))

    assert type(first) is exception and first.error_code == code
    assert type(second) is exception
    assert Vendor.count(qb=qb) == 12


def test_injected_hang_outlasts_the_client_timeout(settings, connect):
    settings.QBO_SANDBOX_HANG_SECONDS = 1.0
    qb = connect(timeout=0.3)
    services.sandbox_inject_faults(realm_id=REALM_ID, status_or_kind="hang", count=1)

    with pytest.raises(requests.exceptions.Timeout):
        Vendor.count(qb=qb)

    assert Vendor.count(qb=qb) == 12


def new_vendor(name: str) -> Vendor:
    vendor = Vendor()
    vendor.DisplayName = name
    return vendor


def vendors_named(qb, name: str) -> int:
    return len(Vendor.filter(DisplayName=name, qb=qb))


def test_answer_500_does_the_write_then_answers_a_server_error(qb):
    services.sandbox_inject_faults(realm_id=REALM_ID, status_or_kind="answer_500", count=1)

    error = raised(lambda: new_vendor("Lost Answer Supply").save(qb=qb))

    assert type(error) is SevereException and error.error_code == 10000
    assert vendors_named(qb, "Lost Answer Supply") == 1


def test_answer_dropped_does_the_write_then_breaks_off_its_answer(connect):
    qb = connect(timeout=2)
    services.sandbox_inject_faults(realm_id=REALM_ID, status_or_kind="answer_dropped", count=1)

    # Half the promised body, then uvicorn closes the connection (IncompleteRead); the test
    # server keeps it open, so the client's read times out: either way no answer arrives.
    with pytest.raises(requests.exceptions.ConnectionError):
        new_vendor("Dropped Answer Supply").save(qb=qb)

    assert vendors_named(qb, "Dropped Answer Supply") == 1


def test_a_repeat_of_a_lost_answer_with_its_requestid_answers_the_first_write(qb):
    services.sandbox_inject_faults(realm_id=REALM_ID, status_or_kind="answer_500", count=1)
    vendor = new_vendor("Replayed Supply")

    raised(lambda: vendor.save(qb=qb, request_id="replay-after-lost-answer"))
    saved = new_vendor("Replayed Supply").save(qb=qb, request_id="replay-after-lost-answer")

    assert saved.Id
    assert vendors_named(qb, "Replayed Supply") == 1


def test_injected_429_says_when_to_retry(sandbox, qb):
    services.sandbox_inject_faults(realm_id=REALM_ID, status_or_kind="429", count=1)

    answer = requests.get(
        sandbox.company_url() + "/companyinfo/" + REALM_ID, headers=bearer(qb), timeout=10
    )

    assert answer.status_code == 429
    assert answer.headers["Retry-After"] == "2"
    assert answer.json()["Fault"]["Error"][0]["code"] == "3001"


def outcomes(qb, calls: int) -> list[int]:
    """The error code of each of `calls` vendor counts, 0 for a call that succeeded."""
    codes = []
    for _ in range(calls):
        try:
            Vendor.count(qb=qb)
            codes.append(0)
        except QuickbooksException as error:
            codes.append(error.error_code)
    return codes


def test_a_fault_rate_fails_that_fraction_of_calls(qb):
    services.sandbox_fault_rate_set(realm_id=REALM_ID, fraction=0.3, kinds=["500"])

    codes = outcomes(qb, 80)

    # 24 expected; outside 8..44 happens less than once in a million runs.
    assert 8 <= codes.count(10000) <= 44
    assert set(codes) == {0, 10000}
    noted = ApiRequest.objects.filter(company__realm_id=REALM_ID).exclude(fault="")
    assert noted.count() == codes.count(10000)
    assert set(noted.values_list("fault", flat=True)) == {"500"}


def test_a_fault_rate_draws_each_fault_from_its_kinds(qb):
    services.sandbox_fault_rate_set(realm_id=REALM_ID, fraction=1, kinds=["500", "429"])

    codes = outcomes(qb, 30)

    assert set(codes) == {10000, 3001}


def test_a_rate_of_zero_fails_nothing_and_counted_faults_come_first(qb):
    services.sandbox_fault_rate_set(realm_id=REALM_ID, fraction=0, kinds=["500"])
    services.sandbox_inject_faults(realm_id=REALM_ID, status_or_kind="429", count=1)

    assert outcomes(qb, 5) == [3001, 0, 0, 0, 0]


def test_a_fault_rate_refuses_unknown_kinds_and_fractions_out_of_range():
    with pytest.raises(ValueError):
        services.sandbox_fault_rate_set(realm_id=REALM_ID, fraction=0.3, kinds=["teapot"])
    with pytest.raises(ValueError):
        services.sandbox_fault_rate_set(realm_id=REALM_ID, fraction=0.3, kinds=[])
    with pytest.raises(ValueError):
        services.sandbox_fault_rate_set(realm_id=REALM_ID, fraction=1.5, kinds=["500"])


def test_faults_of_one_company_leave_the_other_alone(qb, connect):
    services.sandbox_inject_faults(realm_id=OTHER_REALM_ID, status_or_kind=500, count=1)

    assert Vendor.count(qb=qb) == 12
    with pytest.raises(SevereException):
        Vendor.count(qb=connect(OTHER_REALM_ID))


def test_fault_injection_endpoint(sandbox, qb):
    url = f"{sandbox.base_url}/qbo-sandbox/faults/{REALM_ID}"
    credentials = (sandbox.client_id, sandbox.client_secret)

    refused = requests.post(url, json={"kind": "500"}, timeout=10)
    created = requests.post(url, json={"kind": "503", "count": 3}, auth=credentials, timeout=10)
    invalid = requests.post(url, json={"kind": "teapot"}, auth=credentials, timeout=10)

    assert refused.status_code == 401
    assert created.status_code == 201
    assert created.json()["pending"] == [{"kind": "503", "remaining": 3}]
    assert invalid.status_code == 400
    with pytest.raises(QuickbooksException):
        Vendor.count(qb=qb)
    cleared = requests.delete(url, auth=credentials, timeout=10)
    assert cleared.json() == {"cleared": 1}
    assert Vendor.count(qb=qb) == 12


def test_fault_rate_endpoint(sandbox, qb):
    url = f"{sandbox.base_url}/qbo-sandbox/faults/{REALM_ID}"
    credentials = (sandbox.client_id, sandbox.client_secret)
    rate = {"rate": 1, "kinds": ["503", "answer_dropped"]}

    refused = requests.post(url, json=rate, auth=("nobody", "wrong"), timeout=10)
    created = requests.post(url, json=rate, auth=credentials, timeout=10)
    unknown = requests.post(
        url, json={"rate": 0.3, "kinds": ["teapot"]}, auth=credentials, timeout=10
    )
    not_a_list = requests.post(
        url, json={"rate": 0.3, "kinds": "500"}, auth=credentials, timeout=10
    )
    too_high = requests.post(url, json={"rate": 2, "kinds": ["500"]}, auth=credentials, timeout=10)
    listed = requests.get(url, auth=credentials, timeout=10)

    assert refused.status_code == 401
    assert created.status_code == 201
    assert created.json()["rate"] == {"rate": 1.0, "kinds": ["503", "answer_dropped"]}
    assert [unknown.status_code, not_a_list.status_code, too_high.status_code] == [400, 400, 400]
    assert listed.json()["rate"] == created.json()["rate"]
    with pytest.raises((QuickbooksException, requests.exceptions.ConnectionError)):
        Vendor.count(qb=qb)
    assert requests.delete(url, auth=credentials, timeout=10).json() == {"cleared": 1}
    assert Vendor.count(qb=qb) == 12


def bearer(qb) -> dict[str, str]:
    return {"Authorization": f"Bearer {qb.auth_client.access_token}", "Accept": "application/json"}


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("POST", "/vendor", "{not json", 400, "2010"),
        ("POST", "/vendor", "[1, 2]", 400, "2010"),
        ("POST", "/spaceship", "{}", 400, "500"),
        ("GET", "/vendor", "", 400, "500"),
        ("GET", "/vendor/1/2/3", "", 400, "500"),
        ("POST", "/query", "DROP TABLE vendor", 400, "4000"),
        ("POST", "/batch", '{"BatchItemRequest": "x"}', 400, "2020"),
        ("POST", "/purchaseorder", '{"VendorRef": {"value": "x"}, "Line": [5]}', 400, "2500"),
        ("POST", "/item", '{"Name": "N", "Type": "Gadget"}', 400, "2050"),
        ("POST", "/vendor", '{"DisplayName": "Amount", "Balance": "lots"}', 400, "2050"),
        ("POST", "/vendor?operation=delete", '{"Id": "1", "SyncToken": "0"}', 400, "500"),
        ("POST", "/taxcode", '{"Name": "X"}', 400, "500"),
    ],
)
def test_bad_requests_answer_intuit_faults_never_a_server_error(
    sandbox, qb, method, path, body, status, code
):
    answer = requests.request(
        method,
        sandbox.company_url() + path,
        data=body,
        headers={**bearer(qb), "Content-Type": "application/json"},
        timeout=10,
    )

    assert answer.status_code == status, answer.text
    fault = answer.json()["Fault"]
    assert fault["Error"][0]["code"] == code
    assert fault["type"]


def test_unknown_realm_and_paths_outside_a_company_are_faults(sandbox, qb):
    unknown_realm = requests.get(
        sandbox.company_url("123") + "/companyinfo/123", headers=bearer(qb), timeout=10
    )
    no_company = requests.get(sandbox.api_url + "/vendor", headers=bearer(qb), timeout=10)

    assert unknown_realm.status_code == 403
    assert unknown_realm.json()["Fault"]["Error"][0]["code"] == "3100"
    assert no_company.status_code == 400
    assert no_company.json()["Fault"]["Error"][0]["code"] == "500"
