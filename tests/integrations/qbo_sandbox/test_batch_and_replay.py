import json
import threading
import time

import pytest
import requests
from quickbooks.batch import batch_create, batch_delete, batch_update
from quickbooks.exceptions import QuickbooksException
from quickbooks.objects.base import Ref
from quickbooks.objects.detailline import AccountBasedExpenseLine, AccountBasedExpenseLineDetail
from quickbooks.objects.purchaseorder import PurchaseOrder
from quickbooks.objects.vendor import Vendor

from integrations.qbo_sandbox import services
from integrations.qbo_sandbox.models import SandboxEntity
from tests.integrations.qbo_sandbox.conftest import REALM_ID

pytestmark = pytest.mark.django_db(transaction=True)


def new_vendor(name: str) -> Vendor:
    vendor = Vendor()
    vendor.DisplayName = name
    return vendor


def new_purchase_order(qb, amount: float = 40) -> PurchaseOrder:
    accounts = qb.query("SELECT * FROM Account WHERE Name = 'Job Materials'")
    account_ref = Ref()
    account_ref.value = accounts["QueryResponse"]["Account"][0]["Id"]
    po = PurchaseOrder()
    po.VendorRef = Vendor.filter(DisplayName="Hicks Hardware", qb=qb)[0].to_ref()
    line = AccountBasedExpenseLine()
    line.Amount = amount
    line.AccountBasedExpenseLineDetail = AccountBasedExpenseLineDetail()
    line.AccountBasedExpenseLineDetail.AccountRef = account_ref
    po.Line = [line]
    return po


def purchase_order_count() -> int:
    return SandboxEntity.objects.filter(entity_type="PurchaseOrder").count()


def test_batch_create_reports_each_item_success_or_fault(qb):
    result = batch_create(
        [new_vendor("Batch One"), new_vendor("Hicks Hardware"), new_vendor("Batch Two")], qb=qb
    )

    assert sorted(vendor.DisplayName for vendor in result.successes) == ["Batch One", "Batch Two"]
    assert len(result.faults) == 1
    error = result.faults[0].Error[0]
    assert error.code == "6240" and "Id=" in error.Detail
    assert result.faults[0].original_object.DisplayName == "Hicks Hardware"


def test_batch_update_and_delete(qb):
    created = [new_purchase_order(qb, amount).save(qb=qb) for amount in (10, 20)]
    for po in created:
        po.Memo = "Updated in a batch"

    updated = batch_update(created, qb=qb)
    deleted = batch_delete(updated.successes, qb=qb)

    assert [po.Memo for po in updated.successes] == ["Updated in a batch"] * 2
    assert deleted.faults == []
    assert purchase_order_count() == 0


def test_batch_of_more_than_thirty_items_splits_in_the_client(qb):
    vendors = [new_vendor(f"Bulk Vendor {number}") for number in range(35)]

    result = batch_create(vendors, qb=qb)

    assert len(result.successes) == 35
    assert Vendor.count("DisplayName LIKE 'Bulk Vendor%'", qb=qb) == 35


def test_batch_over_thirty_items_and_batch_queries_over_http(qb):
    too_many = {
        "BatchItemRequest": [
            {"bId": str(n), "operation": "create", "Vendor": {"DisplayName": f"V{n}"}}
            for n in range(31)
        ]
    }
    with pytest.raises(QuickbooksException) as error:
        qb.batch_operation(json.dumps(too_many))
    assert error.value.error_code == 6000

    answer = qb.batch_operation(
        json.dumps(
            {
                "BatchItemRequest": [
                    {"bId": "q1", "Query": "SELECT COUNT(*) FROM Vendor"},
                    {"bId": "q2", "Query": "SELECT * FROM Nothing"},
                    {"bId": "c1", "operation": "create", "Item": {"Name": "No Type"}},
                ]
            }
        )
    )
    responses = {item["bId"]: item for item in answer["BatchItemResponse"]}
    assert responses["q1"]["QueryResponse"] == {"totalCount": 12}
    assert responses["q2"]["Fault"]["Error"][0]["code"] == "4001"
    assert responses["c1"]["Fault"]["Error"][0]["code"] == "2020"


def test_same_requestid_answers_the_stored_response_and_changes_nothing(qb):
    first = new_purchase_order(qb).save(qb=qb, request_id="step-run-41-attempt")
    again = new_purchase_order(qb, amount=999).save(qb=qb, request_id="step-run-41-attempt")

    assert again.Id == first.Id
    assert again.TotalAmt == 40
    assert purchase_order_count() == 1


def test_requestid_replays_a_fault_too(qb):
    duplicate = new_vendor("Hicks Hardware")

    with pytest.raises(QuickbooksException) as first:
        duplicate.save(qb=qb, request_id="dup-1")
    with pytest.raises(QuickbooksException) as second:
        new_vendor("A Fine New Name").save(qb=qb, request_id="dup-1")

    assert first.value.error_code == second.value.error_code == 6240
    assert Vendor.filter(DisplayName="A Fine New Name", qb=qb) == []


def test_requestid_makes_a_retry_after_a_timeout_create_one_purchase_order(settings, connect):
    settings.QBO_SANDBOX_HANG_SECONDS = 1.0
    patient, impatient = connect(), connect(timeout=0.3)
    order = new_purchase_order(patient)
    services.sandbox_inject_faults(realm_id=REALM_ID, status_or_kind="hang", count=1)

    with pytest.raises(requests.exceptions.Timeout):
        order.save(qb=impatient, request_id="po-sync-7")
    retried = new_purchase_order(patient).save(qb=patient, request_id="po-sync-7")
    time.sleep(1.2)  # the hung call finishes on the server
    replayed = new_purchase_order(patient).save(qb=patient, request_id="po-sync-7")

    assert replayed.Id == retried.Id
    assert purchase_order_count() == 1


def test_concurrent_calls_with_one_requestid_create_one_record(connect):
    clients = [connect(), connect()]
    answers: list[str] = []

    def create(client) -> None:
        answers.append(new_vendor("Racing Vendor").save(qb=client, request_id="race-1").Id)

    threads = [threading.Thread(target=create, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(answers) == 2 and answers[0] == answers[1]
    assert SandboxEntity.objects.filter(name_key="racing vendor").count() == 1
