"""Forms in the browser: an admin builds a purchase order, a member fills it in and finds it."""

import re

from playwright.sync_api import Page, expect

from ontraccr_clone.accounts.models import User
from ontraccr_clone.catalog.models import Material
from tests.factories import (
    CompanyFactory,
    MaterialFactory,
    UserFactory,
    VendorFactory,
    form_template,
)
from workflows.models import FormSubmission, FormTemplate


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def field_card(page: Page, label: str):
    return page.get_by_role("group", name=label, exact=True)


def test_admin_builds_a_purchase_order_and_a_member_submits_it(page: Page, sign_in) -> None:
    company = CompanyFactory.create(name="Harbor Builders")
    admin = UserFactory.create(company=company, role=User.Role.ADMIN)
    member = UserFactory.create(company=company, name="Morgan Member")
    VendorFactory.create(company=company, name="Cascade Lumber")
    MaterialFactory.create(company=company, name="2x4 Stud 8ft", unit="each", unit_cost="4.25")
    plywood = MaterialFactory.create(
        company=company, name="Plywood Sheet", unit="sheet", unit_cost="32.10"
    )

    # The admin builds the template: a materials table, then a vendor field dragged above it.
    sign_in(admin)
    page.goto("/forms")
    page.get_by_role("link", name="New form").click()
    page.get_by_label("Name").fill("Site Purchase Order")
    expect(page.get_by_label("Form type")).to_have_value(re.compile(r"\d+"))
    page.get_by_label("Section title").fill("Order")
    palette = page.get_by_role("list", name="Field types")

    palette.get_by_role("button", name="Materials table").click()
    field_card(page, "Materials table").get_by_label("Label").fill("Materials")
    field_card(page, "Materials").get_by_label("Required").check()

    palette.get_by_role("button", name="Choose one or more").click()
    vendor = field_card(page, "Choose one or more")
    vendor.get_by_label("Label").fill("Vendor")
    vendor = field_card(page, "Vendor")
    vendor.get_by_label("Required").check()
    expect(vendor.get_by_label("Source")).to_have_value("vendors")
    expect(vendor.get_by_text("vendor", exact=True)).to_be_visible()  # the id from the label

    names = page.locator(".builder-field-name")
    expect(names).to_have_text(["Materials", "Vendor"])
    page.get_by_title("Drag Vendor to reorder").drag_to(
        field_card(page, "Materials"), target_position={"x": 60, "y": 8}
    )
    expect(names).to_have_text(["Vendor", "Materials"])

    palette.get_by_role("button", name="Long text").click()
    field_card(page, "Long text").get_by_label("Label").fill("Memo")
    page.get_by_role("button", name="Move Memo up").click()
    expect(names).to_have_text(["Vendor", "Memo", "Materials"])
    page.get_by_role("button", name="Move Memo down").click()
    expect(names).to_have_text(["Vendor", "Materials", "Memo"])

    page.get_by_role("tab", name="Preview").click()
    expect(page.get_by_role("combobox", name="Vendor")).to_be_visible()
    expect(page.get_by_role("button", name="Submit")).to_be_disabled()
    page.get_by_role("tab", name="Build").click()

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Saved — version 1")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/forms/\d+/edit$"))
    template = FormTemplate.objects.get(company=company, name="Site Purchase Order")
    fields = template.versions.get().sections[0]["fields"]
    assert [(field["id"], field["type"]) for field in fields] == [
        ("vendor", "choose"),
        ("materials", "materials_table"),
        ("memo", "long_text"),
    ]
    sign_out(page)

    # The member fills it in: three lines, one of them free text.
    sign_in(member)
    page.goto("/forms")
    page.get_by_role("link", name="Fill out Site Purchase Order").click()
    add_material = page.get_by_role("combobox", name="Add material")
    add_material.fill("2x4")
    page.get_by_role("option", name=re.compile("2x4 Stud 8ft")).click()
    page.get_by_role("button", name="Add free-text line").click()
    page.get_by_label("Material, line 2").fill("Rebar chairs 3in")
    page.get_by_label("Quantity, line 2").fill("200")
    page.get_by_label("Unit, line 2").fill("each")
    page.get_by_label("Unit cost, line 2").fill("0.35")
    add_material.fill("Plywood")
    page.get_by_role("option", name=re.compile("Plywood Sheet")).click()
    expect(page.get_by_label("Unit cost, line 3")).to_have_value("32.10")
    page.get_by_label("Quantity, line 3").fill("3")
    page.get_by_label("Quantity, line 1").fill("0")
    page.get_by_label("Memo").fill("Deliver to the east gate.")

    # Quantity 0 and no vendor: the errors show beside their inputs and nothing is lost.
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("combobox", name="Vendor")).to_have_accessible_description(
        "This field is required."
    )
    expect(page.get_by_label("Quantity, line 1")).to_have_accessible_description(
        "Must be greater than 0."
    )
    expect(page.get_by_label("Material, line 2")).to_have_value("Rebar chairs 3in")
    expect(page.get_by_label("Memo")).to_have_value("Deliver to the east gate.")
    assert not FormSubmission.objects.exists()

    page.get_by_label("Quantity, line 1").fill("10")
    page.get_by_role("combobox", name="Vendor").fill("Casc")
    page.get_by_role("option", name=re.compile("Cascade Lumber")).click()
    expect(page.get_by_role("group", name="Vendor: Cascade Lumber")).to_be_visible()
    expect(page.get_by_label("Amount, line 1")).to_have_text("$42.50")
    expect(page.get_by_label("Amount, line 2")).to_have_text("$70.00")
    expect(page.get_by_label("Amount, line 3")).to_have_text("$96.30")
    expect(page.get_by_label("Materials total")).to_have_text("$208.80")

    # The server's own error (the plywood was deactivated meanwhile) lands on its line.
    Material.objects.filter(pk=plywood.pk).update(active=False)
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("row").filter(has_text="Plywood Sheet")).to_contain_text(
        "Choose an active material of your company."
    )
    expect(page.get_by_label("Quantity, line 3")).to_have_value("3")
    Material.objects.filter(pk=plywood.pk).update(active=True)

    page.get_by_role("button", name="Submit").click()
    expect(page).to_have_url(re.compile(r"/submissions/\d+$"))
    expect(page.get_by_role("status")).to_have_text("PO-1001 submitted")
    submission = FormSubmission.objects.get()
    assert [line["amount"] for line in submission.data["materials"]] == [
        "42.50",
        "70.00",
        "96.30",
    ]
    assert submission.data["vendor"] == [
        {"id": submission.data["vendor"][0]["id"], "name": "Cascade Lumber"}
    ]

    # The member finds it in the list and opens it.
    page.get_by_role("link", name="All submissions").click()
    page.get_by_label("Form").select_option(label="Site Purchase Order")
    expect(page).to_have_url(re.compile(rf"template={template.pk}"))
    row = page.get_by_role("row").filter(has_text="PO-1001")
    expect(row).to_contain_text("Morgan Member")
    expect(row).to_contain_text("Submitted")
    row.get_by_role("link", name="PO-1001").click()

    expect(page.get_by_role("heading", name="PO-1001", level=1)).to_be_visible()
    fields_panel = page.get_by_role("tabpanel")
    expect(fields_panel).to_contain_text("Cascade Lumber")
    expect(fields_panel).to_contain_text("Rebar chairs 3in")
    expect(fields_panel.get_by_role("row").filter(has_text="Total")).to_contain_text("$208.80")
    page.get_by_role("tab", name="Timeline").click()
    expect(page.get_by_role("list", name="Timeline")).to_contain_text("Submitted by Morgan Member")


