"""Archiving and restoring a template are their own actions, never a side effect of a save."""

import pytest

from tests.factories import form_template, purchase_order_sections
from workflows.forms.services import form_template_archive
from workflows.models import FormTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def template(admin):
    return form_template(admin=admin)


def test_admin_archives_and_restores_a_template(admin_client, template):
    archived = admin_client.post(f"/api/form-templates/{template.pk}/archive/")
    assert archived.status_code == 200 and archived.json()["active"] is False
    listed = admin_client.get("/api/form-templates/").json()
    assert template.pk not in [row["id"] for row in listed]
    restored = admin_client.post(f"/api/form-templates/{template.pk}/restore/")
    assert restored.status_code == 200 and restored.json()["active"] is True
    assert FormTemplate.objects.get(pk=template.pk).active


def test_saving_an_archived_template_keeps_it_archived(admin_client, admin, template):
    form_template_archive(actor=admin, template=template)
    body = {"name": "Renamed", "form_type": template.form_type_id,
            "sections": purchase_order_sections()}  # fmt: skip
    response = admin_client.put(f"/api/form-templates/{template.pk}/", body, format="json")
    assert response.status_code == 200
    assert response.json()["active"] is False
    assert not FormTemplate.objects.get(pk=template.pk).active


def test_a_save_cannot_archive_a_template_either(admin_client, template):
    body = {"name": template.name, "form_type": template.form_type_id,
            "sections": purchase_order_sections(), "active": False}  # fmt: skip
    admin_client.put(f"/api/form-templates/{template.pk}/", body, format="json")
    assert FormTemplate.objects.get(pk=template.pk).active


def test_archiving_twice_says_it_is_already_archived(admin_client, template):
    admin_client.post(f"/api/form-templates/{template.pk}/archive/")
    response = admin_client.post(f"/api/form-templates/{template.pk}/archive/")
    assert response.status_code == 400
    assert response.json() == {"active": ["This form is already archived."]}
    response = admin_client.post(f"/api/form-templates/{template.pk}/restore/")
    assert response.status_code == 200
    response = admin_client.post(f"/api/form-templates/{template.pk}/restore/")
    assert response.json() == {"active": ["This form is already active."]}


def test_members_cannot_archive_or_restore(member_client, template):
    for action in ("archive", "restore"):
        response = member_client.post(f"/api/form-templates/{template.pk}/{action}/")
        assert response.status_code == 403
    assert FormTemplate.objects.get(pk=template.pk).active


def test_another_company_cannot_archive_as_if_the_template_did_not_exist(other_client, template):
    response = other_client.post(f"/api/form-templates/{template.pk}/archive/")
    missing = other_client.post("/api/form-templates/999999999/archive/")
    assert response.status_code == missing.status_code == 404
    assert response.json() == missing.json()
    assert FormTemplate.objects.get(pk=template.pk).active
