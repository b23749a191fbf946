"""Filling in a purchase order in the browser: nothing typed is dropped or silently changed."""

import re

import pytest
from playwright.sync_api import Page, expect

from ontraccr_clone.accounts.models import User
from tests.factories import (
    CompanyFactory,
    MaterialFactory,
    UserFactory,
    VendorFactory,
    form_template,
)
from workflows.models import FormSubmission


@pytest.fixture
def po_page(page: Page, sign_in):
    """A member on the submit page of a PO form (vendor, materials, memo, due date)."""
    company = CompanyFactory.create()
    admin = UserFactory.create(company=company, role=User.Role.ADMIN)
    member = UserFactory.create(company=company)
    VendorFactory.create(company=company, name="Cascade Lumber")
    VendorFactory.create(company=company, name="Harbor Steel")
    MaterialFactory.create(company=company, name="2x4 Stud 8ft", unit_cost="3.70")
    template = form_template(admin=admin)
    sign_in(member)
    page.goto(f"/forms/{template.pk}/submit")
    expect(page.get_by_role("heading", name="Purchase Order", level=1)).to_be_visible()
    return page


def _choose_vendor(page: Page, name: str) -> None:
    page.get_by_role("combobox", name="Vendor").fill(name[:4])
    page.get_by_role("option", name=re.compile(name)).click()


def _add_stud(page: Page) -> None:
    page.get_by_role("combobox", name="Add material").fill("Stud")
    page.get_by_role("option", name=re.compile("2x4 Stud")).click()


def test_an_impossible_due_date_is_an_error_at_the_field_and_nothing_is_sent(po_page: Page) -> None:
    page = po_page
    _choose_vendor(page, "Cascade Lumber")
    _add_stud(page)
    page.get_by_label("Due Date").click()
    page.keyboard.type("02312026")
    page.get_by_role("button", name="Submit").click()

    expect(page.get_by_label("Due Date")).to_have_accessible_description("Enter a real date.")
    expect(page.get_by_label("Due Date")).to_be_focused()
    assert not FormSubmission.objects.exists()


def test_a_memo_past_its_limit_is_kept_whole_with_a_counter_and_an_error(po_page: Page) -> None:
    page = po_page
    memo = page.get_by_label("Memo")
    memo.fill("a" * 4100)
    expect(page.get_by_text("4,100 of 5,000 characters")).to_be_visible()
    memo.fill("b" * 5010)  # as a paste
    expect(memo).to_have_value("b" * 5010)
    expect(memo).to_have_accessible_description("Use at most 5000 characters.")


def test_amount_problems_show_at_the_cell_at_once_and_clear_when_fixed(po_page: Page) -> None:
    page = po_page
    _add_stud(page)
    quantity = page.get_by_label("Quantity, line 1")
    quantity.fill("-2")
    expect(quantity).to_have_accessible_description("Must be greater than 0.")
    expect(page.get_by_label("Amount, line 1")).to_have_text("—")
    quantity.fill("2")
    expect(quantity).not_to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Amount, line 1")).to_have_text("$7.40")
    cost = page.get_by_label("Unit cost, line 1")
    cost.fill("1.555")
    expect(cost).to_have_accessible_description("Use at most 2 decimal places.")
    quantity.fill("1" * 25)
    expect(quantity).to_have_accessible_description("This number is too large.")


def test_errors_follow_the_edits_after_the_first_submit(po_page: Page) -> None:
    page = po_page
    _add_stud(page)
    quantity = page.get_by_label("Quantity, line 1")
    quantity.fill("-2")
    page.get_by_role("button", name="Submit").click()
    vendor = page.get_by_role("combobox", name="Vendor")
    expect(vendor).to_have_accessible_description("This field is required.")
    expect(vendor).to_be_focused()
    quantity.fill("2")
    expect(quantity).not_to_have_attribute("aria-invalid", "true")
    _choose_vendor(page, "Cascade Lumber")
    expect(page.get_by_text("This field is required.")).to_have_count(0)


def test_focus_goes_to_the_empty_materials_table_and_to_a_new_line(po_page: Page) -> None:
    page = po_page
    _choose_vendor(page, "Cascade Lumber")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("combobox", name="Add material")).to_be_focused()
    page.get_by_role("button", name="Add free-text line").click()
    expect(page.get_by_label("Material, line 1")).to_be_focused()


def test_a_single_vendor_choice_shows_the_one_chosen_and_changes_it(po_page: Page) -> None:
    page = po_page
    expect(page.get_by_role("combobox", name="Vendor")).to_have_accessible_description(
        "Choose one vendor."
    )
    _choose_vendor(page, "Cascade Lumber")
    expect(page.get_by_role("group", name="Vendor: Cascade Lumber")).to_be_visible()
    page.get_by_role("button", name="Change Vendor: Cascade Lumber").click()
    expect(page.get_by_role("combobox", name="Vendor")).to_be_focused()
    _choose_vendor(page, "Harbor Steel")
    expect(page.get_by_role("group", name="Vendor: Harbor Steel")).to_be_visible()
    expect(page.get_by_text("Cascade Lumber")).to_have_count(0)


def test_a_half_filled_form_left_behind_is_offered_back(po_page: Page) -> None:
    page = po_page
    url = page.url
    _choose_vendor(page, "Cascade Lumber")
    page.get_by_label("Memo").fill("Deliver to the east gate.")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Vendors").click()
    expect(page.get_by_role("heading", name="Vendors", level=1)).to_be_visible()

    page.goto(url)
    page.get_by_role("button", name="Restore draft").click()
    expect(page.get_by_label("Memo")).to_have_value("Deliver to the east gate.")
    expect(page.get_by_role("group", name="Vendor: Cascade Lumber")).to_be_visible()
    _add_stud(page)
    page.get_by_role("button", name="Submit").click()
    expect(page).to_have_url(re.compile(r"/submissions/\d+$"))

    page.goto(url)
    expect(page.get_by_role("heading", name="Purchase Order", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Restore draft")).to_have_count(0)
