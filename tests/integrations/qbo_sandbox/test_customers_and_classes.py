"""Customers (with their jobs) and classes, which purchase order lines carry for job costing."""

import re

import pytest
import requests
from quickbooks.exceptions import QuickbooksException, ValidationException
from quickbooks.objects.customer import Customer
from quickbooks.objects.detailline import ItemBasedExpenseLine, ItemBasedExpenseLineDetail
from quickbooks.objects.item import Item
from quickbooks.objects.purchaseorder import PurchaseOrder
from quickbooks.objects.trackingclass import Class
from quickbooks.objects.vendor import Vendor

from tests.integrations.qbo_sandbox.conftest import REALM_ID

pytestmark = pytest.mark.django_db(transaction=True)


def test_customer_create_read_query_update_and_deactivate(qb):
    customer = Customer()
    customer.DisplayName = "Oak Street Duplex"
    customer.CompanyName = "Oak Street Partners"
    customer.GivenName, customer.FamilyName = "Rosa", "Diaz"
    created = customer.save(qb=qb)

    assert created.Id and created.SyncToken == "0" and created.Active is True
    assert created.FullyQualifiedName == "Oak Street Duplex" and created.Job is False
    read = Customer.get(created.Id, qb=qb)
    assert read.CompanyName == "Oak Street Partners"
    assert Customer.filter(DisplayName="oak street duplex", qb=qb)[0].Id == created.Id

    read.CompanyName = "Oak Street Holdings"
    updated = read.save(qb=qb)
    assert updated.SyncToken == "1" and updated.CompanyName == "Oak Street Holdings"
    updated.Active = False
    assert updated.save(qb=qb).DisplayName == "Oak Street Duplex (deleted)"
    assert Customer.filter(DisplayName="Oak Street Duplex", qb=qb) == []


def test_a_job_is_a_sub_customer_named_under_its_parent(qb):
    parent = Customer.filter(DisplayName="Freeman Sporting Goods", qb=qb)[0]
    job = Customer()
    job.DisplayName = "Warehouse Mezzanine"
    job.ParentRef = parent.to_ref()
    created = job.save(qb=qb)

    assert created.Job is True and created.Level == 1
    assert created.FullyQualifiedName == "Freeman Sporting Goods:Warehouse Mezzanine"
    assert {c.DisplayName for c in Customer.filter(Job=True, qb=qb)} >= {
        "55 Twin Lane",
        "Warehouse Mezzanine",
    }


def test_a_customer_cannot_take_a_vendors_name_as_in_quickbooks(qb):
    customer = Customer()
    customer.DisplayName = "Hicks Hardware"

    with pytest.raises(QuickbooksException) as customer_error:
        customer.save(qb=qb)
    vendor = Vendor()
    vendor.DisplayName = "Cool Cars"
    with pytest.raises(QuickbooksException) as vendor_error:
        vendor.save(qb=qb)

    assert (customer_error.value.error_code, vendor_error.value.error_code) == (6240, 6240)


def test_class_create_read_query_update_and_sub_class(qb):
    new_class = Class()
    new_class.Name = "Infrastructure"
    created = new_class.save(qb=qb)
    sub_class = Class()
    sub_class.Name = "Bridges"
    sub_class.ParentRef = created.to_ref()
    child = sub_class.save(qb=qb)

    assert created.SubClass is False and created.FullyQualifiedName == "Infrastructure"
    assert child.SubClass is True and child.FullyQualifiedName == "Infrastructure:Bridges"
    assert Class.get(child.Id, qb=qb).Name == "Bridges"
    assert {c.Name for c in Class.all(qb=qb)} == {
        "Residential",
        "Commercial",
        "Infrastructure",
        "Bridges",
    }
    created.Name = "Public Works"
    assert created.save(qb=qb).SyncToken == "1"
    assert Class.filter(Name="Public Works", qb=qb)[0].Id == created.Id


def test_purchase_order_lines_carry_a_customer_job_and_a_class(qb, sandbox):
    job = Customer.filter(DisplayName="55 Twin Lane", qb=qb)[0]
    commercial = Class.filter(Name="Commercial", qb=qb)[0]
    line = ItemBasedExpenseLine()
    line.Amount = 45
    line.ItemBasedExpenseLineDetail = ItemBasedExpenseLineDetail()
    line.ItemBasedExpenseLineDetail.ItemRef = Item.filter(Name="Rebar #4", qb=qb)[0].to_ref()
    line.ItemBasedExpenseLineDetail.Qty = 5
    line.ItemBasedExpenseLineDetail.UnitPrice = 9
    line.ItemBasedExpenseLineDetail.CustomerRef = job.to_ref()
    line.ItemBasedExpenseLineDetail.ClassRef = commercial.to_ref()
    line.ItemBasedExpenseLineDetail.BillableStatus = "Billable"
    po = PurchaseOrder()
    po.VendorRef = Vendor.filter(DisplayName="Hicks Hardware", qb=qb)[0].to_ref()
    po.Line = [line]

    created = po.save(qb=qb)
    detail = created.Line[0].ItemBasedExpenseLineDetail

    assert detail.CustomerRef.value == job.Id
    assert detail.CustomerRef.name == "Freeman Sporting Goods:55 Twin Lane"
    assert (detail.ClassRef.value, detail.ClassRef.name) == (commercial.Id, "Commercial")
    assert detail.BillableStatus == "Billable"
    page = requests.get(
        f"{sandbox.base_url}/qbo-sandbox/companies/{REALM_ID}/purchase-orders/{created.Id}/",
        timeout=10,
    )
    cells = ("Freeman Sporting Goods:55 Twin Lane", "Billable", "Commercial")
    assert re.search(r"\s*".join(f"<td>{cell}</td>" for cell in cells), page.text)


def test_purchase_order_line_with_an_unknown_customer_is_2500(qb):
    line = ItemBasedExpenseLine()
    line.Amount = 10
    line.ItemBasedExpenseLineDetail = ItemBasedExpenseLineDetail()
    line.ItemBasedExpenseLineDetail.ItemRef = Item.filter(Name="Rebar #4", qb=qb)[0].to_ref()
    line.ItemBasedExpenseLineDetail.CustomerRef = Customer.filter(DisplayName="Cool Cars", qb=qb)[
        0
    ].to_ref()
    line.ItemBasedExpenseLineDetail.CustomerRef.value = "99999"
    po = PurchaseOrder()
    po.VendorRef = Vendor.filter(DisplayName="Hicks Hardware", qb=qb)[0].to_ref()
    po.Line = [line]

    with pytest.raises(ValidationException) as error:
        po.save(qb=qb)

    assert error.value.error_code == 2500 and "Customer" in error.value.detail
