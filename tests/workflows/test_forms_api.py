import threading

import pytest
from django.db import connection

from ontraccr_clone.accounts.models import User
from tests.factories import (
    MaterialFactory,
    UserFactory,
    VendorFactory,
    form_template,
    purchase_order_sections,
)
from workflows.forms.services import submission_create
from workflows.models import FormSubmission, FormTemplateVersion, FormType, TimelineEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def po_template(admin):
    return form_template(admin=admin)


@pytest.fixture
def po_data(admin):
    vendor = VendorFactory(company=admin.company, name="Acme Lumber")
    stud = MaterialFactory(company=admin.company, name="Stud", unit_cost="4.25")
    drywall = MaterialFactory(company=admin.company, name="Drywall", unit_cost="12.98")
    return {
        "vendor": vendor.pk,
        "materials": [
            {"material_id": stud.pk, "quantity": 10},
            {"material_id": drywall.pk, "quantity": 3, "unit_cost": "12.50"},
            {"name": "Delivery fee", "quantity": 1, "unit_cost": "75"},
        ],
        "memo": "Unit 4B",
        "due_date": "2026-12-01",
    }


def test_companies_start_with_the_system_form_types(member_client):
    types = member_client.get("/api/form-types/").json()
    assert {(t["key"], t["number_prefix"]) for t in types} == {
        ("po", "PO-"), ("invoice", "INV-"), ("work_order", "WO-"), ("general", "F-"),
    }  # fmt: skip
    assert all(t["is_system"] and t["next_number"] == 1001 for t in types)


