"""Each field type's definition checks and value checks, through the service that uses them."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import (
    CompanyFactory,
    CustomerFactory,
    MaterialFactory,
    UserFactory,
    VendorFactory,
)
from workflows.forms.fields import check_sections, clean_submission_data

pytestmark = pytest.mark.django_db


def one_field(**definition):
    return [{"id": "main", "title": "", "fields": [{"id": "f", "label": "F", **definition}]}]


def clean(definition, value, company=None):
    company = company or CompanyFactory()
    fields = check_sections(one_field(**definition))[0]["fields"]
    return clean_submission_data(fields=fields, data={"f": value}, company=company)["f"]


def errors(definition, value, company=None):
    with pytest.raises(ValidationError) as raised:
        clean(definition, value, company)
    return raised.value.message_dict


@pytest.mark.parametrize(
    ("definition", "value", "stored"),
    [
        ({"type": "text"}, "  hello ", "hello"),
        ({"type": "long_text"}, "line 1\nline 2", "line 1\nline 2"),
        ({"type": "number"}, 3, "3"),
        ({"type": "number"}, "2.500", "2.5"),
        ({"type": "number", "min": 1, "max": 10}, 10, "10"),
        ({"type": "currency"}, 19.9, "19.90"),
        ({"type": "currency"}, "1000", "1000.00"),
        ({"type": "date"}, "2026-02-28", "2026-02-28"),
        ({"type": "yes_no"}, False, False),
        ({"type": "dropdown", "options": ["Low", "High"]}, "High", "High"),
    ],
)
def test_valid_values_are_stored_normalized(definition, value, stored):
    assert clean(definition, value) == stored


@pytest.mark.parametrize(
    ("definition", "value", "message"),
    [
        ({"type": "text"}, 12, "Enter text."),
        ({"type": "text", "max_length": 5}, "toolong", "Use at most 5 characters."),
        ({"type": "long_text"}, "x" * 5001, "Use at most 5000 characters."),
        ({"type": "number"}, "twelve", "Enter a number."),
        ({"type": "number"}, True, "Enter a number."),
        ({"type": "number"}, "Infinity", "Enter a finite number."),
        ({"type": "number"}, "NaN", "Enter a finite number."),
        ({"type": "number"}, "1e20", "This number is too large."),
        ({"type": "number", "min": 1}, 0, "Must be at least 1."),
        ({"type": "number", "max": 10}, 11, "Must be at most 10."),
        ({"type": "currency"}, "1.005", "Use at most 2 decimal places."),
        ({"type": "date"}, "2026-02-30", "Enter a real date."),
        ({"type": "date"}, "02/03/2026", "Enter a date as YYYY-MM-DD."),
        ({"type": "yes_no"}, "yes", "Choose yes or no."),
        ({"type": "dropdown", "options": ["Low", "High"]}, "Medium", "Choose one of the options."),
    ],
)
def test_invalid_values_are_refused_with_a_message(definition, value, message):
    assert errors(definition, value) == {"f": [message]}


def test_required_fields_must_have_a_value():
    sections = check_sections(
        [{"id": "s", "title": "", "fields": [
            {"id": "a", "type": "text", "label": "A", "required": True},
            {"id": "b", "type": "yes_no", "label": "B", "required": True},
            {"id": "c", "type": "text", "label": "C"},
        ]}]
    )  # fmt: skip
    with pytest.raises(ValidationError) as raised:
        clean_submission_data(
            fields=sections[0]["fields"], data={"a": " ", "c": ""}, company=CompanyFactory()
        )
    assert raised.value.message_dict == {
        "a": ["This field is required."],
        "b": ["This field is required."],
    }


def test_unknown_fields_are_refused():
    fields = check_sections(one_field(type="text"))[0]["fields"]
    with pytest.raises(ValidationError) as raised:
        clean_submission_data(fields=fields, data={"f": "x", "extra": 1}, company=CompanyFactory())
    assert raised.value.message_dict == {"extra": ["Unknown field."]}


def test_choose_vendors_one_or_many_of_own_company():
    company = CompanyFactory()
    acme, bolt = (
        VendorFactory(company=company, name="Acme"),
        VendorFactory(company=company, name="Bolt"),
    )
    foreign = VendorFactory()
    inactive = VendorFactory(company=company, active=False)
    assert clean({"type": "choose", "source": "vendors"}, acme.pk, company) == [
        {"id": acme.pk, "name": "Acme"}
    ]
    assert clean(
        {"type": "choose", "source": "vendors", "multiple": True}, [acme.pk, bolt.pk], company
    ) == [
        {"id": acme.pk, "name": "Acme"},
        {"id": bolt.pk, "name": "Bolt"},
    ]
    assert errors({"type": "choose", "source": "vendors"}, [acme.pk, bolt.pk], company) == {
        "f": ["Choose only one."]
    }
    assert errors({"type": "choose", "source": "vendors"}, foreign.pk, company) == {
        "f": [f"No active vendor with id {foreign.pk}."]
    }
    assert "f" in errors({"type": "choose", "source": "vendors"}, inactive.pk, company)
    assert "f" in errors({"type": "choose", "source": "vendors"}, "1", company)


def test_choose_users_and_materials():
    company = CompanyFactory()
    user = UserFactory(company=company, name="Jo Field")
    material = MaterialFactory(company=company, name="Nails")
    assert clean({"type": "choose", "source": "users"}, user.pk, company) == [
        {"id": user.pk, "name": "Jo Field"}
    ]
    assert clean({"type": "choose", "source": "materials"}, [material.pk], company) == [
        {"id": material.pk, "name": "Nails"}
    ]
    assert "f" in errors({"type": "choose", "source": "users"}, UserFactory().pk, company)


def test_choose_a_project_or_any_customer_stores_its_full_name():
    company = CompanyFactory()
    freeman = CustomerFactory(company=company, name="Freeman Sporting Goods")
    job = CustomerFactory(company=company, name="55 Twin Lane", parent=freeman)
    assert clean({"type": "choose", "source": "projects"}, job.pk, company) == [
        {"id": job.pk, "name": "Freeman Sporting Goods:55 Twin Lane"}
    ]
    assert clean({"type": "choose", "source": "customers"}, freeman.pk, company) == [
        {"id": freeman.pk, "name": "Freeman Sporting Goods"}
    ]
    assert errors({"type": "choose", "source": "projects"}, freeman.pk, company) == {
        "f": [f"No active project with id {freeman.pk}."]
    }
    foreign = CustomerFactory(name="Elsewhere")
    assert "f" in errors({"type": "choose", "source": "customers"}, foreign.pk, company)


def test_materials_table_rows_from_catalog_and_free_text():
    company = CompanyFactory()
    stud = MaterialFactory(
        company=company, name="Stud", unit="each", unit_cost="4.25", description="SPF"
    )
    rows = clean(
        {"type": "materials_table"},
        [
            {"material_id": stud.pk, "quantity": 10},
            {"material_id": stud.pk, "quantity": "2.5", "unit_cost": "4.00", "description": "cut"},
            {"name": "Delivery", "quantity": 1, "unit_cost": 75},
        ],
        company,
    )
    assert rows == [
        {"material_id": stud.pk, "name": "Stud", "description": "SPF", "quantity": "10",
         "unit": "each", "unit_cost": "4.25", "amount": "42.50"},
        {"material_id": stud.pk, "name": "Stud", "description": "cut", "quantity": "2.5",
         "unit": "each", "unit_cost": "4.00", "amount": "10.00"},
        {"material_id": None, "name": "Delivery", "description": "", "quantity": "1", "unit": "",
         "unit_cost": "75.00", "amount": "75.00"},
    ]  # fmt: skip


def test_materials_table_reports_each_problem_by_row_and_column():
    company = CompanyFactory()
    foreign = MaterialFactory()
    problems = errors(
        {"type": "materials_table", "allow_free_text": True},
        [
            {"name": "Ok", "quantity": 1, "unit_cost": 1},
            {"material_id": foreign.pk, "quantity": 1, "unit_cost": 1},
            {"name": "Zero", "quantity": 0, "unit_cost": "1"},
            {"name": "Neg", "quantity": 1, "unit_cost": "-1"},
            {"name": "Cents", "quantity": 1, "unit_cost": "1.234"},
            {"quantity": 1, "unit_cost": 1},
            {"name": "Extra", "quantity": 1, "unit_cost": 1, "color": "red"},
            {"material_id": True, "quantity": 1, "unit_cost": 1},
        ],
        company,
    )
    assert problems == {
        "f[1].material_id": ["Choose an active material of your company."],
        "f[2].quantity": ["Must be greater than 0."],
        "f[3].unit_cost": ["Must be at least 0."],
        "f[4].unit_cost": ["Use at most 2 decimal places."],
        "f[5].name": ["Enter the material."],
        "f[6].color": ["Unknown column."],
        "f[7].material_id": ["Choose an active material of your company."],
    }


def test_materials_table_without_free_text_needs_catalog_materials():
    problems = errors(
        {"type": "materials_table", "allow_free_text": False},
        [{"name": "X", "quantity": 1, "unit_cost": 1}],
    )
    assert problems == {"f[0].material_id": ["Choose a material from the catalog."]}


@pytest.mark.parametrize(
    ("sections", "path"),
    [
        ([], "sections"),
        ([{"id": "s", "title": "", "fields": []}], "sections"),
        (one_field(type="colour"), "sections[0].fields[0].type"),
        (one_field(type="text", label=""), "sections[0].fields[0].label"),
        (
            [{"id": "s", "title": "", "fields": [{"id": "Bad Id", "type": "text", "label": "x"}]}],
            "sections[0].fields[0].id",
        ),
        (one_field(type="dropdown"), "sections[0].fields[0].options"),
        (one_field(type="dropdown", options=["A", "a"]), "sections[0].fields[0].options[1]"),
        (one_field(type="choose", source="suppliers"), "sections[0].fields[0].source"),
        (one_field(type="number", min=5, max=1), "sections[0].fields[0].max"),
        (one_field(type="text", max_length=0), "sections[0].fields[0].max_length"),
        (one_field(type="text", options=["x"]), "sections[0].fields[0].options"),
        (one_field(type="text", required="yes"), "sections[0].fields[0].required"),
        ("nope", "sections"),
    ],
)
def test_bad_template_definitions_are_reported_by_path(sections, path):
    with pytest.raises(ValidationError) as raised:
        check_sections(sections)
    assert path in raised.value.message_dict


def test_duplicate_field_ids_are_refused():
    sections = [
        {"id": "a", "title": "", "fields": [{"id": "x", "type": "text", "label": "X"}]},
        {"id": "b", "title": "", "fields": [{"id": "x", "type": "date", "label": "Y"}]},
    ]
    with pytest.raises(ValidationError) as raised:
        check_sections(sections)
    assert raised.value.message_dict == {"sections[1].fields[0].id": ["Another field has this id."]}
