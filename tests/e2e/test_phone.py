"""A field crew member on a phone: the submit page, the form and its timeline fit the screen."""

import re

from playwright.sync_api import Page, expect

from ontraccr_clone.accounts.models import User
from tests.factories import (
    PASSWORD,
    CompanyFactory,
    MaterialFactory,
    UserFactory,
    VendorFactory,
    form_template,
)

FITS = "document.documentElement.scrollWidth <= window.innerWidth"


def test_a_member_submits_a_po_on_a_390px_wide_phone_without_scrolling_sideways(
    browser, live_server_url, transactional_db
) -> None:
    company = CompanyFactory.create()
    admin = UserFactory.create(company=company, role=User.Role.ADMIN)
    member = UserFactory.create(company=company, name="Riley Crew")
    VendorFactory.create(company=company, name="Cascade Lumber Supply Company")
    MaterialFactory.create(
        company=company, name="Pressure-treated 2x10 Southern Yellow Pine 16ft", unit_cost="1234.56"
    )
    template = form_template(admin=admin)
    context = browser.new_context(
        base_url=live_server_url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    page: Page = context.new_page()
    page.goto("/signin")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()

    page.goto(f"/forms/{template.pk}/submit")
    page.get_by_role("combobox", name="Vendor").fill("Casc")
    page.get_by_role("option", name=re.compile("Cascade Lumber")).click()
    page.get_by_role("combobox", name="Add material").fill("Pressure")
    page.get_by_role("option", name=re.compile("Pressure-treated")).click()
    page.get_by_label("Quantity, line 1").fill("1250")
    page.get_by_role("button", name="Add free-text line").click()
    page.get_by_label("Material, line 2").fill("Delivery to the north gate, after 7am")
    page.get_by_label("Unit cost, line 2").fill("75")
    page.get_by_label("Memo").fill("Call the site lead on arrival.")
    expect(page.get_by_label("Amount, line 1")).to_have_text("$1,543,200.00")
    assert page.evaluate(FITS), page.evaluate("document.documentElement.scrollWidth")

    page.get_by_role("button", name="Submit").click()
    expect(page).to_have_url(re.compile(r"/submissions/\d+$"))
    expect(page.get_by_role("heading", name="PO-1001", level=1)).to_be_visible()
    expect(page.get_by_role("tabpanel")).to_contain_text("$1,543,275.00")
    assert page.evaluate(FITS), page.evaluate("document.documentElement.scrollWidth")

    page.get_by_role("tab", name="Timeline").click()
    expect(page.get_by_role("list", name="Timeline")).to_contain_text("Submitted by Riley Crew")
    assert page.evaluate(FITS), page.evaluate("document.documentElement.scrollWidth")
    context.close()
