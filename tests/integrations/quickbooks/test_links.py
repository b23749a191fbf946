"""Linking a vendor or material to a QuickBooks record by hand, over real HTTP to the sandbox."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from integrations.quickbooks.client import quickbooks_client
from integrations.quickbooks.links import material_link_set, vendor_link_set
from integrations.quickbooks.models import QuickBooksLinkChange
from ontraccr_clone.accounts.models import User
from tests.factories import MaterialFactory, UserFactory, VendorFactory
from tests.integrations.quickbooks.conftest import (
    link,
    linked_id,
    sandbox_purchase_orders,
    sandbox_records,
)
from tests.integrations.quickbooks.test_workflow_step import sync_flow
from tests.workflows.conftest import run_tasks
from workflows.engine.models import StepReport
from workflows.models import StepRun


def qbo_id_of(entity: str, name: str) -> str:
    key = "DisplayName" if entity == "Vendor" else "Name"
    return next(str(body["Id"]) for body in sandbox_records(entity) if body[key] == name)


def test_vendor_search_finds_names_with_quotes_and_says_which_row_is_linked(
    admin, connection, sign_in
):
    with quickbooks_client(connection=connection) as client:
        created = client.create("Vendor", {"DisplayName": 'O\'Brien & Sons "West"'})
    linked = link(
        VendorFactory(company=admin.company, name="Hicks"), qbo_id_of("Vendor", "Hicks Hardware")
    )
    browser = sign_in(admin)

    found = browser.get(
        "/api/integrations/quickbooks/vendors/", params={"search": 'brien & sons "w'}
    )
    assert found.status_code == 200, found.text
    assert found.json() == [
        {
            "id": created["Id"],
            "name": 'O\'Brien & Sons "West"',
            "linked_to_id": None,
            "linked_to_name": "",
        }
    ]
    hicks = browser.get("/api/integrations/quickbooks/vendors/", params={"search": "hicks"}).json()
    assert hicks == [
        {
            "id": linked_id(linked),
            "name": "Hicks Hardware",
            "linked_to_id": linked.pk,
            "linked_to_name": "Hicks",
        }
    ]
    every = browser.get("/api/integrations/quickbooks/vendors/").json()
    assert len(every) == len(sandbox_records("Vendor")) <= 20
    assert [vendor["name"] for vendor in every] == sorted(vendor["name"] for vendor in every)


def test_item_search_offers_only_items_that_can_be_materials(admin, connection, sign_in):
    browser = sign_in(admin)
    found = browser.get("/api/integrations/quickbooks/items/", params={"search": "sprinkler"})
    assert found.status_code == 200, found.text
    assert [item["name"] for item in found.json()] == ["Sprinkler Heads", "Sprinkler Pipes"]


def test_a_vendor_linked_by_hand_is_the_one_its_po_is_sent_to(
    admin, connection, sign_in, template, submit
):
    sync_flow(template)
    vendor = VendorFactory(company=admin.company, name="Norton Lumber (yard 2)")
    norton = qbo_id_of("Vendor", "Norton Lumber and Building Materials")
    browser = sign_in(admin)

    answer = browser.put(
        f"/api/integrations/quickbooks/vendor-links/{vendor.pk}/", json={"qbo_id": norton}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"object_id": vendor.pk, "qbo_id": norton}
    change = QuickBooksLinkChange.objects.get(vendor=vendor)
    assert (change.previous_qbo_id, change.qbo_id, change.qbo_name, change.changed_by) == (
        "", norton, "Norton Lumber and Building Materials", admin,
    )  # fmt: skip
    vendors_before = len(sandbox_records("Vendor"))

    submission = submit(vendor=vendor)
    run_tasks()

    (order,) = sandbox_purchase_orders(submission.number)
    assert order["VendorRef"]["value"] == norton
    assert len(sandbox_records("Vendor")) == vendors_before


def test_a_record_linked_to_another_row_is_refused_naming_it(admin, connection, sign_in):
    norton = qbo_id_of("Vendor", "Norton Lumber and Building Materials")
    link(VendorFactory(company=admin.company, name="Norton"), norton)
    other = VendorFactory(company=admin.company, name="Norton again")
    browser = sign_in(admin)

    answer = browser.put(
        f"/api/integrations/quickbooks/vendor-links/{other.pk}/", json={"qbo_id": norton}
    )

    assert answer.status_code == 400
    assert "“Norton”" in answer.json()["qbo_id"][0]
    assert linked_id(other) == ""
    assert not QuickBooksLinkChange.objects.exists()


def test_an_id_quickbooks_does_not_know_is_refused(admin, connection, sign_in):
    material = MaterialFactory(company=admin.company)
    browser = sign_in(admin)

    missing = browser.put(
        f"/api/integrations/quickbooks/material-links/{material.pk}/", json={"qbo_id": "987654"}
    )
    design = qbo_id_of("Item", "Design")
    service = browser.put(
        f"/api/integrations/quickbooks/material-links/{material.pk}/", json={"qbo_id": design}
    )

    assert missing.status_code == 400
    assert "QuickBooks has no item with id 987654" in missing.json()["qbo_id"][0]
    assert service.status_code == 200, service.text
    assert linked_id(material) == design


def test_linking_a_material_and_retrying_syncs_the_failed_po(
    admin, connection, sign_in, template, submit
):
    sync_flow(template, create_unlinked_items=False)
    material = MaterialFactory(company=admin.company, name="Rebar number four")
    submission = submit(rows=[material])
    run_tasks()
    assert StepReport.objects.get(submission=submission).state == "failed"
    browser = sign_in(admin)
    rebar = qbo_id_of("Item", "Rebar #4")

    linked = browser.put(
        f"/api/integrations/quickbooks/material-links/{material.pk}/", json={"qbo_id": rebar}
    )
    assert linked.status_code == 200, linked.text
    failed = StepRun.objects.get(run__submission=submission, status="failed")
    assert browser.post(f"/api/step-runs/{failed.pk}/retry/").status_code == 201
    assert StepReport.objects.get(submission=submission).state == "pending"
    run_tasks()

    (order,) = sandbox_purchase_orders(submission.number)
    assert order["Line"][0]["ItemBasedExpenseLineDetail"]["ItemRef"]["value"] == rebar
    row = browser.get("/api/submissions/", params={"report": "sync_quickbooks:done"}).json()
    assert [
        (each["number"], each["reports"][0]["detail"]["reference"]) for each in row["results"]
    ] == [(submission.number, submission.number)]


def test_unlinking_needs_no_connection_and_is_recorded(admin, sign_in):
    vendor = link(VendorFactory(company=admin.company), "56")
    browser = sign_in(admin)

    search = browser.get("/api/integrations/quickbooks/vendors/")
    answer = browser.put(
        f"/api/integrations/quickbooks/vendor-links/{vendor.pk}/", json={"qbo_id": ""}
    )

    assert search.status_code == 400
    assert "Connect QuickBooks Online" in search.json()["non_field_errors"][0]
    assert answer.status_code == 200, answer.text
    assert linked_id(vendor) == ""
    change = QuickBooksLinkChange.objects.get(vendor=vendor)
    assert (change.previous_qbo_id, change.qbo_id, change.changed_by) == ("56", "", admin)


@pytest.mark.django_db
def test_link_services_refuse_another_companys_rows_and_members(admin, member, other_admin):
    vendor = link(VendorFactory(company=admin.company), "56")
    material = link(MaterialFactory(company=admin.company), "7")

    with pytest.raises(Http404):
        vendor_link_set(actor=other_admin, vendor=vendor, qbo_id="")
    with pytest.raises(Http404):
        material_link_set(actor=other_admin, material=material, qbo_id="")
    with pytest.raises(PermissionDenied):
        vendor_link_set(actor=member, vendor=vendor, qbo_id="")

    assert linked_id(vendor) == "56"
    assert linked_id(material) == "7"
    assert not QuickBooksLinkChange.objects.exists()


def test_members_see_which_rows_are_linked_and_only_their_company_s(admin, sign_in):
    member = UserFactory(company=admin.company, role=User.Role.MEMBER)
    vendor = link(VendorFactory(company=admin.company), "56")
    material = link(MaterialFactory(company=admin.company), "7")
    MaterialFactory(company=admin.company)
    link(MaterialFactory(), "8")  # another company's
    browser = sign_in(member)

    vendors = browser.get("/api/integrations/quickbooks/vendor-links/")
    materials = browser.get("/api/integrations/quickbooks/material-links/")

    assert vendors.status_code == 200, vendors.text
    assert vendors.json() == [{"object_id": vendor.pk, "qbo_id": "56"}]
    assert materials.json() == [{"object_id": material.pk, "qbo_id": "7"}]
