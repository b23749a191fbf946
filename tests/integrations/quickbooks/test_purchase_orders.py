"""The PO sync over real HTTP against the sandbox: calls, lines, names, faults, exactly once."""

import time

import pytest

from integrations.qbo_sandbox import services as sandbox
from integrations.qbo_sandbox.models import ApiRequest
from integrations.quickbooks.client import quickbooks_client
from integrations.quickbooks.errors import (
    QuickBooksNotConnected,
    QuickBooksRejected,
    QuickBooksUnavailable,
)
from integrations.quickbooks.models import QuickBooksConnection, QuickBooksSyncRecord
from integrations.quickbooks.purchase_orders import (
    order_read,
    purchase_order_payload,
    purchase_order_sync,
    references_resolve,
    sync_request_id,
)
from tests.factories import MaterialFactory, VendorFactory
from tests.integrations.quickbooks.conftest import (
    REALM_ID,
    SYNC_CONFIG,
    linked_id,
    money,
    sandbox_purchase_orders,
    sandbox_records,
)


def calls_received(realm_id: str = REALM_ID) -> int:
    """How many API calls the sandbox has logged for the company."""
    return ApiRequest.objects.filter(company__realm_id=realm_id).count()


def test_first_po_costs_three_calls_and_a_linked_one_costs_one(connection, submit, admin):
    vendor = VendorFactory(company=admin.company, name="Harbor Lumber Supply")
    pipe, valve = (
        MaterialFactory(company=admin.company, name="Copper pipe 3/4in", description="Type L"),
        MaterialFactory(company=admin.company, name="Ball valve 1in"),
    )
    first = submit(vendor=vendor, rows=[pipe, valve, "Site delivery"])

    before = calls_received()
    record = purchase_order_sync(submission=first, config=SYNC_CONFIG, key="run-1:sync")

    assert calls_received() - before == 3  # lookups batch, creations batch, the purchase order
    [order] = sandbox_purchase_orders(first.number)
    assert order["Id"] == record.qbo_po_id
    assert order["Memo"] == "Deliver to gate 3"
    assert order["DueDate"] == "2026-12-15"
    assert order["APAccountRef"]["value"] == connection.payable_account_id
    vendor.refresh_from_db()
    pipe.refresh_from_db()
    valve.refresh_from_db()
    assert order["VendorRef"]["value"] == linked_id(vendor)
    lines = order["Line"]
    assert [line["ItemBasedExpenseLineDetail"]["ItemRef"]["value"] for line in lines[:2]] == [
        linked_id(pipe),
        linked_id(valve),
    ]
    assert lines[0]["Description"] == "Type L"
    assert lines[0]["ItemBasedExpenseLineDetail"]["Qty"] == 3
    assert money(lines[0]["ItemBasedExpenseLineDetail"]["UnitPrice"]) == money(pipe.unit_cost)
    assert money(lines[0]["Amount"]) == money(pipe.unit_cost * 3)
    assert lines[2]["ItemBasedExpenseLineDetail"]["ItemRef"]["name"] == "Site delivery"
    assert money(lines[2]["Amount"]) == money("15.00")
    created_items = {item["Name"] for item in sandbox_records("Item")}
    assert {"Copper pipe 3/4in", "Ball valve 1in", "Site delivery"} <= created_items
    event = first.timeline.get(kind="synced_quickbooks")
    assert record.doc_number in event.message
    assert event.data["url"].endswith(f"/purchase-orders/{record.qbo_po_id}/")
    assert record.payload["DocNumber"] == first.number
    assert record.response["Id"] == record.qbo_po_id

    before = calls_received()
    second = submit(vendor=vendor, rows=[pipe, valve])
    purchase_order_sync(submission=second, config=SYNC_CONFIG, key="run-2:sync")
    assert calls_received() - before == 1
    assert len(sandbox_purchase_orders(second.number)) == 1


def test_existing_vendor_and_items_are_found_by_name_and_linked(connection, submit, admin):
    qbo_vendor = sandbox_records("Vendor")[0]
    qbo_item = next(item for item in sandbox_records("Item") if item["Type"] != "Category")
    vendor = VendorFactory(company=admin.company, name=qbo_vendor["DisplayName"])
    material = MaterialFactory(company=admin.company, name=qbo_item["Name"])
    vendors_before = len(sandbox_records("Vendor"))

    purchase_order_sync(
        submission=submit(vendor=vendor, rows=[material]), config=SYNC_CONFIG, key="k"
    )

    vendor.refresh_from_db()
    material.refresh_from_db()
    assert linked_id(vendor) == qbo_vendor["Id"]
    assert linked_id(material) == qbo_item["Id"]
    assert len(sandbox_records("Vendor")) == vendors_before


def test_vendor_name_with_quotes_and_apostrophes_is_matched_not_duplicated(
    connection, submit, admin
):
    name = 'O\'Brien & Sons "West"'
    with quickbooks_client(connection=connection) as client:
        existing = client.create("Vendor", {"DisplayName": name})
    vendor = VendorFactory(company=admin.company, name=name)

    purchase_order_sync(submission=submit(vendor=vendor), config=SYNC_CONFIG, key="k")

    vendor.refresh_from_db()
    assert linked_id(vendor) == existing["Id"]
    assert [v["DisplayName"] for v in sandbox_records("Vendor")].count(name) == 1


