"""Job costing over real HTTP against the sandbox: customers and jobs imported and linked, and a
PO's lines costed to a project and a class where the company's preferences put them."""

import pytest

from integrations.qbo_sandbox import services as sandbox
from integrations.quickbooks.client import quickbooks_client
from integrations.quickbooks.errors import QuickBooksRejected
from integrations.quickbooks.preferences import company_preferences_read
from integrations.quickbooks.purchase_orders import purchase_order_sync
from ontraccr_clone.catalog.models import Customer
from tests.factories import CustomerFactory, MaterialFactory, VendorFactory, form_template
from tests.factories import purchase_order_sections as po_sections
from tests.integrations.quickbooks.conftest import (
    SYNC_CONFIG,
    linked_id,
    sandbox_purchase_orders,
    sandbox_records,
)
from workflows.forms.services import submission_create

JOB_CONFIG = {**SYNC_CONFIG, "project_field": "project", "class_field": "class"}


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def preferences(connection):  # type: ignore[no-untyped-def]
    """Change the sandbox company's preferences, as its admin would in QuickBooks, and have the
    connection read them again (as its daily refresh does)."""

    def run(**values) -> None:  # type: ignore[no-untyped-def]
        sandbox.sandbox_preferences_set(realm_id=connection.realm_id, **values)
        with quickbooks_client(connection=connection) as client:
            company_preferences_read(client=client)

    return run


@pytest.fixture
def submit_for_job(admin):  # type: ignore[no-untyped-def]
    sections = po_sections()
    sections[0]["fields"] += [
        {"id": "project", "type": "choose", "label": "Job", "source": "projects"},
        {"id": "class", "type": "dropdown", "label": "Class", "options": ["Commercial", "Civil"]},
    ]
    template = form_template(admin=admin, sections=sections)

    def run(project: Customer, class_name: str = "Commercial"):  # type: ignore[no-untyped-def]
        data = {
            "vendor": VendorFactory(company=admin.company, name="Hicks Hardware").pk,
            "materials": [
                {"material_id": MaterialFactory(company=admin.company, name="Rebar #4").pk,
                 "quantity": "3"},
                {"name": "Sod", "quantity": "2", "unit_cost": "4.00"},
            ],
            "project": project.pk,
            "class": class_name,
        }  # fmt: skip
        return submission_create(actor=admin, template=template, data=data)

    return run


def test_import_brings_customers_with_their_jobs_under_them(origin, connection, sign_in, admin):
    qbo_customers = sandbox_records("Customer")
    same_name = CustomerFactory(company=admin.company, name="cool cars")
    browser = sign_in(admin)

    started = browser.post("/api/integrations/quickbooks/imports/").json()
    progress = browser.get(f"/api/integrations/quickbooks/imports/{started['id']}/").json()

    assert progress["status"] == "succeeded", progress
    assert Customer.objects.filter(company=admin.company).count() == len(qbo_customers)
    twin_lane = Customer.objects.get(company=admin.company, name="55 Twin Lane")
    assert twin_lane.full_name == "Freeman Sporting Goods:55 Twin Lane"
    qbo_twin_lane = next(r for r in qbo_customers if r["DisplayName"] == "55 Twin Lane")
    assert linked_id(twin_lane) == qbo_twin_lane["Id"]
    cool_cars = next(r for r in qbo_customers if r["DisplayName"] == "Cool Cars")
    assert linked_id(same_name) == cool_cars["Id"]
    links = browser.get("/api/integrations/quickbooks/customer-links/").json()
    assert len(links) == len(qbo_customers)

    again = browser.post("/api/integrations/quickbooks/imports/").json()
    again = browser.get(f"/api/integrations/quickbooks/imports/{again['id']}/").json()
    assert again["added"] == 0
    assert [skipped for skipped in again["skipped"] if skipped["kind"] == "customer"] == []


