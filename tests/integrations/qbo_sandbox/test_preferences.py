"""A sandbox company's settings: switched from its page or by a service, read by apps in its
Preferences, and obeyed by its API as QuickBooks obeys them."""

import json
import re

import pytest
import requests
from quickbooks.exceptions import QuickbooksException
from quickbooks.objects.base import Ref
from quickbooks.objects.detailline import ItemBasedExpenseLine, ItemBasedExpenseLineDetail
from quickbooks.objects.item import Item
from quickbooks.objects.preferences import Preferences
from quickbooks.objects.purchaseorder import PurchaseOrder
from quickbooks.objects.vendor import Vendor

from integrations.qbo_sandbox import services
from integrations.qbo_sandbox.preferences import SandboxPreferences
from tests.integrations.qbo_sandbox.conftest import REALM_ID

pytestmark = pytest.mark.django_db(transaction=True)


def purchase_order(qb, vendor: Vendor, doc_number: str = "", currency: str = "") -> PurchaseOrder:
    po = PurchaseOrder()
    po.VendorRef = vendor.to_ref()
    line = ItemBasedExpenseLine()
    line.Amount = 20
    line.ItemBasedExpenseLineDetail = ItemBasedExpenseLineDetail()
    line.ItemBasedExpenseLineDetail.ItemRef = Item.filter(Name="Rebar #4", qb=qb)[0].to_ref()
    line.ItemBasedExpenseLineDetail.Qty = 2
    line.ItemBasedExpenseLineDetail.UnitPrice = 10
    po.Line = [line]
    if doc_number:
        po.DocNumber = doc_number
    if currency:
        po.CurrencyRef = Ref()
        po.CurrencyRef.value = currency
    return po


def vendor_named(qb, name: str) -> Vendor:
    return Vendor.filter(DisplayName=name, qb=qb)[0]


def new_vendor(qb, name: str, currency: str) -> Vendor:
    vendor = Vendor()
    vendor.DisplayName = name
    vendor.CurrencyRef = Ref()
    vendor.CurrencyRef.value = currency
    return vendor.save(qb=qb)


def test_switches_show_in_preferences_where_intuit_keeps_them(qb):
    switched = services.sandbox_preferences_set(
        realm_id=REALM_ID,
        purchase_orders=False,
        custom_doc_numbers=False,
        class_tracking="per_line",
        billable_expenses=False,
        home_currency="CAD",
        multi_currency=True,
    )

    read = Preferences.get(qb=qb)
    others = {pair.Name: pair.Value for pair in read.OtherPrefs.NameValue}
    assert switched == SandboxPreferences(False, False, "per_line", False, "CAD", True)
    assert others["VendorAndPurchasesPrefs.PurchaseOrderEnabled"] == "false"
    assert others["VendorAndPurchasesPrefs.UseCustomTxnNumbers"] == "false"
    assert read.SalesFormsPrefs.CustomTxnNumbers is False
    assert read.AccountingInfoPrefs.ClassTrackingPerTxnLine is True
    assert read.AccountingInfoPrefs.ClassTrackingPerTxn is False
    assert read.VendorAndPurchasesPrefs.BillableExpenseTracking is False
    assert read.CurrencyPrefs.HomeCurrency.value == "CAD"
    assert read.CurrencyPrefs.MultiCurrencyEnabled is True
    assert read.SyncToken == "1"
    services.sandbox_preferences_set(realm_id=REALM_ID, class_tracking="per_transaction")
    again = Preferences.get(qb=qb).AccountingInfoPrefs
    assert (again.ClassTrackingPerTxn, again.ClassTrackingPerTxnLine) == (True, False)
    with pytest.raises(ValueError):
        services.sandbox_preferences_set(realm_id=REALM_ID, class_tracking="per_vendor")


def test_company_page_switches_the_settings(sandbox, qb):
    page_url = f"{sandbox.base_url}/qbo-sandbox/companies/{REALM_ID}/"
    with requests.Session() as browser:
        page = browser.get(page_url, timeout=10)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token is not None and "Purchase orders" in page.text
        answer = browser.post(
            f"{page_url}preferences/",
            data={
                "csrfmiddlewaretoken": token.group(1),
                "custom_doc_numbers": "on",
                "class_tracking": "per_transaction",
                "home_currency": "USD",
            },
            headers={"Referer": page_url},
            timeout=10,
        )
        shown = browser.get(page_url, timeout=10).text

    assert answer.status_code == 200 and answer.url == page_url
    read = Preferences.get(qb=qb)
    others = {pair.Name: pair.Value for pair in read.OtherPrefs.NameValue}
    assert others["VendorAndPurchasesPrefs.PurchaseOrderEnabled"] == "false"
    assert read.AccountingInfoPrefs.ClassTrackingPerTxn is True
    assert read.VendorAndPurchasesPrefs.BillableExpenseTracking is False
    assert 'name="purchase_orders">' in shown and 'name="custom_doc_numbers" checked>' in shown


