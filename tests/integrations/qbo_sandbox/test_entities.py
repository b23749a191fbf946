import datetime
from decimal import Decimal

import pytest
from quickbooks.exceptions import (
    ObjectNotFoundException,
    QuickbooksException,
    ValidationException,
)
from quickbooks.objects.account import Account
from quickbooks.objects.base import Ref
from quickbooks.objects.company_info import CompanyInfo
from quickbooks.objects.detailline import (
    AccountBasedExpenseLine,
    AccountBasedExpenseLineDetail,
    ItemBasedExpenseLine,
    ItemBasedExpenseLineDetail,
)
from quickbooks.objects.item import Item
from quickbooks.objects.preferences import Preferences
from quickbooks.objects.purchaseorder import PurchaseOrder
from quickbooks.objects.taxcode import TaxCode
from quickbooks.objects.vendor import Vendor

pytestmark = pytest.mark.django_db(transaction=True)


def account(qb, name: str) -> Account:
    return Account.filter(Name=name, qb=qb)[0]


def ref(value: str) -> Ref:
    reference = Ref()
    reference.value = value
    return reference


def make_item(qb, name: str, item_type: str = "NonInventory", **fields) -> Item:
    item = Item()
    item.Name = name
    item.Type = item_type
    item.IncomeAccountRef = account(qb, "Sales of Product Income").to_ref()
    item.ExpenseAccountRef = account(qb, "Job Materials").to_ref()
    for field, value in fields.items():
        setattr(item, field, value)
    return item.save(qb=qb)


def item_line(
    item: Item, qty: float, unit_price: float, description: str = ""
) -> ItemBasedExpenseLine:
    line = ItemBasedExpenseLine()
    line.Amount = round(qty * unit_price, 2)
    line.Description = description or None
    line.ItemBasedExpenseLineDetail = ItemBasedExpenseLineDetail()
    line.ItemBasedExpenseLineDetail.ItemRef = item.to_ref()
    line.ItemBasedExpenseLineDetail.Qty = qty
    line.ItemBasedExpenseLineDetail.UnitPrice = unit_price
    return line


def account_line(expense: Account, amount: float) -> AccountBasedExpenseLine:
    line = AccountBasedExpenseLine()
    line.Amount = amount
    line.AccountBasedExpenseLineDetail = AccountBasedExpenseLineDetail()
    line.AccountBasedExpenseLineDetail.AccountRef = expense.to_ref()
    return line


def test_vendor_create_read_update_and_deactivate(qb):
    vendor = Vendor()
    vendor.DisplayName = "Harbor Steel"
    vendor.CompanyName = "Harbor Steel Inc."
    created = vendor.save(qb=qb)

    assert created.Id and created.SyncToken == "0"
    assert created.Active is True and created.PrintOnCheckName == "Harbor Steel"
    assert datetime.datetime.fromisoformat(created.MetaData["CreateTime"]).tzinfo is not None

    read = Vendor.get(created.Id, qb=qb)
    read.CompanyName = "Harbor Steel LLC"
    updated = read.save(qb=qb)
    assert updated.SyncToken == "1" and updated.CompanyName == "Harbor Steel LLC"

    updated.Active = False
    deactivated = updated.save(qb=qb)
    assert deactivated.Active is False
    assert deactivated.DisplayName == "Harbor Steel (deleted)"
    assert Vendor.filter(DisplayName="Harbor Steel", qb=qb) == []
    assert Vendor.where("Active = false", qb=qb)[0].Id == created.Id


def test_vendor_name_comes_from_its_parts_when_display_name_is_absent(qb):
    vendor = Vendor()
    vendor.GivenName = "Ada"
    vendor.FamilyName = "Lovelace"

    assert vendor.save(qb=qb).DisplayName == "Ada Lovelace"


def test_sparse_update_changes_only_the_fields_sent(qb):
    created = Vendor.filter(DisplayName="Hicks Hardware", qb=qb)[0]

    result = qb.update_object(
        "Vendor",
        f'{{"Id": "{created.Id}", "SyncToken": "{created.SyncToken}", "sparse": true, '
        '"AcctNum": "HH-77"}',
    )

    vendor = result["Vendor"]
    assert vendor["AcctNum"] == "HH-77"
    assert vendor["DisplayName"] == "Hicks Hardware"
    assert vendor["PrimaryPhone"] == {"FreeFormNumber": "(650) 555-0022"}
    assert vendor["SyncToken"] == "1"