def test_an_admin_links_a_project_to_a_quickbooks_job_by_hand(
    origin, connection, sign_in, admin, member
):
    freeman = CustomerFactory(company=admin.company, name="Freeman")
    project = CustomerFactory(company=admin.company, name="Ocean View", parent=freeman)
    browser = sign_in(admin)

    found = browser.get("/api/integrations/quickbooks/customers/", params={"search": "ocean"})
    [job] = found.json()
    linked = browser.put(
        f"/api/integrations/quickbooks/customer-links/{project.pk}/", json={"qbo_id": job["id"]}
    )

    assert job["name"] == "Freeman Sporting Goods:0969 Ocean View Road"
    assert linked.status_code == 200, linked.text
    assert linked_id(project) == job["id"]
    refused = sign_in(member).put(
        f"/api/integrations/quickbooks/customer-links/{project.pk}/", json={"qbo_id": ""}
    )
    assert refused.status_code == 403


def test_every_line_goes_to_the_job_billable_with_its_class_per_line(
    connection, submit_for_job, admin, preferences
):
    preferences(class_tracking="per_line", billable_expenses=True)
    freeman = CustomerFactory(company=admin.company, name="Freeman Sporting Goods")
    project = CustomerFactory(company=admin.company, name="55 Twin Lane", parent=freeman)
    submission = submit_for_job(project)

    purchase_order_sync(submission=submission, config=JOB_CONFIG, key="run-1:sync")

    [order] = sandbox_purchase_orders(submission.number)
    job = next(r for r in sandbox_records("Customer") if r["DisplayName"] == "55 Twin Lane")
    commercial = next(r for r in sandbox_records("Class") if r["Name"] == "Commercial")
    details = [line["ItemBasedExpenseLineDetail"] for line in order["Line"]]
    assert len(details) == 2
    for detail in details:
        assert detail["CustomerRef"] == {
            "value": job["Id"],
            "name": "Freeman Sporting Goods:55 Twin Lane",
        }
        assert detail["BillableStatus"] == "Billable"
        assert detail["ClassRef"]["value"] == commercial["Id"]
    assert "ClassRef" not in order
    assert linked_id(project) == job["Id"]  # found by name, remembered


def test_a_class_per_transaction_goes_on_the_po_and_lines_are_not_billable(
    connection, submit_for_job, admin, preferences
):
    preferences(class_tracking="per_transaction", billable_expenses=False)
    freeman = CustomerFactory(company=admin.company, name="Freeman Sporting Goods")
    project = CustomerFactory(company=admin.company, name="0969 Ocean View Road", parent=freeman)

    submission = submit_for_job(project)
    purchase_order_sync(submission=submission, config=JOB_CONFIG, key="run-1:sync")

    [order] = sandbox_purchase_orders(submission.number)
    assert order["ClassRef"]["name"] == "Commercial"
    for line in order["Line"]:
        assert line["ItemBasedExpenseLineDetail"]["BillableStatus"] == "NotBillable"
        assert "ClassRef" not in line["ItemBasedExpenseLineDetail"]


@pytest.mark.parametrize(
    ("tracking", "project_name", "class_name", "refusal"),
    [
        ("off", "55 Twin Lane", "Commercial", "class tracking is off in the QuickBooks company"),
        ("per_line", "55 Twin Lane", "Civil", "QuickBooks has no class named 'Civil'"),
        ("per_line", "Harbor Deck", "Commercial", "The project Freeman:Harbor Deck is not in "),
    ],
)
def test_what_quickbooks_cannot_take_is_refused_with_the_way_out(
    connection, submit_for_job, admin, preferences, tracking, project_name, class_name, refusal
):
    preferences(class_tracking=tracking)
    freeman = CustomerFactory(company=admin.company, name="Freeman")
    project = CustomerFactory(company=admin.company, name=project_name, parent=freeman)
    submission = submit_for_job(project, class_name)

    with pytest.raises(QuickBooksRejected) as refused:
        purchase_order_sync(submission=submission, config=JOB_CONFIG, key="run-1:sync")

    assert refusal in refused.value.message
    assert sandbox_purchase_orders(submission.number) == []
