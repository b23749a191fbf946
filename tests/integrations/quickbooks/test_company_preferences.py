"""The QuickBooks company's own settings, read over real HTTP from the sandbox: kept on the
connection, shown to admins, and obeyed by the 'Sync with QuickBooks' step."""

import datetime

import pytest
from django.utils import timezone

from integrations.qbo_sandbox import services as sandbox
from integrations.qbo_sandbox.models import ApiRequest, SandboxCompany
from integrations.quickbooks.errors import QuickBooksRejected
from integrations.quickbooks.models import QuickBooksConnection
from integrations.quickbooks.preferences import CompanyPreferences, company_preferences
from integrations.quickbooks.purchase_orders import (
    PURCHASE_ORDERS_OFF,
    purchase_order_send,
    purchase_order_sync,
)
from tests.factories import MaterialFactory, VendorFactory
from tests.integrations.quickbooks.conftest import (
    REALM_ID,
    SYNC_CONFIG,
    link,
    sandbox_records,
)
from workflows.steps.registry import step_type_get


def calls_received() -> int:
    return ApiRequest.objects.filter(company__realm_id=REALM_ID).count()


def stored(connection: QuickBooksConnection) -> CompanyPreferences:
    connection.refresh_from_db()
    return company_preferences(connection=connection)


def sandbox_vendor(name: str, currency: str) -> str:
    """A vendor made in the QuickBooks company itself; answers its id."""
    created = sandbox.entity_create(
        company=SandboxCompany.objects.get(realm_id=REALM_ID),
        entity_type="Vendor",
        payload={"DisplayName": name, "CurrencyRef": {"value": currency}},
    )
    return str(created["Id"])


def sandbox_item_id(name: str) -> str:
    [item] = [item for item in sandbox_records("Item") if item["Name"] == name]
    return str(item["Id"])


def test_connecting_reads_the_company_settings_and_admins_see_them(connect, admin, sign_in):
    sandbox.sandbox_preferences_set(
        realm_id=REALM_ID,
        class_tracking="per_line",
        billable_expenses=False,
        home_currency="CAD",
        multi_currency=True,
    )

    connection = connect(admin)
    shown = sign_in(admin).get("/api/integrations/quickbooks/").json()["connection"]

    expected = CompanyPreferences(True, True, "per_line", False, "CAD", True)
    assert stored(connection) == expected
    assert shown["preferences"] == {
        "purchase_orders": True,
        "custom_doc_numbers": True,
        "class_tracking": "per_line",
        "billable_expenses": False,
        "home_currency": "CAD",
        "multi_currency": True,
    }
    assert shown["preferences_read_at"]


def test_refresh_greys_the_step_out_when_purchase_orders_are_turned_off(
    connection, admin, template, sign_in
):
    step = step_type_get("sync_quickbooks")
    browser = sign_in(admin)
    sandbox.sandbox_preferences_set(realm_id=REALM_ID, purchase_orders=False)
    before = step.availability(company=admin.company, template=template)

    refreshed = browser.post("/api/integrations/quickbooks/preferences/refresh/")
    palette = browser.get(f"/api/step-types/?template={template.pk}").json()
    offered = next(kind for kind in palette if kind["key"] == "sync_quickbooks")

    assert before.ok  # what was read on connect, until someone asks again
    assert refreshed.status_code == 200
    assert refreshed.json()["preferences"]["purchase_orders"] is False
    assert offered["available"] is False
    assert offered["reason"] == PURCHASE_ORDERS_OFF
    assert "Settings > Account and settings > Expenses > Purchase orders" in offered["reason"]
    sandbox.sandbox_preferences_set(realm_id=REALM_ID, purchase_orders=True)
    assert browser.post("/api/integrations/quickbooks/preferences/refresh/").status_code == 200
    assert step.availability(company=admin.company, template=template).ok


def test_a_po_synced_while_purchase_orders_are_off_fails_with_the_way_out(connection, submit):
    sandbox.sandbox_preferences_set(realm_id=REALM_ID, purchase_orders=False)
    first = submit()

    with pytest.raises(QuickBooksRejected) as refused:
        purchase_order_sync(submission=first, config=SYNC_CONFIG, key="run-1:sync")
    before = calls_received()
    with pytest.raises(QuickBooksRejected) as known:
        purchase_order_sync(submission=submit(), config=SYNC_CONFIG, key="run-2:sync")

    # QuickBooks refused the first, which had our stale settings; they were read again.
    assert refused.value.message == PURCHASE_ORDERS_OFF
    assert stored(connection).purchase_orders is False
    # The second is refused before anything is sent.
    assert known.value.message == PURCHASE_ORDERS_OFF
    assert calls_received() == before
    assert sandbox_records("PurchaseOrder") == []