def test_items_of_each_type_with_their_account_references(qb):
    service = make_item(qb, "Excavation", "Service", UnitPrice=120)
    non_inventory = make_item(qb, "Gravel (ton)", PurchaseCost=31.5, Sku="GRV-1")
    inventory = make_item(
        qb,
        "Water Heater",
        "Inventory",
        AssetAccountRef=account(qb, "Inventory Asset").to_ref(),
        ExpenseAccountRef=account(qb, "Cost of Goods Sold").to_ref(),
        QtyOnHand=4,
        InvStartDate="2024-06-01",
    )

    assert (service.Type, service.UnitPrice, service.TrackQtyOnHand) == ("Service", 120, False)
    assert non_inventory.Sku == "GRV-1" and non_inventory.PurchaseCost == 31.5
    assert non_inventory.ExpenseAccountRef.name == "Job Materials"
    assert inventory.TrackQtyOnHand is True and inventory.QtyOnHand == 4
    assert inventory.AssetAccountRef.name == "Inventory Asset"
    assert Item.filter(Type="Inventory", Name="Water Heater", qb=qb)[0].Id == inventory.Id


@pytest.mark.parametrize(
    ("item_type", "missing"),
    [
        ("Inventory", "AssetAccountRef"),
        ("Service", "IncomeAccountRef"),
        ("NonInventory", "IncomeAccountRef"),
    ],
)
def test_item_without_its_required_account_is_2020(qb, item_type, missing):
    item = Item()
    item.Name = f"Missing {missing}"
    item.Type = item_type
    if item_type == "Inventory":
        item.IncomeAccountRef = account(qb, "Sales of Product Income").to_ref()
        item.ExpenseAccountRef = account(qb, "Cost of Goods Sold").to_ref()
        item.QtyOnHand = 1
        item.InvStartDate = "2024-01-01"

    with pytest.raises(ValidationException) as error:
        item.save(qb=qb)

    assert error.value.error_code == 2020
    assert missing in error.value.detail


def test_account_create_and_deactivate(qb):
    expense = Account()
    expense.Name = "Small Tools"
    expense.AccountType = "Expense"
    created = expense.save(qb=qb)

    assert created.Classification == "Expense"
    assert created.FullyQualifiedName == "Small Tools"
    created.Active = False
    assert created.save(qb=qb).Active is False


def test_purchase_order_with_item_and_account_lines(qb):
    vendor = Vendor.filter(DisplayName="Norton Lumber and Building Materials", qb=qb)[0]
    lumber = Item.filter(Name="Lumber 2x4x8", qb=qb)[0]
    po = PurchaseOrder()
    po.VendorRef = vendor.to_ref()
    po.Line = [
        item_line(lumber, 40, 4.25, "Studs for level 2"),
        account_line(account(qb, "Equipment Rental"), 150),
    ]
    po.Memo = "Deliver to site gate B"
    po.DueDate = "2030-05-01"

    created = po.save(qb=qb)

    assert created.TotalAmt == 320
    assert created.POStatus == "Open"
    assert created.DocNumber == "1001"
    assert created.VendorRef.name == "Norton Lumber and Building Materials"
    assert created.APAccountRef.name == "Accounts Payable (A/P)"
    assert [line.Id for line in created.Line] == ["1", "2"]
    assert created.Line[0].ItemBasedExpenseLineDetail.ItemRef.name == "Lumber 2x4x8"
    assert PurchaseOrder.filter(DocNumber="1001", qb=qb)[0].Id == created.Id


