"""Importing QuickBooks vendors and items into the catalog, through the API and a task."""

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from integrations.quickbooks.models import QuickBooksImport, QuickBooksLink
from integrations.quickbooks.tasks import quickbooks_import_run
from ontraccr_clone.catalog.models import Material, Vendor
from tests.factories import MaterialFactory, VendorFactory
from tests.integrations.quickbooks.conftest import link, linked_id, sandbox_records


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_import_links_same_names_adds_the_rest_and_says_what_it_skipped(
    origin, connection, sign_in, admin
):
    qbo_vendors = sandbox_records("Vendor")
    qbo_items = sandbox_records("Item")
    same_name = VendorFactory(company=admin.company, name=qbo_vendors[0]["DisplayName"].upper())
    item = next(record for record in qbo_items if record["Type"] == "NonInventory")
    linked_elsewhere = link(MaterialFactory(company=admin.company, name=item["Name"]), "999")
    browser = sign_in(admin)

    started = browser.post("/api/integrations/quickbooks/imports/")
    assert started.status_code == 201, started.text
    progress = browser.get(f"/api/integrations/quickbooks/imports/{started.json()['id']}/").json()

    assert progress["status"] == "succeeded"
    assert progress["total"] == len(qbo_vendors) + len(qbo_items) + len(sandbox_records("Customer"))
    assert progress["done"] == progress["total"]
    same_name.refresh_from_db()
    assert linked_id(same_name) == qbo_vendors[0]["Id"]
    assert Vendor.objects.filter(company=admin.company).count() == len(qbo_vendors)
    assert {
        "kind": "item",
        "name": item["Name"],
        "reason": "Already linked to QuickBooks record 999.",
    } in progress["skipped"]
    linked_elsewhere.refresh_from_db()
    assert linked_id(linked_elsewhere) == "999"
    materials = [record for record in qbo_items if record["Type"] in ("Inventory", "NonInventory")]
    assert QuickBooksLink.objects.filter(company=admin.company, kind="item").count() == len(
        materials
    )
    # Services ("Hours", "Design") are not materials unless asked for.
    services = [record for record in qbo_items if record["Type"] == "Service"]
    assert services
    assert not Material.objects.filter(
        company=admin.company, name__in=[record["Name"] for record in services]
    ).exists()
    assert {
        "kind": "item",
        "name": "Hours",
        "reason": "Service items are not materials (tick “Add service items as materials too” and "
        "import again to add them).",
    } in progress["skipped"]
    assert progress["proposals"] == []
    assert progress["linked"] + progress["added"] + len(progress["skipped"]) == progress["total"]

    again = browser.post("/api/integrations/quickbooks/imports/").json()
    again = browser.get(f"/api/integrations/quickbooks/imports/{again['id']}/").json()
    assert again["added"] == 0


def test_service_items_become_materials_when_the_admin_asks(origin, connection, sign_in, admin):
    services = [record for record in sandbox_records("Item") if record["Type"] == "Service"]
    browser = sign_in(admin)

    started = browser.post("/api/integrations/quickbooks/imports/", json={"include_services": True})
    assert started.status_code == 201, started.text
    progress = browser.get(f"/api/integrations/quickbooks/imports/{started.json()['id']}/").json()

    assert progress["include_services"] is True
    hours = Material.objects.get(company=admin.company, name="Hours")
    assert linked_id(hours) == next(
        record["Id"] for record in services if record["Name"] == "Hours"
    )
    assert not [skipped for skipped in progress["skipped"] if skipped["kind"] == "item"]


def test_another_company_cannot_read_an_import(origin, connection, sign_in, other_admin, admin):
    run = QuickBooksImport.objects.create(company=admin.company)
    assert (
        sign_in(other_admin).get(f"/api/integrations/quickbooks/imports/{run.pk}/").status_code
        == 404
    )


def test_import_needs_a_connection(origin, sign_in, admin):
    answer = sign_in(admin).post("/api/integrations/quickbooks/imports/")
    assert answer.status_code == 400
    assert "Connect QuickBooks Online" in answer.text


@pytest.mark.parametrize(
    "status",
    # Queued with no task to wait for: its task was never saved.
    [QuickBooksImport.Status.RUNNING, QuickBooksImport.Status.QUEUED],
)
def test_an_import_that_stopped_moving_on_is_marked_failed_and_a_new_one_starts(
    origin, connection, sign_in, admin, status
):
    stuck = QuickBooksImport.objects.create(
        company=admin.company,
        status=status,
        progressed_at=timezone.now() - datetime.timedelta(seconds=181),
    )
    browser = sign_in(admin)

    [latest] = browser.get("/api/integrations/quickbooks/imports/").json()
    assert latest["id"] == stuck.pk
    assert latest["status"] == "failed"
    assert (
        latest["error"]
        == "The import stopped before it finished (its worker stopped). Start it again."
    )
    started = browser.post("/api/integrations/quickbooks/imports/").json()
    assert started["id"] != stuck.pk
    assert (
        browser.get(f"/api/integrations/quickbooks/imports/{started['id']}/").json()["status"]
        == "succeeded"
    )


def test_a_running_import_that_moves_on_is_not_replaced(origin, connection, sign_in, admin):
    running = QuickBooksImport.objects.create(
        company=admin.company,
        status=QuickBooksImport.Status.RUNNING,
        progressed_at=timezone.now() - datetime.timedelta(seconds=170),
    )
    started = sign_in(admin).post("/api/integrations/quickbooks/imports/").json()
    assert started["id"] == running.pk
    assert started["status"] == "running"


def test_an_import_whose_task_ended_is_marked_failed(origin, connection, sign_in, admin, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    queued = QuickBooksImport.objects.create(company=admin.company)
    task = quickbooks_import_run.enqueue(queued.pk)
    queued.task_id = task.id
    queued.save()
    # The engine's sweep ends the task rows of killed workers so.
    DBTaskResult.objects.filter(pk=task.id).update(status="FAILED")

    [latest] = sign_in(admin).get("/api/integrations/quickbooks/imports/").json()
    assert latest["id"] == queued.pk
    assert latest["status"] == "failed"
