"""Vendors and materials in the browser: admins create them, members only read them."""

import re

from playwright.sync_api import Page, expect

from ontraccr_clone.accounts.models import User
from ontraccr_clone.catalog.models import Material, Vendor
from tests.factories import CompanyFactory, UserFactory, VendorFactory


def test_admin_creates_a_vendor_and_a_material_and_sees_them_listed(page: Page, sign_in) -> None:
    company = CompanyFactory.create(name="Harbor Builders")
    admin = UserFactory.create(company=company, role=User.Role.ADMIN)
    sign_in(admin)

    page.get_by_role("navigation").get_by_role("link", name="Vendors").click()
    expect(page).to_have_url(re.compile(r"/vendors$"))
    page.get_by_role("button", name="New vendor").click()
    dialog = page.get_by_role("dialog", name="New vendor")
    dialog.get_by_label("Name").fill("Cascade Lumber")
    dialog.get_by_label("Email").fill("orders@cascade.example")
    dialog.get_by_label("Phone").fill("555-0110")
    dialog.get_by_role("button", name="Create vendor").click()

    expect(dialog).to_be_hidden()
    expect(page.get_by_text("Vendor “Cascade Lumber” created.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Cascade Lumber")
    expect(row).to_contain_text("orders@cascade.example")
    expect(row).to_contain_text("Active")
    assert Vendor.objects.get(company=company).name == "Cascade Lumber"

    page.get_by_role("navigation").get_by_role("link", name="Materials").click()
    page.get_by_role("button", name="New material").click()
    dialog = page.get_by_role("dialog", name="New material")
    dialog.get_by_label("Name").fill("Copper Pipe 1/2in")
    dialog.get_by_label("Unit", exact=True).fill("ft")
    dialog.get_by_label("Unit cost").fill("3.75")
    dialog.get_by_role("button", name="Create material").click()

    expect(dialog).to_be_hidden()
    row = page.get_by_role("row").filter(has_text="Copper Pipe 1/2in")
    expect(row).to_contain_text("ft")
    expect(row).to_contain_text("$3.75")
    material = Material.objects.get(company=company)
    assert (material.name, str(material.unit_cost)) == ("Copper Pipe 1/2in", "3.75")


def test_duplicate_vendor_name_shows_the_field_error_and_keeps_the_values(
    page: Page, sign_in
) -> None:
    company = CompanyFactory.create()
    VendorFactory.create(company=company, name="Cascade Lumber")
    sign_in(UserFactory.create(company=company, role=User.Role.ADMIN))

    page.goto("/vendors")
    page.get_by_role("button", name="New vendor").click()
    dialog = page.get_by_role("dialog", name="New vendor")
    dialog.get_by_label("Name").fill("cascade lumber")
    dialog.get_by_label("Phone").fill("555-0111")
    dialog.get_by_role("button", name="Create vendor").click()

    name = dialog.get_by_label("Name")
    expect(name).to_have_accessible_description(re.compile("already exists"))
    expect(name).to_have_value("cascade lumber")
    expect(dialog.get_by_label("Phone")).to_have_value("555-0111")
    assert Vendor.objects.filter(company=company).count() == 1


def test_member_sees_the_vendors_but_cannot_change_them(page: Page, sign_in) -> None:
    company = CompanyFactory.create()
    VendorFactory.create(company=company, name="Cascade Lumber")
    VendorFactory.create(name="Another Company's Vendor")
    sign_in(UserFactory.create(company=company, role=User.Role.MEMBER))

    page.goto("/vendors")

    expect(page.get_by_role("row").filter(has_text="Cascade Lumber")).to_be_visible()
    expect(page.get_by_text("1\N{EN DASH}1 of 1 vendors")).to_be_visible()
    expect(page.get_by_text("Another Company's Vendor")).to_have_count(0)
    expect(page.get_by_role("button", name="New vendor")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^(Edit|Deactivate)"))).to_have_count(0)


def test_admin_deactivates_a_vendor_and_finds_it_under_inactive(page: Page, sign_in) -> None:
    company = CompanyFactory.create()
    VendorFactory.create(company=company, name="Cascade Lumber")
    sign_in(UserFactory.create(company=company, role=User.Role.ADMIN))

    page.goto("/vendors")
    page.get_by_role("button", name="Deactivate Cascade Lumber").click()

    expect(page.get_by_text("Vendor “Cascade Lumber” deactivated.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Cascade Lumber")).to_have_count(0)
    page.get_by_role("radio", name="Inactive").check()
    expect(page.get_by_role("button", name="Reactivate Cascade Lumber")).to_be_visible()
    assert not Vendor.objects.get(company=company).active