def test_settings_a_day_old_are_read_again_and_without_custom_numbers_ours_goes_in_the_memo(
    connection, submit
):
    sandbox.sandbox_preferences_set(realm_id=REALM_ID, custom_doc_numbers=False)
    QuickBooksConnection.objects.filter(pk=connection.pk).update(
        preferences_read_at=timezone.now() - datetime.timedelta(days=1, minutes=1)
    )
    submission = submit()

    record = purchase_order_sync(submission=submission, config=SYNC_CONFIG, key="run-1:sync")

    [order] = [po for po in sandbox_records("PurchaseOrder") if po["Id"] == record.qbo_po_id]
    assert stored(connection).custom_doc_numbers is False
    assert "DocNumber" not in record.payload
    assert order["PrivateNote"] == submission.number
    assert order["DocNumber"] != submission.number and record.doc_number == order["DocNumber"]
    event = submission.timeline.get(kind="synced_quickbooks")
    assert event.message == f"Synced with QuickBooks as purchase order {order['DocNumber']}"


def test_a_retry_finds_the_po_an_earlier_try_made_by_its_memo_without_custom_numbers(
    connection, submit
):
    sandbox.sandbox_preferences_set(realm_id=REALM_ID, custom_doc_numbers=False)
    QuickBooksConnection.objects.filter(pk=connection.pk).update(preferences_read_at=None)
    submission = submit()
    made = purchase_order_sync(submission=submission, config=SYNC_CONFIG, key="run-1:try-1")

    # A try whose answer was lost left nothing in the ledger: QuickBooks is asked.
    retried = purchase_order_send(
        submission=submission, config=SYNC_CONFIG, key="run-1:try-3", earlier_keys=["lost"]
    )

    assert retried["qbo_po_id"] == made.qbo_po_id
    assert len(sandbox_records("PurchaseOrder")) == 1


def test_a_vendor_in_another_currency_gets_a_po_in_its_currency(connect, admin, submit):
    sandbox.sandbox_preferences_set(realm_id=REALM_ID, multi_currency=True)
    maple_id = sandbox_vendor("Maple Lumber", "CAD")
    connect(admin)
    found_by_name = VendorFactory(company=admin.company, name="Maple Lumber")
    linked = link(VendorFactory(company=admin.company, name="Maple (linked)"), maple_id)
    material = link(
        MaterialFactory(company=admin.company, name="Rebar #4"), sandbox_item_id("Rebar #4")
    )

    by_name = purchase_order_sync(
        submission=submit(vendor=found_by_name, rows=[material]), config=SYNC_CONFIG, key="a"
    )
    before = calls_received()
    by_link = purchase_order_sync(
        submission=submit(vendor=linked, rows=[material]), config=SYNC_CONFIG, key="b"
    )

    assert by_name.payload["CurrencyRef"] == {"value": "CAD"}
    assert by_name.response["CurrencyRef"]["value"] == "CAD"
    assert by_link.response["CurrencyRef"]["value"] == "CAD"
    assert calls_received() - before == 2  # the vendor's currency, the purchase order


def test_without_multicurrency_a_vendor_in_another_currency_is_refused_plainly(
    connect, admin, submit
):
    sandbox.sandbox_preferences_set(realm_id=REALM_ID, multi_currency=True)
    maple_id = sandbox_vendor("Maple Lumber", "CAD")
    sandbox.sandbox_preferences_set(realm_id=REALM_ID, multi_currency=False)
    connect(admin)
    found_by_name = VendorFactory(company=admin.company, name="Maple Lumber")
    linked = link(VendorFactory(company=admin.company, name="Maple (linked)"), maple_id)
    material = link(
        MaterialFactory(company=admin.company, name="Rebar #4"), sandbox_item_id("Rebar #4")
    )

    with pytest.raises(QuickBooksRejected) as by_name:
        purchase_order_sync(
            submission=submit(vendor=found_by_name, rows=[material]), config=SYNC_CONFIG, key="a"
        )
    with pytest.raises(QuickBooksRejected) as by_link:
        purchase_order_sync(
            submission=submit(vendor=linked, rows=[material]), config=SYNC_CONFIG, key="b"
        )

    for refused, vendor in ((by_name, found_by_name), (by_link, linked)):
        assert refused.value.message.startswith(
            f"The vendor {vendor.name} is in CAD in QuickBooks, but multicurrency is off there"
        )
        assert "turn on multicurrency in QuickBooks" in refused.value.message
    assert sandbox_records("PurchaseOrder") == []
