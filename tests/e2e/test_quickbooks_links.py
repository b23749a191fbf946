"""QuickBooks links changed by hand, and the QuickBooks column of the submissions list."""

import re

from playwright.sync_api import Page, expect

from integrations.qbo_sandbox.models import SandboxEntity
from integrations.quickbooks.models import QuickBooksConnection, QuickBooksLink
from ontraccr_clone.accounts.models import User
from tests.e2e.conftest import outside_event_loop
from tests.factories import (
    PASSWORD,
    CompanyFactory,
    MaterialFactory,
    UserFactory,
    VendorFactory,
    form_template,
    published_workflow,
)
from workflows.forms.services import submission_create

FITS = "document.documentElement.scrollWidth <= window.innerWidth"


def connect_quickbooks(page: Page) -> None:
    page.goto("/settings/integrations/quickbooks")
    page.get_by_role("button", name="Connect to QuickBooks").click()
    page.get_by_role("button", name="Connect").click()
    expect(
        page.get_by_role("status").filter(has_text="QuickBooks Online is connected")
    ).to_be_visible()


def sandbox_bodies(company, entity_type: str) -> list[dict]:  # type: ignore[no-untyped-def]
    realm_id = QuickBooksConnection.objects.get(company=company).realm_id
    return [
        entity.body
        for entity in SandboxEntity.objects.filter(
            company__realm_id=realm_id, entity_type=entity_type
        ).order_by("id")
    ]


def sync_workflow(template, *, create_unlinked_items: bool) -> None:  # type: ignore[no-untyped-def]
    config = {
        "vendor_field": "vendor",
        "materials_field": "materials",
        "create_unlinked_items": create_unlinked_items,
    }
    published_workflow(
        template=template,
        steps={"start": ("submit", {}), "sync": ("sync_quickbooks", config)},
        transitions=[("start", "next", "sync")],
    )


def test_a_vendor_linked_by_hand_gets_the_po_and_the_list_shows_it_synced(
    page: Page, sign_in
) -> None:
    company = CompanyFactory.create()
    admin = UserFactory.create(company=company, role=User.Role.ADMIN)
    template = form_template(admin=admin)
    sync_workflow(template, create_unlinked_items=True)
    vendor = VendorFactory.create(company=company, name="Norton Lumber (yard 2)")
    material = MaterialFactory.create(company=company, name="Joist hanger 2x8")
    sign_in(admin)
    connect_quickbooks(page)

    page.goto("/vendors")
    page.get_by_role("button", name="Change the QuickBooks link of Norton Lumber (yard 2)").click()
    dialog = page.get_by_role("dialog", name="QuickBooks link of “Norton Lumber (yard 2)”")
    dialog.get_by_label("Search QuickBooks vendors").fill("norton")
    dialog.get_by_role("button", name="Link to Norton Lumber and Building Materials").click()
    expect(dialog).to_be_hidden()
    row = page.get_by_role("row", name=re.compile(r"Norton Lumber \(yard 2\)"))
    expect(row.get_by_text("Linked", exact=True)).to_be_visible()
    norton = next(
        str(body["Id"])
        for body in sandbox_bodies(company, "Vendor")
        if body["DisplayName"] == "Norton Lumber and Building Materials"
    )
    assert QuickBooksLink.objects.get(kind="vendor", object_id=vendor.pk).qbo_id == norton

    data = {"vendor": vendor.pk, "materials": [{"material_id": material.pk, "quantity": "4"}]}
    submission = outside_event_loop(submission_create, actor=admin, template=template, data=data)
    page.goto("/submissions")
    synced = page.get_by_role(
        "link", name=f"QuickBooks: Synced {submission.number} (opens QuickBooks)"
    )
    expect(synced).to_be_visible(timeout=30_000)
    expect(synced).to_have_attribute(
        "href", re.compile(r"/qbo-sandbox/companies/\w+/purchase-orders/\d+/$")
    )
    orders = [
        body
        for body in sandbox_bodies(company, "PurchaseOrder")
        if body["DocNumber"] == submission.number
    ]
    assert [order["VendorRef"]["value"] for order in orders] == [norton]

    filters = page.get_by_role("search", name="Filter submissions")
    filters.get_by_label("Report").select_option("QuickBooks: Failed")
    expect(page).to_have_url(re.compile(r"/submissions\?report=sync_quickbooks(:|%3A)failed$"))
    expect(page.get_by_text("No submissions match")).to_be_visible()
    filters.get_by_label("Report").select_option("QuickBooks: Done")
    expect(synced).to_be_visible()


def test_on_a_phone_a_failed_sync_is_fixed_by_linking_the_material_and_retrying(
    browser, live_server_url, transactional_db
) -> None:
    company = CompanyFactory.create()
    admin = UserFactory.create(company=company, role=User.Role.ADMIN)
    template = form_template(admin=admin)
    sync_workflow(template, create_unlinked_items=False)
    vendor = VendorFactory.create(company=company, name="Cascade Lumber Supply Company")
    material = MaterialFactory.create(company=company, name="Rebar number four, 20ft")
    context = browser.new_context(
        base_url=live_server_url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    page: Page = context.new_page()
    page.goto("/signin")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    connect_quickbooks(page)

    data = {"vendor": vendor.pk, "materials": [{"material_id": material.pk, "quantity": "4"}]}
    submission = outside_event_loop(submission_create, actor=admin, template=template, data=data)
    page.goto("/submissions")
    failed = page.locator('[data-column="Reports"] .badge-danger')
    expect(failed).to_have_text(re.compile(r"^Failed.*Rebar number four, 20ft"), timeout=30_000)
    expect(failed).to_have_attribute("title", re.compile("Rebar number four, 20ft"))
    assert page.evaluate(FITS), page.evaluate("document.documentElement.scrollWidth")

    page.goto("/materials")
    page.get_by_role("button", name="Change the QuickBooks link of Rebar number four, 20ft").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Search QuickBooks items").fill("rebar")
    dialog.get_by_role("button", name="Link to Rebar #4").click()
    expect(dialog).to_be_hidden()
    assert page.evaluate(FITS), page.evaluate("document.documentElement.scrollWidth")

    page.goto(f"/submissions/{submission.pk}")
    page.get_by_role("tab", name="Timeline").click()
    page.get_by_role("button", name="Retry as it started").click()
    page.goto("/submissions")
    expect(
        page.get_by_role(
            "link",
            name=f"QuickBooks: Synced {submission.number} (opens QuickBooks)",
        )
    ).to_be_visible(timeout=30_000)
    assert page.evaluate(FITS), page.evaluate("document.documentElement.scrollWidth")
    rebar = next(
        str(body["Id"]) for body in sandbox_bodies(company, "Item") if body["Name"] == "Rebar #4"
    )
    orders = [
        body
        for body in sandbox_bodies(company, "PurchaseOrder")
        if body["DocNumber"] == submission.number
    ]
    assert len(orders) == 1
    assert orders[0]["Line"][0]["ItemBasedExpenseLineDetail"]["ItemRef"]["value"] == rebar
    context.close()
