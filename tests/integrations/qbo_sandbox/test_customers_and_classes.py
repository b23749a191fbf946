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

from integrations.qbo_sandbox import services
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
    services.sandbox_preferences_set(realm_id=REALM_ID, class_tracking="per_line")
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


def _classed_order(qb, class_ref):  # type: ignore[no-untyped-def]
    """A PO naming a class both on itself and on its line."""
    line = ItemBasedExpenseLine()
    line.Amount = 18
    line.ItemBasedExpenseLineDetail = ItemBasedExpenseLineDetail()
    line.ItemBasedExpenseLineDetail.ItemRef = Item.filter(Name="Rebar #4", qb=qb)[0].to_ref()
    line.ItemBasedExpenseLineDetail.Qty = 2
    line.ItemBasedExpenseLineDetail.UnitPrice = 9
    line.ItemBasedExpenseLineDetail.ClassRef = class_ref
    po = PurchaseOrder()
    po.VendorRef = Vendor.filter(DisplayName="Hicks Hardware", qb=qb)[0].to_ref()
    po.ClassRef = class_ref
    po.Line = [line]
    return po


@pytest.mark.parametrize(
    ("tracking", "on_po", "on_line"),
    [("per_line", False, True), ("per_transaction", True, False), ("off", False, False)],
)
def test_a_class_is_kept_where_the_company_tracks_classes_and_ignored_elsewhere(
    qb, tracking, on_po, on_line
):
    # As Intuit does: one per row keeps the lines' classes and ignores the PO's, one per
    # transaction the reverse; with class tracking off every ClassRef is ignored; no error.
    services.sandbox_preferences_set(realm_id=REALM_ID, class_tracking=tracking)
    commercial = Class.filter(Name="Commercial", qb=qb)[0]

    created = _classed_order(qb, commercial.to_ref()).save(qb=qb)
    read = PurchaseOrder.get(created.Id, qb=qb)

    for order in (created, read):
        line_class = order.Line[0].ItemBasedExpenseLineDetail.ClassRef
        assert (order.ClassRef is not None) is on_po
        assert (line_class is not None) is on_line
        for kept in [order.ClassRef, line_class]:
            if kept is not None:
                assert (kept.value, kept.name) == (commercial.Id, "Commercial")


@pytest.mark.parametrize("tracking", ["per_line", "per_transaction"])
def test_an_update_changes_the_class_where_the_company_tracks_it(qb, tracking):
    services.sandbox_preferences_set(realm_id=REALM_ID, class_tracking=tracking)
    commercial = Class.filter(Name="Commercial", qb=qb)[0]
    residential = Class.filter(Name="Residential", qb=qb)[0]
    order = _classed_order(qb, commercial.to_ref()).save(qb=qb)

    order.ClassRef = residential.to_ref()
    order.Line[0].ItemBasedExpenseLineDetail.ClassRef = residential.to_ref()
    updated = order.save(qb=qb)

    kept = (
        updated.Line[0].ItemBasedExpenseLineDetail.ClassRef
        if tracking == "per_line"
        else updated.ClassRef
    )
    ignored = (
        updated.ClassRef
        if tracking == "per_line"
        else updated.Line[0].ItemBasedExpenseLineDetail.ClassRef
    )
    assert updated.SyncToken == "1"
    assert (kept.value, kept.name) == (residential.Id, "Residential")
    assert ignored is None


@pytest.mark.parametrize(
    ("tracking", "refused"), [("per_line", True), ("per_transaction", True), ("off", False)]
)
def test_an_unknown_class_is_2500_only_where_the_company_tracks_classes(qb, tracking, refused):
    services.sandbox_preferences_set(realm_id=REALM_ID, class_tracking=tracking)
    unknown = Class.filter(Name="Commercial", qb=qb)[0].to_ref()
    unknown.value = "99999"
    order = _classed_order(qb, unknown)

    if refused:
        with pytest.raises(ValidationException) as error:
            order.save(qb=qb)
        assert error.value.error_code == 2500 and "Class" in error.value.detail
    else:
        assert order.save(qb=qb).ClassRef is None
