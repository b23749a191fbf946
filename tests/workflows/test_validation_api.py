"""The validation endpoints answer every problem at its path, from the very checks that saving runs,
and only for the caller's company."""

import json

import pytest
from rest_framework.test import APIClient

from tests.factories import VendorFactory, form_template
from tests.workflows.validation_corpus import CORPUS, SECTIONS, TEMPLATE_CORPUS, data_with
from workflows.models import FormSubmission, FormTemplate, FormType

pytestmark = pytest.mark.django_db


def post(client: APIClient, path: str, body) -> dict:
    """Send `body` as escaped JSON, so that lone surrogates reach the server as a browser's do."""
    response = client.generic("POST", path, json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def corpus_form(admin, admin_client):
    return form_template(admin=admin, name="Every type", sections=SECTIONS)


@pytest.mark.parametrize("entry", CORPUS, ids=lambda entry: f"{entry.path}={entry.value!r}"[:60])
def test_each_value_of_the_corpus_gets_the_servers_message_at_its_path(
    entry, admin, admin_client, corpus_form
):
    vendor = VendorFactory(company=admin.company)
    data = data_with(entry, vendor_id=vendor.pk)

    answer = post(admin_client, f"/api/form-templates/{corpus_form.pk}/validate/", data)

    expected = [] if entry.message is None else [(list(entry.path), entry.message)]
    assert [(problem["path"], problem["message"]) for problem in answer["errors"]] == expected
    # Submitting the same values is refused with the same message, at the same path as text.
    response = admin_client.generic(
        "POST", "/api/submissions/", json.dumps({"template": corpus_form.pk, "data": data}),
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == (201 if entry.message is None else 400)
    if entry.message is not None:
        assert entry.message in json.dumps(response.json(), ensure_ascii=False)


def test_a_missing_value_is_marked_required_and_every_problem_is_reported_at_once(
    admin_client, corpus_form
):
    answer = post(
        admin_client,
        f"/api/form-templates/{corpus_form.pk}/validate/",
        {"count": "0", "materials": [{"name": "", "quantity": "-2", "unit_cost": "1"}]},
    )

    assert answer["errors"] == [
        {"path": ["count"], "message": "Must be at least 1.", "code": "invalid"},
        {"path": ["vendor"], "message": "This field is required.", "code": "required"},
        {"path": ["materials", 0, "name"], "message": "Enter the material.", "code": "required"},
        {"path": ["materials", 0, "quantity"], "message": "Must be greater than 0.",
         "code": "invalid"},
    ]  # fmt: skip
    assert not FormSubmission.objects.exists()


def test_another_companys_template_is_not_found(other_admin, admin_client):
    theirs = form_template(admin=other_admin)
    response = admin_client.post(f"/api/form-templates/{theirs.pk}/validate/", {}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize(("sections", "path", "message"), TEMPLATE_CORPUS)
def test_template_definitions_get_the_message_of_saving_them(
    admin, admin_client, sections, path, message
):
    po = FormType.objects.get(company=admin.company, key="po")
    body = {"name": "Site PO", "form_type": po.pk, "sections": sections}

    answer = post(admin_client, "/api/form-templates/validate/", body)

    expected = [] if message is None else [(list(path), message)]
    assert [(problem["path"], problem["message"]) for problem in answer["errors"]] == expected
    response = admin_client.post("/api/form-templates/", body, format="json")
    assert response.status_code == (201 if message is None else 400)


def test_a_template_name_taken_is_a_problem_except_for_the_template_itself(
    admin, admin_client, corpus_form
):
    body = {"name": "every TYPE", "form_type": corpus_form.form_type_id, "sections": SECTIONS}

    answer = post(admin_client, "/api/form-templates/validate/", body)
    assert answer["errors"] == [
        {"path": ["name"], "message": 'A form named "every TYPE" already exists.',
         "code": "invalid"},
    ]  # fmt: skip
    assert post(admin_client, "/api/form-templates/validate/", {**body, "id": corpus_form.pk}) == {
        "errors": []
    }
    assert FormTemplate.objects.count() == 1


def test_another_companys_template_or_form_type_being_changed_is_not_found(
    admin, other_admin, admin_client
):
    theirs = form_template(admin=other_admin)
    body = {"id": theirs.pk, "name": "X", "form_type": theirs.form_type_id, "sections": SECTIONS}
    assert (
        admin_client.post("/api/form-templates/validate/", body, format="json").status_code == 404
    )
    response = admin_client.post(
        "/api/form-types/validate/", {"id": theirs.form_type_id, "name": "X"}, format="json"
    )
    assert response.status_code == 404


def test_form_types_get_the_problems_of_saving_them(admin, admin_client):
    po = FormType.objects.get(company=admin.company, key="po")

    answer = post(admin_client, "/api/form-types/validate/", {"name": "", "next_number": "twelve"})
    assert [(problem["path"], problem["code"]) for problem in answer["errors"]] == [
        (["name"], "blank"),
        (["next_number"], "invalid"),
    ]
    answer = post(admin_client, "/api/form-types/validate/", {"id": po.pk, "name": "Orders"})
    assert answer["errors"] == [
        {"path": ["name"], "message": "System form types keep their names.", "code": "invalid"}
    ]
    answer = post(admin_client, "/api/form-types/validate/", {"id": po.pk, "next_number": 5000})
    assert answer == {"errors": []}


def test_vendors_and_materials_get_the_problems_of_saving_them(admin, admin_client):
    vendor = VendorFactory(company=admin.company, name="Cascade Lumber")

    answer = post(
        admin_client, "/api/vendors/validate/", {"name": "cascade lumber", "email": "nope"}
    )
    assert [problem["path"] for problem in answer["errors"]] == [["email"]]
    answer = post(admin_client, "/api/vendors/validate/", {"name": "cascade lumber"})
    assert answer["errors"] == [
        {"path": ["name"], "message": 'A vendor named "cascade lumber" already exists.',
         "code": "invalid"},
    ]  # fmt: skip
    assert post(
        admin_client, "/api/vendors/validate/", {"id": vendor.pk, "name": "Cascade lumber"}
    ) == {"errors": []}
    answer = post(admin_client, "/api/materials/validate/", {"name": "Rebar", "unit_cost": "-1"})
    assert [problem["path"] for problem in answer["errors"]] == [["unit_cost"]]


def test_text_that_cannot_be_stored_is_a_problem_at_its_path(admin_client):
    answer = post(admin_client, "/api/vendors/validate/", {"name": "Cascade\x00"})
    assert answer["errors"] == [
        {
            "path": ["name"],
            "message": "Text cannot contain NUL characters or unpaired surrogates.",
            "code": "invalid",
        }
    ]