def test_builder_shows_the_servers_error_beside_the_name_and_keeps_the_fields(
    page: Page, sign_in
) -> None:
    company = CompanyFactory.create()
    admin = UserFactory.create(company=company, role=User.Role.ADMIN)
    form_template(admin=admin, name="Purchase Order")
    sign_in(admin)

    page.goto("/forms/new")
    page.get_by_label("Name").fill("purchase order")
    page.get_by_role("list", name="Field types").get_by_role("button", name="Date").click()
    field_card(page, "Date").get_by_label("Label").fill("Due Date")
    page.get_by_role("button", name="Save").click()

    name = page.get_by_label("Name")
    expect(name).to_have_accessible_description(re.compile("already exists"))
    expect(name).to_have_value("purchase order")
    expect(field_card(page, "Due Date").get_by_label("Label")).to_have_value("Due Date")
    expect(page.get_by_text("due_date", exact=True)).to_be_visible()
    assert FormTemplate.objects.filter(company=company).count() == 1


def test_member_can_fill_out_forms_but_not_build_them(page: Page, sign_in) -> None:
    company = CompanyFactory.create()
    admin = UserFactory.create(company=company, role=User.Role.ADMIN)
    template = form_template(admin=admin, name="Purchase Order")
    sign_in(UserFactory.create(company=company))

    page.goto("/forms")
    expect(page.get_by_role("link", name="Fill out Purchase Order")).to_be_visible()
    expect(page.get_by_role("link", name="New form")).to_have_count(0)
    expect(page.get_by_role("link", name="Edit Purchase Order")).to_have_count(0)

    page.goto(f"/forms/{template.pk}/edit")
    expect(page.get_by_role("heading", name="Only admins can build forms")).to_be_visible()
    assert template.versions.count() == 1