def test_admin_adds_a_custom_form_type_and_changes_numbering(admin_client, member_client):
    created = admin_client.post(
        "/api/form-types/",
        {"name": "Change Order", "number_prefix": "CO-", "next_number": 50},
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["key"] == "change-order"
    duplicate = admin_client.post("/api/form-types/", {"name": "change order"}, format="json")
    assert duplicate.status_code == 400 and "name" in duplicate.json()
    assert (
        member_client.post("/api/form-types/", {"name": "Mine"}, format="json").status_code == 403
    )
    po = next(t for t in admin_client.get("/api/form-types/").json() if t["key"] == "po")
    renamed = admin_client.patch(f"/api/form-types/{po['id']}/", {"name": "Orders"}, format="json")
    assert renamed.status_code == 400 and "name" in renamed.json()
    renumbered = admin_client.patch(
        f"/api/form-types/{po['id']}/", {"next_number": 5000}, format="json"
    )
    assert renumbered.json()["next_number"] == 5000
    assert (
        admin_client.patch(
            f"/api/form-types/{po['id']}/", {"next_number": 0}, format="json"
        ).status_code
        == 400
    )


def test_admin_creates_a_po_template_and_members_can_read_it(admin_client, member_client, admin):
    po_type = FormType.objects.get(company=admin.company, key="po")
    response = admin_client.post(
        "/api/form-templates/",
        {"name": "Purchase Order", "form_type": po_type.pk, "sections": purchase_order_sections()},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["form_type"]["key"] == "po"
    assert body["version"]["number"] == 1
    assert [f["id"] for f in body["version"]["sections"][0]["fields"]] == [
        "vendor",
        "materials",
        "memo",
        "due_date",
    ]
    listed = member_client.get("/api/form-templates/").json()
    assert [t["name"] for t in listed] == ["Purchase Order"]
    assert (
        member_client.post(
            "/api/form-templates/",
            {"name": "X", "form_type": po_type.pk, "sections": purchase_order_sections()},
            format="json",
        ).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"form_type": 1, "sections": []}, "name"),
        ({"name": "X", "sections": []}, "form_type"),
        ({"name": "X", "form_type": 999999, "sections": purchase_order_sections()}, "form_type"),
        ({"name": "X", "form_type": "po", "sections": purchase_order_sections()}, "form_type"),
        ({"name": "X", "form_type": None, "sections": purchase_order_sections()}, "form_type"),
    ],
)
def test_bad_template_input_answers_400(admin_client, body, field):
    response = admin_client.post("/api/form-templates/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_bad_field_definitions_answer_400_by_path(admin_client, admin):
    po_type = FormType.objects.get(company=admin.company, key="po")
    sections = purchase_order_sections()
    sections[0]["fields"][0]["source"] = "planets"
    response = admin_client.post(
        "/api/form-templates/",
        {"name": "X", "form_type": po_type.pk, "sections": sections},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "sections[0].fields[0].source": ["Choose vendors, users, materials, customers or projects."]
    }


def test_saving_changed_fields_makes_a_new_version_and_old_submissions_keep_theirs(
    admin_client, admin, po_template, po_data
):
    first = submission_create(actor=admin, template=po_template, data=po_data)
    sections = purchase_order_sections()
    sections[0]["fields"].append({"id": "job", "type": "text", "label": "Job", "required": True})
    body = {"name": "Purchase Order", "form_type": po_template.form_type_id, "sections": sections}
    saved = admin_client.put(f"/api/form-templates/{po_template.pk}/", body, format="json").json()
    assert saved["version"]["number"] == 2
    again = admin_client.put(f"/api/form-templates/{po_template.pk}/", body, format="json").json()
    assert again["version"]["number"] == 2
    assert FormTemplateVersion.objects.filter(template=po_template).count() == 2
    detail = admin_client.get(f"/api/submissions/{first.pk}/").json()
    assert detail["template"]["version"] == 1
    assert [f["id"] for f in detail["sections"][0]["fields"]] == [
        "vendor",
        "materials",
        "memo",
        "due_date",
    ]
    missing_job = admin_client.post(
        "/api/submissions/", {"template": po_template.pk, "data": po_data}, format="json"
    )
    assert missing_job.json() == {"job": ["This field is required."]}


def test_member_submits_a_po_with_three_lines(member_client, member, po_template, po_data):
    response = member_client.post(
        "/api/submissions/", {"template": po_template.pk, "data": po_data}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == "PO-1001"
    assert body["status"] == "Submitted"
    assert body["submitted_by"]["id"] == member.pk
    assert body["data"]["vendor"] == [{"id": po_data["vendor"], "name": "Acme Lumber"}]
    assert [row["amount"] for row in body["data"]["materials"]] == ["42.50", "37.50", "75.00"]
    timeline = member_client.get(f"/api/submissions/{body['id']}/timeline/").json()
    assert [(event["kind"], event["message"]) for event in timeline] == [
        ("submitted", f"Submitted by {member.display_name}")
    ]


def test_invalid_submission_answers_400_by_path_and_saves_nothing(
    member_client, po_template, po_data
):
    po_data["materials"][1]["quantity"] = -2
    po_data["materials"][2]["unit_cost"] = "7.123"
    del po_data["vendor"]
    po_data["due_date"] = "2026-13-01"
    response = member_client.post(
        "/api/submissions/", {"template": po_template.pk, "data": po_data}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "vendor": ["This field is required."],
        "materials[1].quantity": ["Must be greater than 0."],
        "materials[2].unit_cost": ["Use at most 2 decimal places."],
        "due_date": ["Enter a real date."],
    }
    assert FormSubmission.objects.count() == 0
    assert TimelineEvent.objects.count() == 0
    assert FormType.objects.get(key="po", company=po_template.company).next_number == 1001


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"template": "x", "data": {}},
        {"template": 1},
        {"template": 999999, "data": {}},
        {"data": []},
    ],
)
def test_malformed_submission_requests_answer_400(member_client, po_template, body):
    assert member_client.post("/api/submissions/", body, format="json").status_code == 400


def test_data_must_be_an_object(member_client, po_template):
    response = member_client.post(
        "/api/submissions/", {"template": po_template.pk, "data": [1]}, format="json"
    )
    assert response.json() == {"data": ["Send the form's values as an object."]}


def test_archived_templates_take_no_submissions(admin_client, po_template, po_data):
    admin_client.post(f"/api/form-templates/{po_template.pk}/archive/")
    response = admin_client.post(
        "/api/submissions/", {"template": po_template.pk, "data": po_data}, format="json"
    )
    assert response.status_code == 400 and "template" in response.json()


