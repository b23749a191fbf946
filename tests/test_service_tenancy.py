"""Services refuse another company's objects themselves, with no view in front of them."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from ontraccr_clone.accounts.services import require_same_company
from ontraccr_clone.catalog.models import Material, Vendor
from ontraccr_clone.catalog.services import (
    catalog_entry_check,
    catalog_entry_set_active,
    catalog_entry_update,
)
from tests.factories import (
    CustomerFactory,
    MaterialFactory,
    UserFactory,
    VendorFactory,
    form_template,
)
from workflows.definitions.services import workflow_get_or_create
from workflows.forms.services import (
    form_template_archive,
    form_template_check,
    form_template_create,
    form_template_restore,
    form_template_update,
    form_type_check,
    form_type_update,
    submission_check,
    submission_create,
    submission_revise,
    submission_revise_refusal,
)
from workflows.models import FormSubmission, FormTemplate, FormType, TimelineEvent
from workflows.timeline.services import timeline_event_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def foreign_template(other_admin):
    return form_template(admin=other_admin)


def test_an_object_of_another_company_is_refused_as_missing(admin, other_admin):
    vendor = VendorFactory(company=other_admin.company)
    with pytest.raises(Http404, match=r"^No Vendor matches the given query\.$"):
        require_same_company(admin, VendorFactory(company=admin.company), vendor)


def test_an_account_of_no_company_owns_nothing(admin):
    staff = UserFactory(company=None, is_staff=True)
    with pytest.raises(PermissionDenied):
        require_same_company(staff, VendorFactory(company=admin.company))


@pytest.mark.parametrize("factory", [VendorFactory, MaterialFactory, CustomerFactory])
def test_catalog_services_refuse_another_companys_entries(admin, other_admin, factory):
    entry = factory(company=other_admin.company, name="Theirs")
    with pytest.raises(Http404):
        catalog_entry_update(actor=admin, entry=entry, fields={"name": "Mine now"})
    with pytest.raises(Http404):
        catalog_entry_set_active(actor=admin, entry=entry, active=False)
    entry.refresh_from_db()
    assert entry.name == "Theirs" and entry.active


def test_catalog_services_accept_the_actors_own_entries(admin):
    vendor = catalog_entry_update(
        actor=admin, entry=VendorFactory(company=admin.company), fields={"name": "Renamed"}
    )
    material = catalog_entry_set_active(
        actor=admin, entry=MaterialFactory(company=admin.company), active=False
    )
    assert Vendor.objects.get(pk=vendor.pk).name == "Renamed"
    assert not Material.objects.get(pk=material.pk).active


def test_form_type_update_refuses_another_companys_type(admin, other_admin):
    theirs = FormType.objects.get(company=other_admin.company, key="general")
    with pytest.raises(Http404):
        form_type_update(actor=admin, form_type=theirs, fields={"next_number": 1})
    theirs.refresh_from_db()
    assert theirs.next_number != 1


def test_form_template_create_refuses_another_companys_form_type(admin, other_admin):
    theirs = FormType.objects.get(company=other_admin.company, key="po")
    with pytest.raises(Http404):
        form_template_create(actor=admin, name="Sneaky", form_type=theirs, sections=[])
    assert not FormTemplate.objects.filter(name="Sneaky").exists()


def test_form_template_update_refuses_another_companys_template(admin, foreign_template):
    mine = FormType.objects.get(company=admin.company, key="po")
    with pytest.raises(Http404):
        form_template_update(
            actor=admin, template=foreign_template, name="Taken", form_type=mine, sections=[]
        )
    foreign_template.refresh_from_db()
    assert foreign_template.name == "Purchase Order"


def test_form_template_update_refuses_another_companys_form_type(admin, other_admin):
    template = form_template(admin=admin)
    theirs = FormType.objects.get(company=other_admin.company, key="general")
    with pytest.raises(Http404):
        form_template_update(
            actor=admin, template=template, name="Moved", form_type=theirs, sections=[]
        )
    template.refresh_from_db()
    assert template.form_type.company_id == admin.company_id


def test_archive_and_restore_refuse_another_companys_template(admin, foreign_template):
    with pytest.raises(Http404):
        form_template_archive(actor=admin, template=foreign_template)
    foreign_template.active = False
    foreign_template.save()
    with pytest.raises(Http404):
        form_template_restore(actor=admin, template=foreign_template)
    foreign_template.refresh_from_db()
    assert not foreign_template.active


def test_submission_create_refuses_another_companys_template(member, foreign_template):
    with pytest.raises(Http404):
        submission_create(actor=member, template=foreign_template, data={})
    assert not FormSubmission.objects.exists()


def test_revising_refuses_another_companys_submission(admin, other_admin):
    vendor, material = VendorFactory(company=admin.company), MaterialFactory(company=admin.company)
    submission = submission_create(
        actor=admin,
        template=form_template(admin=admin),
        data={"vendor": vendor.pk, "materials": [{"material_id": material.pk, "quantity": 1}]},
    )
    with pytest.raises(Http404):
        submission_revise_refusal(actor=other_admin, submission=submission)
    with pytest.raises(Http404):
        submission_revise(actor=other_admin, submission=submission, data={"memo": "Theirs"})
    assert not submission.revisions.exists()


def test_a_timeline_event_never_names_someone_of_another_company(admin, other_admin):
    vendor, material = VendorFactory(company=admin.company), MaterialFactory(company=admin.company)
    submission = submission_create(
        actor=admin,
        template=form_template(admin=admin),
        data={"vendor": vendor.pk, "materials": [{"material_id": material.pk, "quantity": 1}]},
    )
    with pytest.raises(Http404):
        timeline_event_record(
            submission=submission, kind="approved", message="Approved", actor=other_admin
        )
    assert not TimelineEvent.objects.filter(actor=other_admin).exists()


def test_workflow_services_refuse_another_companys_form(admin, foreign_template):
    with pytest.raises(Http404):
        workflow_get_or_create(actor=admin, template=foreign_template)


def test_the_checks_behind_validation_refuse_another_companys_objects(
    admin, other_admin, foreign_template
):
    theirs = FormType.objects.get(company=other_admin.company, key="po")
    vendor = VendorFactory(company=other_admin.company)
    with pytest.raises(Http404):
        submission_check(actor=admin, template=foreign_template, data={})
    with pytest.raises(Http404):
        form_template_check(
            actor=admin, name="X", form_type=theirs, sections=[], template=foreign_template
        )
    with pytest.raises(Http404):
        form_type_check(actor=admin, fields={"name": "X"}, form_type=theirs)
    with pytest.raises(Http404):
        catalog_entry_check(model=Vendor, actor=admin, fields={"name": "X"}, entry=vendor)