def test_unlinked_items_with_creation_off_fail_naming_every_one(connection, submit, admin):
    rebar = MaterialFactory(company=admin.company, name="Rebar #7 epoxy")  # not in QuickBooks
    submission = submit(rows=[rebar, "Concrete mix 80lb", "Form ties"])
    items_before = len(sandbox_records("Item"))

    with pytest.raises(QuickBooksRejected) as failure:
        purchase_order_sync(
            submission=submission,
            config={**SYNC_CONFIG, "create_unlinked_items": False},
            key="k",
        )

    for name in ("Concrete mix 80lb", "Form ties", "Rebar #7 epoxy"):
        assert name in failure.value.message
    assert "Create unlinked items" in failure.value.message
    assert len(sandbox_records("Item")) == items_before
    assert sandbox_purchase_orders(submission.number) == []


@pytest.mark.parametrize("fault", ["500", "503", "429", "malformed"])
def test_a_failed_call_retried_ends_in_exactly_one_po(connection, submit, admin, fault):
    submission = submit()
    sandbox.sandbox_inject_faults(realm_id=REALM_ID, status_or_kind=fault)

    with pytest.raises(QuickBooksUnavailable) as failure:
        purchase_order_sync(submission=submission, config=SYNC_CONFIG, key="run:sync")
    if fault == "429":
        assert failure.value.retry_after and failure.value.retry_after >= 1
    record = purchase_order_sync(submission=submission, config=SYNC_CONFIG, key="run:sync")

    assert len(sandbox_purchase_orders(submission.number)) == 1
    assert QuickBooksSyncRecord.objects.get(submission=submission) == record


def test_a_rejected_access_token_is_refreshed_and_the_call_repeated(connection, submit):
    submission = submit()
    access_before = connection.access_token
    sandbox.sandbox_inject_faults(realm_id=REALM_ID, status_or_kind="401")

    purchase_order_sync(submission=submission, config=SYNC_CONFIG, key="run:sync")

    connection.refresh_from_db()
    assert connection.access_token != access_before
    assert len(sandbox_purchase_orders(submission.number)) == 1


def test_a_create_that_hangs_past_the_timeout_is_retried_into_one_po(
    connection, submit, admin, settings
):
    vendor = VendorFactory(company=admin.company)
    material = MaterialFactory(company=admin.company)
    purchase_order_sync(
        submission=submit(vendor=vendor, rows=[material]), config=SYNC_CONFIG, key="a"
    )
    submission = submit(vendor=vendor, rows=[material])  # now linked: the create is the only call
    settings.QBO_SANDBOX_HANG_SECONDS = 2
    settings.QBO_TIMEOUT_SECONDS = 1
    sandbox.sandbox_inject_faults(realm_id=REALM_ID, status_or_kind="hang")

    with pytest.raises(QuickBooksUnavailable):
        purchase_order_sync(submission=submission, config=SYNC_CONFIG, key="b")
    purchase_order_sync(submission=submission, config=SYNC_CONFIG, key="b")
    time.sleep(2.5)  # the hung request wakes and answers from the requestid it shares

    assert len(sandbox_purchase_orders(submission.number)) == 1


def test_po_created_but_not_recorded_before_a_crash_is_not_created_again(connection, submit, admin):
    submission = submit()
    request_id = sync_request_id(key="run:sync")
    # What a worker did before it was killed: QuickBooks made the PO; nothing was recorded.
    order = order_read(submission=submission, config=SYNC_CONFIG)
    with quickbooks_client(connection=connection) as client:
        references_resolve(client=client, order=order, connection=connection)
        created = client.create(
            "PurchaseOrder",
            purchase_order_payload(order=order, connection=connection),
            request_id=request_id,
        )
    assert not QuickBooksSyncRecord.objects.exists()

    record = purchase_order_sync(submission=submission, config=SYNC_CONFIG, key="run:sync")

    assert record.qbo_po_id == created["Id"]
    assert len(sandbox_purchase_orders(submission.number)) == 1


def test_a_revoked_connection_needs_reconnecting_then_syncs(connect, connection, submit, admin):
    submission = submit()
    sandbox.oauth_token_revoke(app=sandbox.selectors.app_default(), token=connection.refresh_token)
    QuickBooksConnection.objects.filter(pk=connection.pk).update(access_expires_at=None)

    with pytest.raises(QuickBooksNotConnected):
        purchase_order_sync(submission=submission, config=SYNC_CONFIG, key="run:sync")
    connection.refresh_from_db()
    assert connection.status == QuickBooksConnection.Status.NEEDS_RECONNECT

    connect(admin)
    purchase_order_sync(submission=submission, config=SYNC_CONFIG, key="run:sync")
    assert len(sandbox_purchase_orders(submission.number)) == 1


def test_a_validation_fault_is_reported_in_words(connection, submit, admin):
    vendor = VendorFactory(company=admin.company, name="Supply: North")  # QuickBooks refuses ':'
    with pytest.raises(QuickBooksRejected) as failure:
        purchase_order_sync(submission=submit(vendor=vendor), config=SYNC_CONFIG, key="k")
    assert "colon" in failure.value.message