def test_numbers_follow_the_form_type(admin, po_template, po_data):
    numbers = [
        submission_create(actor=admin, template=po_template, data=po_data).number for _ in range(3)
    ]
    assert numbers == ["PO-1001", "PO-1002", "PO-1003"]
    log_fields = [{"id": "t", "type": "text", "label": "T"}]
    other = form_template(
        admin=admin, key="general", name="Daily log",
        sections=[{"id": "s", "title": "", "fields": log_fields}],
    )  # fmt: skip
    assert submission_create(actor=admin, template=other, data={"t": "x"}).number == "F-1001"


def test_list_filters_and_paginates_newest_first(admin_client, admin, member, po_template, po_data):
    for actor in (admin, member, member):
        submission_create(actor=actor, template=po_template, data=po_data)
    listed = admin_client.get("/api/submissions/").json()
    assert [s["number"] for s in listed["results"]] == ["PO-1003", "PO-1002", "PO-1001"]
    mine = admin_client.get(f"/api/submissions/?submitted_by={member.pk}").json()
    assert mine["count"] == 2
    by_template = admin_client.get(
        f"/api/submissions/?template={po_template.pk}&page_size=2"
    ).json()
    assert by_template["count"] == 3 and len(by_template["results"]) == 2 and by_template["next"]
    assert admin_client.get("/api/submissions/?status=submitted").json()["count"] == 3
    assert admin_client.get("/api/submissions/?status=Approved").json()["count"] == 0
    assert admin_client.get("/api/submissions/statuses/").json() == ["Submitted"]
    assert admin_client.get("/api/submissions/?template=abc").status_code == 400


def test_tenants_never_see_each_others_forms(
    other_client, other_admin, admin, po_template, po_data
):
    submission = submission_create(actor=admin, template=po_template, data=po_data)
    po_type = po_template.form_type
    assert other_client.get(f"/api/submissions/{submission.pk}/").status_code == 404
    assert other_client.get(f"/api/submissions/{submission.pk}/timeline/").status_code == 404
    assert other_client.get(f"/api/form-templates/{po_template.pk}/").status_code == 404
    assert (
        other_client.put(
            f"/api/form-templates/{po_template.pk}/",
            {"name": "Mine", "form_type": po_type.pk, "sections": purchase_order_sections()},
            format="json",
        ).status_code
        == 404
    )
    assert other_client.get(f"/api/form-types/{po_type.pk}/").status_code == 404
    assert (
        other_client.patch(
            f"/api/form-types/{po_type.pk}/", {"next_number": 1}, format="json"
        ).status_code
        == 404
    )
    assert other_client.get("/api/submissions/").json()["count"] == 0
    assert other_client.get("/api/form-templates/").json() == []
    submitted = other_client.post(
        "/api/submissions/", {"template": po_template.pk, "data": po_data}, format="json"
    )
    assert submitted.status_code == 400 and "template" in submitted.json()
    own_type = FormType.objects.get(company=other_admin.company, key="po")
    foreign_vendor = other_client.post(
        "/api/form-templates/",
        {"name": "PO", "form_type": own_type.pk, "sections": purchase_order_sections()},
        format="json",
    ).json()
    response = other_client.post(
        "/api/submissions/", {"template": foreign_vendor["id"], "data": po_data}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {
        "vendor",
        "materials[0].material_id",
        "materials[1].material_id",
    }


def test_field_type_catalog(member_client):
    keys = [t["key"] for t in member_client.get("/api/field-types/").json()]
    assert keys == [
        "text",
        "long_text",
        "number",
        "currency",
        "date",
        "yes_no",
        "dropdown",
        "choose",
        "materials_table",
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_never_share_a_number(admin, po_template, po_data):
    submitters = [UserFactory(company=admin.company, role=User.Role.MEMBER) for _ in range(8)]
    barrier = threading.Barrier(len(submitters))
    numbers, failures = [], []

    def submit(user):
        try:
            barrier.wait()
            numbers.append(submission_create(actor=user, template=po_template, data=po_data).number)
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(user,)) for user in submitters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(numbers) == [f"PO-{1001 + i}" for i in range(8)]
