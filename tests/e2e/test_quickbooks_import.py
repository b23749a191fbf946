"""The QuickBooks import in the browser: names that nearly match catalog entries are proposed as
links instead of being added, and the admin accepts one, links one elsewhere and skips one."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from integrations.quickbooks.models import QuickBooksLink
from ontraccr_clone.accounts.models import User
from ontraccr_clone.catalog.models import Material
from tests.e2e.accessibility import expect_accessible
from tests.e2e.test_quickbooks_links import connect_quickbooks, sandbox_bodies
from tests.factories import CompanyFactory, MaterialFactory, UserFactory

WORKER_WAIT = 30_000  # milliseconds: the worker polls its queue on a busy machine


@pytest.fixture
def page(browser: Browser, live_server_url: str, transactional_db) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    """A page that lets the test add axe's script: the app's Content-Security-Policy allows
    only its own scripts."""
    context = browser.new_context(
        base_url=live_server_url, viewport={"width": 1400, "height": 900}, bypass_csp=True
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_the_admin_decides_the_links_an_import_proposes(page: Page, sign_in) -> None:
    company = CompanyFactory.create()
    admin = UserFactory.create(company=company, role=User.Role.ADMIN)
    lumber = MaterialFactory.create(company=company, name="LUMBER 2 x 4 x 8")
    MaterialFactory.create(company=company, name="Pump.")
    water_pump = MaterialFactory.create(company=company, name="Water pump, small")
    drywall = MaterialFactory.create(company=company, name="drywall sheet, 4x8")
    sign_in(admin)
    connect_quickbooks(page)

    page.get_by_role("button", name="Import from QuickBooks").click()
    expect(page.get_by_role("status").filter(has_text="3 to review")).to_be_visible(
        timeout=WORKER_WAIT
    )
    expect(page.get_by_role("group", name="Names that nearly match (3 to decide)")).to_be_visible()
    proposals = page.get_by_role("group", name=re.compile("^Names that nearly match"))

    lumber_row = proposals.get_by_role("row", name="Lumber 2x4x8", exact=True)
    expect(lumber_row).to_contain_text("LUMBER 2 x 4 x 8")
    lumber_row.get_by_role("button", name="Accept").click()
    expect(lumber_row.get_by_text("Linked to LUMBER 2 x 4 x 8")).to_be_visible()

    pump_row = proposals.get_by_role("row", name="Pump", exact=True)
    pump_row.get_by_role("button", name="Link elsewhere").click()
    expect_accessible(page, what="the import's proposals, one being linked elsewhere")
    pump_row.get_by_label("Find a material").fill("water")
    pump_row.get_by_label("Link to material").select_option(label="Water pump, small")
    pump_row.get_by_role("button", name="Link", exact=True).click()
    expect(pump_row.get_by_text("Linked to Water pump, small")).to_be_visible()

    drywall_row = proposals.get_by_role("row", name="Drywall Sheet 4x8", exact=True)
    drywall_row.get_by_role("button", name="Skip").click()
    expect(drywall_row.get_by_text("Skipped")).to_be_visible()
    expect(page.get_by_role("group", name="Names that nearly match (0 to decide)")).to_be_visible()

    items = {body["Name"]: str(body["Id"]) for body in sandbox_bodies(company, "Item")}
    links = dict(
        QuickBooksLink.objects.filter(company=company, kind="item").values_list(
            "object_id", "qbo_id"
        )
    )
    assert links[lumber.pk] == items["Lumber 2x4x8"]
    assert links[water_pump.pk] == items["Pump"]
    assert drywall.pk not in links
    # None of the three was added as a near-duplicate.
    assert not Material.objects.filter(
        company=company, name__in=["Lumber 2x4x8", "Pump", "Drywall Sheet 4x8"]
    ).exists()
