import io
import json

import pytest
import requests
from django.core.management import call_command
from quickbooks.objects.detailline import ItemBasedExpenseLine, ItemBasedExpenseLineDetail
from quickbooks.objects.item import Item
from quickbooks.objects.purchaseorder import PurchaseOrder
from quickbooks.objects.vendor import Vendor

from tests.integrations.qbo_sandbox.conftest import REALM_ID

pytestmark = pytest.mark.django_db(transaction=True)


def test_company_pages_show_vendors_items_and_purchase_orders_with_stable_urls(sandbox, qb):
    po = PurchaseOrder()
    po.VendorRef = Vendor.filter(DisplayName="Tim Philip Masonry", qb=qb)[0].to_ref()
    line = ItemBasedExpenseLine()
    line.Amount = 50
    line.Description = "Face brick, pallet"
    line.ItemBasedExpenseLineDetail = ItemBasedExpenseLineDetail()
    line.ItemBasedExpenseLineDetail.ItemRef = Item.filter(Name="Rebar #4", qb=qb)[0].to_ref()
    line.ItemBasedExpenseLineDetail.Qty = 5
    line.ItemBasedExpenseLineDetail.UnitPrice = 10
    po.Line = [line]
    po.DocNumber = "PO-2001"
    created = po.save(qb=qb)

    index = requests.get(f"{sandbox.base_url}/qbo-sandbox/", timeout=10)
    company = requests.get(f"{sandbox.base_url}/qbo-sandbox/companies/{REALM_ID}/", timeout=10)
    po_url = f"{sandbox.base_url}/qbo-sandbox/companies/{REALM_ID}/purchase-orders/{created.Id}/"
    detail = requests.get(po_url, timeout=10)

    assert "Sandbox Company_US_2" in index.text
    assert "Tim Philip Masonry" in company.text and "Rock Fountain" in company.text
    assert "Freeman Sporting Goods:55 Twin Lane" in company.text and "Residential" in company.text
    assert "<style" not in company.text and "style=" not in detail.text
    assert "PO-2001" in company.text and po_url.removeprefix(sandbox.base_url) in company.text
    assert detail.status_code == 200
    assert "Face brick, pallet" in detail.text and "Rebar #4" in detail.text
    assert "50.00" in detail.text
    missing = requests.get(po_url.replace(f"/{created.Id}/", "/99999/"), timeout=10)
    assert missing.status_code == 404


def test_credentials_command_prints_what_the_libraries_need(
    sandbox, make_auth_client, make_quickbooks
):
    output = io.StringIO()
    call_command("qbo_sandbox_credentials", base_url=sandbox.base_url, stdout=output)
    credentials = json.loads(output.getvalue())

    auth = make_auth_client(
        client_id=credentials["client_id"],
        client_secret=credentials["client_secret"],
        environment=credentials["discovery_url"],
    )
    client = make_quickbooks(auth, credentials["refresh_token"], credentials["realm_id"])

    assert credentials["realm_id"] == REALM_ID
    assert credentials["api_url"] == sandbox.api_url
    assert Vendor.count(qb=client) == 12


@pytest.mark.django_db
def test_a_company_page_opened_first_on_a_new_database_shows_the_seeded_company(client):
    response = client.get(f"/qbo-sandbox/companies/{REALM_ID}/")
    assert response.status_code == 200
    assert b"Tim Philip Masonry" in response.content
