"""python-quickbooks' own integration test of purchase orders (tests/integration/
test_purchaseorder.py upstream), its flow run unchanged against the sandbox."""

import pytest
from quickbooks.objects.account import Account
from quickbooks.objects.customer import Customer
from quickbooks.objects.detailline import ItemBasedExpenseLine, ItemBasedExpenseLineDetail
from quickbooks.objects.item import Item
from quickbooks.objects.purchaseorder import PurchaseOrder
from quickbooks.objects.taxcode import TaxCode
from quickbooks.objects.vendor import Vendor

pytestmark = pytest.mark.django_db(transaction=True)


def test_create(qb):
    customer = Customer.all(max_results=1, qb=qb)[0]
    taxcode = TaxCode.all(max_results=1, qb=qb)[0]
    item = Item.filter(Type="Inventory", max_results=1, qb=qb)[0]
    vendor = Vendor.all(max_results=1, qb=qb)[0]
    account = Account.all(max_results=1, qb=qb)[0]

    purchaseorder = PurchaseOrder()
    detail_line = ItemBasedExpenseLine()
    detail_line.Amount = 100
    detail_line.ItemBasedExpenseLineDetail = ItemBasedExpenseLineDetail()
    detail_line.ItemBasedExpenseLineDetail.BillableStatus = "NotBillable"
    detail_line.ItemBasedExpenseLineDetail.UnitPrice = 100
    detail_line.ItemBasedExpenseLineDetail.Qty = 1
    detail_line.ItemBasedExpenseLineDetail.CustomerRef = customer.to_ref()
    detail_line.ItemBasedExpenseLineDetail.TaxCodeRef = taxcode.to_ref()
    detail_line.ItemBasedExpenseLineDetail.ItemRef = item.to_ref()
    purchaseorder.Line.append(detail_line)
    purchaseorder.VendorRef = vendor.to_ref()
    purchaseorder.APAccountRef = account.to_ref()
    purchaseorder.TotalAmt = 100
    purchaseorder.save(qb=qb)

    query_purchaseorder = PurchaseOrder.get(purchaseorder.Id, qb=qb)

    assert query_purchaseorder.VendorRef.value == vendor.Id
    assert query_purchaseorder.APAccountRef.value == account.Id
    assert query_purchaseorder.TotalAmt == 100
    query_detail_line = query_purchaseorder.Line[0]
    assert query_detail_line.Amount == 100
    assert query_detail_line.ItemBasedExpenseLineDetail.UnitPrice == 100
    assert query_detail_line.ItemBasedExpenseLineDetail.Qty == 1
    assert query_detail_line.ItemBasedExpenseLineDetail.CustomerRef.value == customer.Id
    assert query_detail_line.ItemBasedExpenseLineDetail.TaxCodeRef.value == taxcode.Name
    assert query_detail_line.ItemBasedExpenseLineDetail.ItemRef.value == item.Id
