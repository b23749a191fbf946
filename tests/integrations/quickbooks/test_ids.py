"""Ids that go into Intuit URLs are digits, checked before any call: no id reaches another path."""

import pytest

from integrations.qbo_sandbox.models import ApiRequest
from integrations.quickbooks.client import purchase_order_url, quickbooks_client
from integrations.quickbooks.errors import QuickBooksRejected
from integrations.quickbooks.models import QuickBooksLink
from tests.factories import VendorFactory
from tests.integrations.quickbooks.conftest import REALM_ID, sandbox_records

CLIMBING_OUT = f"1/../../companyinfo/{REALM_ID}"


def test_linking_to_an_id_that_climbs_to_another_path_is_refused_before_any_call(
    admin, connection, sign_in
):
    vendor = VendorFactory(company=admin.company)
    browser = sign_in(admin)
    calls_before = ApiRequest.objects.count()

    answer = browser.put(
        f"/api/integrations/quickbooks/vendor-links/{vendor.pk}/", json={"qbo_id": CLIMBING_OUT}
    )

    assert answer.status_code == 400
    assert answer.json()["qbo_id"] == [
        f"QuickBooks has no vendor with id {CLIMBING_OUT}: "
        f"QuickBooks ids are digits, and '{CLIMBING_OUT}' is not one."
    ]
    assert ApiRequest.objects.count() == calls_before
    assert not QuickBooksLink.objects.exists()


@pytest.mark.parametrize(
    "bad_id", [CLIMBING_OUT, "56?minorversion=1", "%35%36", "\uff15\uff16", " 56", ""]
)
def test_the_client_reads_only_digit_ids(connection, bad_id):
    vendor_id = str(sandbox_records("Vendor")[0]["Id"])
    with quickbooks_client(connection=connection) as client:
        with pytest.raises(QuickBooksRejected, match="QuickBooks ids are digits"):
            client.read("Vendor", bad_id)
        assert client.read("Vendor", vendor_id)["Id"] == vendor_id
        assert client.calls == 1


def test_a_purchase_order_link_is_made_of_digit_ids_only(connection):
    with pytest.raises(QuickBooksRejected):
        purchase_order_url(connection=connection, qbo_id="1/../../companyinfo")
    assert purchase_order_url(connection=connection, qbo_id="42").endswith(
        f"/qbo-sandbox/companies/{REALM_ID}/purchase-orders/42/"
    )
