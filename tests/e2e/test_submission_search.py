"""The submissions list's search box in the browser."""

import re

from playwright.sync_api import Page, expect

from ontraccr_clone.accounts.models import User
from tests.factories import (
    CompanyFactory,
    MaterialFactory,
    UserFactory,
    VendorFactory,
    form_template,
)
from workflows.forms.services import submission_create


def test_search_by_po_number_and_by_vendor_finds_the_form(page: Page, sign_in) -> None:
    company = CompanyFactory.create()
    admin = UserFactory.create(company=company, role=User.Role.ADMIN)
    template = form_template(admin=admin)
    stud = MaterialFactory.create(company=company, name="2x4 Stud 8ft")
    for vendor_name, memo in (("Cascade Lumber", "North lot"), ("Harbor Steel", "Pier 9")):
        vendor = VendorFactory.create(company=company, name=vendor_name)
        data = {
            "vendor": vendor.pk,
            "materials": [{"material_id": stud.pk, "quantity": 2}],
            "memo": memo,
        }
        submission_create(actor=admin, template=template, data=data)

    sign_in(admin)
    page.goto("/submissions")
    rows = page.get_by_role("table", name="Submissions").get_by_role("row")
    expect(rows).to_have_count(3)

    search = page.get_by_role("searchbox", name="Search")
    search.fill("PO-1002")
    expect(page).to_have_url(re.compile(r"search=PO-1002"))
    expect(rows).to_have_count(2)
    expect(page.get_by_role("link", name="PO-1002")).to_be_visible()

    search.fill("cascade")
    expect(page).to_have_url(re.compile(r"search=cascade"))
    expect(rows).to_have_count(2)
    page.get_by_role("link", name="PO-1001").click()
    expect(page).to_have_url(re.compile(r"/submissions/\d+$"))
    expect(page.get_by_text("Cascade Lumber")).to_be_visible()

    page.go_back()
    expect(page.get_by_role("searchbox", name="Search")).to_have_value("cascade")
    expect(rows).to_have_count(2)
