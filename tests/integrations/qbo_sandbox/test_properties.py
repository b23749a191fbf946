"""A misspelt property fails locally as it fails at Intuit (2010), and nothing is stored."""

import json

import pytest
from quickbooks.batch import batch_create
from quickbooks.exceptions import ValidationException
from quickbooks.objects.vendor import Vendor

from integrations.qbo_sandbox.entities import ENTITY_KINDS
from integrations.qbo_sandbox.models import ReplayedResponse, SandboxEntity

pytestmark = pytest.mark.django_db(transaction=True)


def ids(qb, statement: str, entity: str) -> str:
    return qb.query(statement)["QueryResponse"][entity][0]["Id"]


def purchase_order_json(qb, **changes) -> dict:
    vendor = ids(qb, "SELECT * FROM Vendor WHERE DisplayName = 'Hicks Hardware'", "Vendor")
    item = ids(qb, "SELECT * FROM Item WHERE Name = 'Rebar #4'", "Item")
    line = {
        "Amount": 18,
        "DetailType": "ItemBasedExpenseLineDetail",
        "ItemBasedExpenseLineDetail": {"ItemRef": {"value": item}, "Qty": 2, "UnitPrice": 9},
    }
    line.update(changes.pop("line", {}))
    line["ItemBasedExpenseLineDetail"].update(changes.pop("detail", {}))
    return {"VendorRef": {"value": vendor}, "Line": [line], **changes}


def refused(call) -> ValidationException:
    with pytest.raises(ValidationException) as error:
        call()
    return error.value


@pytest.mark.parametrize(
    ("changes", "field", "class_name"),
    [
        ({"Memmo": "typo"}, "Memmo", "PurchaseOrder"),
        ({"line": {"Descripton": "typo"}}, "Descripton", "Line"),
        ({"detail": {"Quantity": 2}}, "Quantity", "ItemBasedExpenseLineDetail"),
        ({"detail": {"ItemRef": {"value": "1", "nmae": "x"}}}, "nmae", "ReferenceType"),
        ({"ShipAddr": {"Line1": "1 Main St", "Zip": "94000"}}, "Zip", "PhysicalAddress"),
    ],
)
def test_an_unknown_property_at_any_depth_is_2010_and_nothing_is_stored(
    qb, changes, field, class_name
):
    body = json.dumps(purchase_order_json(qb, **changes))

    error = refused(lambda: qb.create_object("PurchaseOrder", body))

    assert error.error_code == 2010
    assert error.message == "Request has invalid or unsupported property"
    assert f'Unrecognized field "{field}"' in error.detail
    assert f"com.intuit.schema.finance.v3.{class_name}" in error.detail
    assert not SandboxEntity.objects.filter(entity_type="PurchaseOrder").exists()


def test_every_property_python_quickbooks_sends_is_accepted(qb):
    body = json.dumps(
        purchase_order_json(
            qb,
            Memo="Known properties only",
            CustomField=[],
            LinkedTxn=[],
            ExchangeRate=1,
            TotalAmt=0,
            GlobalTaxCalculation="TaxExcluded",
            SyncToken=0,
            domain="QBO",
            sparse=False,
            line={"LineNum": 0, "CustomField": [], "LinkedTxn": []},
            detail={"TaxInclusiveAmt": 0, "BillableStatus": "NotBillable"},
        )
    )

    created = qb.create_object("PurchaseOrder", body)["PurchaseOrder"]

    assert created["Memo"] == "Known properties only" and created["TotalAmt"] == 18


def test_a_sparse_update_with_a_misspelt_property_changes_nothing(qb):
    vendor = Vendor.filter(DisplayName="Hicks Hardware", qb=qb)[0]
    body = {"Id": vendor.Id, "SyncToken": vendor.SyncToken, "sparse": True, "CompanyNmae": "X"}

    error = refused(lambda: qb.update_object("Vendor", json.dumps(body)))

    assert error.error_code == 2010 and 'Unrecognized field "CompanyNmae"' in error.detail
    assert Vendor.get(vendor.Id, qb=qb).SyncToken == vendor.SyncToken


def test_a_batch_item_with_an_unknown_property_faults_alone(qb):
    good, bad = Vendor(), Vendor()
    good.DisplayName, bad.DisplayName = "Known Fields Co", "Unknown Fields Co"
    bad.Nickname = "typo"  # not a property of Intuit's Vendor

    result = batch_create([good, bad], qb=qb)

    assert [vendor.DisplayName for vendor in result.successes] == ["Known Fields Co"]
    assert result.faults[0].Error[0].code == "2010"
    assert not SandboxEntity.objects.filter(name_key="unknown fields co").exists()


def test_a_requestid_longer_than_50_characters_is_refused(qb):
    vendor = Vendor()
    vendor.DisplayName = "Long Request Id Supply"

    error = refused(lambda: vendor.save(qb=qb, request_id="r" * 51))
    accepted = vendor.save(qb=qb, request_id="r" * 50)

    assert error.error_code == 2050 and "requestid" in error.detail
    assert accepted.Id
    assert list(ReplayedResponse.objects.values_list("request_id", flat=True)) == ["r" * 50]
    assert SandboxEntity.objects.filter(name_key="long request id supply").count() == 1


def test_every_record_the_sandbox_answers_can_be_sent_back_unchanged(qb):
    """python-quickbooks saves what it read: no property the sandbox fills in may be refused."""
    customer = ids(qb, "SELECT * FROM Customer WHERE DisplayName = 'Cool Cars'", "Customer")
    po = purchase_order_json(qb, detail={"CustomerRef": {"value": customer}})
    qb.create_object("PurchaseOrder", json.dumps(po))

    read_only = ("TaxCode", "CompanyInfo", "Preferences")
    for entity in SandboxEntity.objects.exclude(entity_type__in=read_only):
        ENTITY_KINDS[entity.entity_type].check_properties(entity.body)