def test_purchase_orders_off_refuses_a_new_one_as_a_validation_fault(qb):
    vendor = vendor_named(qb, "Hicks Hardware")
    services.sandbox_preferences_set(realm_id=REALM_ID, purchase_orders=False)

    with pytest.raises(QuickbooksException) as refused:
        purchase_order(qb, vendor).save(qb=qb)

    assert refused.value.error_code == 6000
    assert "Purchase orders are turned off" in refused.value.detail
    assert PurchaseOrder.all(qb=qb) == []
    services.sandbox_preferences_set(realm_id=REALM_ID, purchase_orders=True)
    assert purchase_order(qb, vendor).save(qb=qb).Id


def test_without_custom_numbers_quickbooks_numbers_the_purchase_order_itself(qb):
    vendor = vendor_named(qb, "Hicks Hardware")
    numbered = purchase_order(qb, vendor, doc_number="PO-7001").save(qb=qb)
    services.sandbox_preferences_set(realm_id=REALM_ID, custom_doc_numbers=False)

    own = purchase_order(qb, vendor, doc_number="PO-7002").save(qb=qb)

    assert numbered.DocNumber == "PO-7001"
    assert own.DocNumber.isdigit() and own.DocNumber != "PO-7002"


def test_a_vendor_in_another_currency_needs_multicurrency(qb):
    with pytest.raises(QuickbooksException) as refused:
        new_vendor(qb, "Maple Lumber", "CAD")
    services.sandbox_preferences_set(realm_id=REALM_ID, multi_currency=True)
    maple = new_vendor(qb, "Maple Lumber", "CAD")
    home = Vendor()
    home.DisplayName = "Local Lumber"
    home = home.save(qb=qb)

    assert "Multicurrency is off" in refused.value.detail
    assert maple.CurrencyRef.value == "CAD" and maple.CurrencyRef.name == "Canadian Dollar"
    assert home.CurrencyRef.value == "USD"


def test_a_purchase_order_is_in_its_vendors_currency(qb):
    services.sandbox_preferences_set(realm_id=REALM_ID, multi_currency=True)
    maple = new_vendor(qb, "Maple Lumber", "CAD")

    with pytest.raises(QuickbooksException) as home_currency:
        purchase_order(qb, maple).save(qb=qb)
    in_cad = purchase_order(qb, maple, currency="CAD").save(qb=qb)
    services.sandbox_preferences_set(realm_id=REALM_ID, multi_currency=False)
    with pytest.raises(QuickbooksException) as multicurrency_off:
        purchase_order(qb, maple, currency="CAD").save(qb=qb)

    assert "must be the currency of the vendor Maple Lumber (CAD)" in home_currency.value.detail
    assert in_cad.CurrencyRef.value == "CAD"
    assert "the vendor Maple Lumber is in CAD" in multicurrency_off.value.detail


def test_an_update_changes_what_apps_may_change_and_keeps_the_rest(qb):
    read = Preferences.get(qb=qb)
    read.CurrencyPrefs.MultiCurrencyEnabled = True
    read.VendorAndPurchasesPrefs.BillableExpenseTracking = False
    saved = read.save(qb=qb)
    stale = json.loads(read.to_json())

    assert saved.CurrencyPrefs.MultiCurrencyEnabled is False
    assert saved.VendorAndPurchasesPrefs.BillableExpenseTracking is False
    assert saved.SyncToken == "1"
    with pytest.raises(QuickbooksException) as refused:
        qb.update_object("Preferences", json.dumps(stale))
    assert refused.value.error_code == 5010
    stale["SyncToken"] = "1"
    stale["VendorAndPurchasesPrefs"]["Misspelt"] = True
    with pytest.raises(QuickbooksException) as unknown:
        qb.update_object("Preferences", json.dumps(stale))
    assert unknown.value.error_code == 2010