def test_purchase_order_keeps_a_given_document_number_and_can_be_closed(qb):
    po = PurchaseOrder()
    po.VendorRef = Vendor.filter(DisplayName="Hicks Hardware", qb=qb)[0].to_ref()
    po.Line = [item_line(Item.filter(Name="Rebar #4", qb=qb)[0], 3, Decimal("6.10"))]
    po.DocNumber = "PO-1042"
    created = po.save(qb=qb)

    created.POStatus = "Closed"
    closed = created.save(qb=qb)

    assert closed.DocNumber == "PO-1042"
    assert closed.POStatus == "Closed" and closed.SyncToken == "1"
    assert closed.TotalAmt == 18.3


def test_purchase_order_requires_a_vendor_and_a_line(qb):
    po = PurchaseOrder()
    po.Line = [account_line(account(qb, "Equipment Rental"), 10)]
    with pytest.raises(ValidationException) as no_vendor:
        po.save(qb=qb)

    po.VendorRef = Vendor.filter(DisplayName="Hicks Hardware", qb=qb)[0].to_ref()
    po.Line = []
    with pytest.raises(ValidationException) as no_line:
        po.save(qb=qb)

    assert (no_vendor.value.error_code, no_line.value.error_code) == (2020, 2020)
    assert "VendorRef" in no_vendor.value.detail and "Line" in no_line.value.detail


def test_purchase_order_delete(qb):
    po = PurchaseOrder()
    po.VendorRef = Vendor.filter(DisplayName="Hicks Hardware", qb=qb)[0].to_ref()
    po.Line = [account_line(account(qb, "Equipment Rental"), 10)]
    created = po.save(qb=qb)

    answer = created.delete(qb=qb)

    assert answer["PurchaseOrder"] == {"status": "Deleted", "domain": "QBO", "Id": created.Id}
    with pytest.raises(ObjectNotFoundException):
        PurchaseOrder.get(created.Id, qb=qb)


def test_company_info_preferences_and_tax_codes_read(qb):
    from tests.integrations.qbo_sandbox.conftest import REALM_ID

    assert CompanyInfo.get(REALM_ID, qb=qb).CompanyName == "Sandbox Company_US_1"
    assert CompanyInfo.all(qb=qb)[0].Country == "US"
    assert Preferences.get(qb=qb).CurrencyPrefs.HomeCurrency.value == "USD"
    assert {code.Name for code in TaxCode.all(qb=qb)} == {"TAX", "NON", "California", "Tucson City"}
    assert TaxCode.get("TAX", qb=qb).Taxable is True


def test_sample_company_is_seeded_like_intuits(qb):
    types = {acct.AccountType for acct in Account.all(max_results=1000, qb=qb)}

    assert {"Accounts Payable", "Expense", "Cost of Goods Sold", "Income"} <= types
    assert "Other Current Asset" in types
    assert Vendor.count(qb=qb) >= 12
    assert Item.count(qb=qb) >= 12


def test_each_realm_sees_only_its_own_records(qb, connect):
    from tests.integrations.qbo_sandbox.conftest import OTHER_REALM_ID

    vendor = Vendor()
    vendor.DisplayName = "Only In Company One"
    created = vendor.save(qb=qb)
    other = connect(OTHER_REALM_ID)

    assert Vendor.filter(DisplayName="Only In Company One", qb=other) == []
    with pytest.raises(ObjectNotFoundException):
        Vendor.get(created.Id, qb=other)


def test_an_account_renamed_or_saved_unchanged_is_no_duplicate_of_itself(qb):
    account = Account.from_json({"Name": "Petty Cash", "AccountType": "Bank", "AcctNum": "T1"})
    account = account.save(qb=qb)

    account.save(qb=qb)  # its own name, unchanged
    account = Account.get(account.Id, qb=qb)
    account.Name = "PETTY CASH"  # its own name, in other case
    account.save(qb=qb)
    account = Account.get(account.Id, qb=qb)
    account.Name = "Petty Cash (office)"
    account.save(qb=qb)

    found = Account.get(account.Id, qb=qb)
    assert (found.Name, found.FullyQualifiedName) == ("Petty Cash (office)", "Petty Cash (office)")
    assert found.AcctNum == "T1"
    with pytest.raises(QuickbooksException) as duplicate:
        Account.from_json({"Name": "petty cash (office)", "AccountType": "Bank"}).save(qb=qb)
    assert duplicate.value.error_code == 6240
