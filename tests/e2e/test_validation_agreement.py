"""The browser shows the server's own messages: the corpus's values typed into the real form find,
at their inputs, exactly what the server says of each."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from ontraccr_clone.accounts.models import User
from ontraccr_clone.problems import InvalidInput
from tests.factories import CompanyFactory, UserFactory, VendorFactory, form_template
from tests.workflows.validation_corpus import CORPUS, SECTIONS, Entry, data_with
from workflows.forms.fields import clean_submission_data

LABELS = {"title": "Title", "memo": "Memo", "count": "Count", "price": "Price"}
COLUMNS = {"name": "Material", "quantity": "Quantity", "unit_cost": "Unit cost", "unit": "Unit"}
GOOD_LINE = {"name": "Rebar chairs", "quantity": "1", "unit_cost": "1", "unit": ""}


@pytest.fixture
def corpus_page(page: Page, sign_in):
    """An admin on the submit page of a form with a field of every type."""
    company = CompanyFactory.create()
    admin = UserFactory.create(company=company, role=User.Role.ADMIN, name="Avery Admin")
    UserFactory.create(company=company, name="Jordan Crew")
    vendor = VendorFactory.create(company=company, name="Cascade Lumber")
    template = form_template(admin=admin, name="Every type", sections=SECTIONS)
    sign_in(admin)
    page.goto(f"/forms/{template.pk}/submit")
    expect(page.get_by_role("heading", name="Every type", level=1)).to_be_visible()
    return page, template, vendor


def servers_message(entry: Entry, template, vendor) -> str | None:
    """What the server's own check says of the entry's value at its path."""
    version = template.latest_version
    data = data_with(entry, vendor_id=vendor.pk)
    try:
        clean_submission_data(fields=version.fields, data=data, company=template.company)
    except InvalidInput as invalid:
        return next(problem.message for problem in invalid.problems if problem.path == entry.path)
    return None


def input_of(page: Page, entry: Entry) -> Locator:
    if entry.path[0] == "materials":
        return page.get_by_label(f"{COLUMNS[str(entry.path[2])]}, line 1")
    if entry.path[0] == "due_date":
        return page.get_by_label("Due date")
    return page.get_by_label(LABELS[str(entry.path[0])], exact=True)


def type_value(page: Page, entry: Entry) -> None:
    field = input_of(page, entry)
    if entry.typed_as is not None:
        field.fill("")
        field.focus()  # on its first part, the month
        page.keyboard.type(entry.typed_as)
        field.blur()  # the date input says whether it could read the date on leaving it
    else:
        field.fill(entry.value)


def test_the_form_shows_the_servers_message_for_each_value_typed(corpus_page) -> None:
    page, template, vendor = corpus_page
    page.get_by_role("button", name="Add free-text line").click()
    for column, text in GOOD_LINE.items():
        page.get_by_label(f"{COLUMNS[column]}, line 1").fill(text)
    # After the first Submit every problem shows, a missing value's too.
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("combobox", name="Vendor")).to_have_accessible_description(
        "This field is required."
    )
    page.get_by_role("combobox", name="Vendor").fill("Casc")
    page.get_by_role("option", name=re.compile("Cascade Lumber")).click()

    typed = [entry for entry in CORPUS if entry.typed]
    assert len(typed) > 20
    for entry in typed:
        message = servers_message(entry, template, vendor)
        assert message == entry.message, entry
        type_value(page, entry)
        field = input_of(page, entry)
        if message is None:
            expect(field).not_to_have_attribute("aria-invalid", "true")
        else:
            expect(field).to_have_accessible_description(message)
        if entry.path[0] == "materials":
            field.fill(GOOD_LINE[str(entry.path[2])])
            expect(field).not_to_have_attribute("aria-invalid", "true")


def test_one_choice_shows_the_one_chosen_and_several_show_chips(corpus_page) -> None:
    page, template, _ = corpus_page
    vendor = page.get_by_role("combobox", name="Vendor")
    expect(vendor).to_have_accessible_description("Choose one vendor.")
    vendor.fill("Casc")
    page.get_by_role("option", name=re.compile("Cascade Lumber")).click()
    expect(page.get_by_role("group", name="Vendor: Cascade Lumber")).to_be_visible()
    expect(page.get_by_role("combobox", name="Vendor")).to_have_count(0)

    crew = page.get_by_role("combobox", name="Crew")
    expect(crew).to_have_accessible_description("Choose one or more people.")
    for name in ("Avery Admin", "Jordan Crew"):
        crew.fill(name[:3])
        page.get_by_role("option", name=re.compile(name)).click()
    chips = page.get_by_role("list", name="Chosen people")
    expect(chips.get_by_role("listitem")).to_have_text(
        [re.compile("Avery Admin"), re.compile("Jordan Crew")]
    )

    page.goto(f"/forms/{template.pk}/edit")
    builder_vendor = page.get_by_role("group", name="Vendor", exact=True)
    expect(builder_vendor.get_by_label("How many")).to_have_value("one")
    expect(builder_vendor.get_by_label("How many").locator("option:checked")).to_have_text("One")
    builder_crew = page.get_by_role("group", name="Crew", exact=True)
    expect(builder_crew.get_by_label("How many").locator("option:checked")).to_have_text(
        "One or more"
    )
