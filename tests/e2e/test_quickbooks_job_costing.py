"""Job costing in the browser: customers and their projects imported from the sandbox, the sync
step's Project and Class mapped in its Configure slider, and a PO submitted for a job reaching
the sandbox on that job (and, when the company tracks classes per line, with its class on each
line)."""

import re

from playwright.sync_api import Locator, Page, expect

from integrations.qbo_sandbox.models import SandboxEntity
from integrations.qbo_sandbox.services import sandbox_default_realm_id
from integrations.quickbooks.models import QuickBooksConnection
from ontraccr_clone.accounts.models import User
from ontraccr_clone.catalog.models import Customer
from tests.e2e.conftest import outside_event_loop
from tests.factories import (
    CompanyFactory,
    UserFactory,
    VendorFactory,
    form_template,
    purchase_order_sections,
)
from workflows.definitions.services import workflow_draft_save, workflow_get_or_create
from workflows.definitions.validation import GraphStep, GraphTransition
from workflows.forms.services import submission_create
from workflows.models import WorkflowVersion

WORKER_WAIT = 30_000  # milliseconds: the worker polls its queue on a busy machine


def _company_with_job_form():  # type: ignore[no-untyped-def]
    company = CompanyFactory.create(name="Harbor Builders")
    admin = UserFactory.create(company=company, role=User.Role.ADMIN, name="Avery Admin")
    sections = purchase_order_sections()
    sections[0]["fields"] += [
        {"id": "job", "type": "choose", "label": "Job", "source": "projects", "multiple": False},
        {"id": "class", "type": "dropdown", "label": "Class", "options": ["Commercial"]},
    ]
    template = form_template(admin=admin, sections=sections)
    vendor = VendorFactory.create(company=company, name="Harbor Lumber Supply")
    return admin, template, vendor


def _connect_and_import(page: Page) -> None:
    page.goto("/settings/integrations/quickbooks")
    page.get_by_role("button", name="Connect to QuickBooks").click()
    page.get_by_role("button", name="Connect").click()
    expect(page).to_have_url(re.compile(r"/settings/integrations/quickbooks\?connected=1$"))
    page.get_by_role("button", name="Import from QuickBooks").click()
    expect(page.get_by_role("status").filter(has_text="Done:")).to_be_visible(timeout=WORKER_WAIT)


def _sync_workflow(admin, template):  # type: ignore[no-untyped-def]
    workflow, _ = workflow_get_or_create(actor=admin, template=template)
    draft = workflow.versions.get(state=WorkflowVersion.State.DRAFT)
    outside_event_loop(
        workflow_draft_save,
        actor=admin,
        workflow=workflow,
        revision=draft.revision,
        steps=[
            GraphStep(key="submit", type="submit", x=300, y=60),
            GraphStep(key="sync-1", type="sync_quickbooks", x=300, y=260),
        ],
        transitions=[GraphTransition(source="submit", outcome="next", target="sync-1")],
    )
    return workflow


def _configure_job_and_class(page: Page, workflow) -> Locator:  # type: ignore[no-untyped-def]
    """Map vendor, materials, Job and Class in the sync step's slider; answers its preview."""
    page.goto(f"/workflows/{workflow.pk}")
    page.locator('.react-flow__node[data-id="sync-1"]').get_by_role(
        "button", name="Configure Sync with QuickBooks"
    ).click()
    drawer = page.get_by_role("complementary", name="Configure Sync with QuickBooks")
    drawer.get_by_label("Vendor").select_option("vendor")
    drawer.get_by_label("Materials").select_option("materials")
    project = drawer.get_by_label("Project (Customer:Job)")
    # Only fitting fields are offered: the Job field, not the vendor one.
    expect(project.locator("option", has_text="Vendor")).to_have_count(0)
    project.select_option("job")
    drawer.get_by_label("Class", exact=True).select_option("class")
    return drawer.get_by_role("region", name="Purchase order preview")


def _publish(page: Page) -> None:
    expect(page.get_by_role("status").filter(has_text="All changes saved")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status").filter(has_text="Published version 1.")).to_be_visible()


def _submit_for_twin_lane(page: Page, class_name: str = "") -> Locator:
    """Fill out a PO for the 55 Twin Lane job, picked from the projects; answers its timeline
    once synced."""
    page.goto("/forms")
    page.get_by_role("link", name="Fill out Purchase Order").click()
    page.get_by_role("combobox", name="Vendor").fill("Harbor")
    page.get_by_role("option", name=re.compile("Harbor Lumber Supply")).click()
    # A material the import brought from QuickBooks, already linked to its item.
    page.get_by_role("combobox", name="Add material").fill("Lumber")
    page.get_by_role("option", name=re.compile("Lumber 2x4x8")).click()
    page.get_by_label("Quantity, line 1").fill("10")
    page.get_by_role("combobox", name="Job").fill("twin")
    page.get_by_role("option", name=re.compile("Freeman Sporting Goods:55 Twin Lane")).click()
    if class_name:
        page.get_by_label("Class").select_option(class_name)
    page.get_by_role("button", name="Submit").click()
    expect(page).to_have_url(re.compile(r"/submissions/\d+$"))
    page.get_by_role("tab", name="Timeline").click()
    timeline = page.get_by_role("list", name="Timeline")
    expect(timeline).to_contain_text(
        "Synced with QuickBooks as purchase order", timeout=WORKER_WAIT
    )
    return timeline


def _sandbox_record(realm_id: str, entity_type: str, name_key: str) -> dict:
    return SandboxEntity.objects.get(
        company__realm_id=realm_id, entity_type=entity_type, name_key=name_key
    ).body


def _sandbox_order(realm_id: str, doc_number: str) -> dict:
    [order] = [
        entity.body
        for entity in SandboxEntity.objects.filter(
            company__realm_id=realm_id, entity_type="PurchaseOrder"
        )
        if entity.body.get("DocNumber") == doc_number
    ]
    return order


def test_a_po_for_a_job_reaches_quickbooks_on_that_job(page: Page, sign_in) -> None:
    admin, template, vendor = _company_with_job_form()
    company = admin.company
    sign_in(admin)
    _connect_and_import(page)

    # The import brought customers with their projects (QuickBooks' sub-customers) under them.
    page.get_by_role("link", name="Customers").click()
    row = page.get_by_role("row").filter(has_text="55 Twin Lane")
    expect(row).to_contain_text("Project of Freeman Sporting Goods")
    expect(row).to_contain_text("Linked")

    # An earlier PO for the preview, made before the workflow syncs, with a class chosen.
    earlier = outside_event_loop(
        submission_create,
        actor=admin,
        template=template,
        data={
            "vendor": vendor.pk,
            "materials": [{"name": "Rebar #4", "quantity": "4", "unit_cost": "6"}],
            "job": Customer.objects.get(company=company, name="0969 Ocean View Road").pk,
            "class": "Commercial",
        },
    )
    workflow = _sync_workflow(admin, template)
    preview = _configure_job_and_class(page, workflow)
    expect(preview).to_contain_text(earlier.number)
    expect(preview).to_contain_text('"name": "Freeman Sporting Goods:0969 Ocean View Road"')
    expect(preview).to_contain_text('"BillableStatus"')
    expect(preview).to_contain_text("class tracking is off in the QuickBooks company")
    _publish(page)

    # A PO for a job; the class is left out while QuickBooks does not track classes.
    timeline = _submit_for_twin_lane(page)

    # The sandbox's page of the PO shows the line on the job.
    sandbox_link = timeline.get_by_role("link", name="Open purchase order PO-1002 in QuickBooks")
    page.goto(sandbox_link.get_attribute("href") or "")
    line = page.get_by_role("row").filter(has_text="Lumber 2x4x8")
    expect(line).to_contain_text("Freeman Sporting Goods:55 Twin Lane")

    realm_id = QuickBooksConnection.objects.get(company=company).realm_id
    job = _sandbox_record(realm_id, "Customer", "55 twin lane")
    [line] = _sandbox_order(realm_id, "PO-1002")["Line"]
    assert line["ItemBasedExpenseLineDetail"]["CustomerRef"] == {
        "value": job["Id"],
        "name": "Freeman Sporting Goods:55 Twin Lane",
    }
    # The sandbox company tracks billable expenses (its default), so a line to a job is billable.
    assert line["ItemBasedExpenseLineDetail"]["BillableStatus"] == "Billable"


def test_with_classes_per_line_the_chosen_class_goes_on_the_line(page: Page, sign_in) -> None:
    admin, template, _ = _company_with_job_form()
    sign_in(admin)
    # The sandbox company's admin turns on one class to each row, as in QuickBooks.
    page.goto(f"/qbo-sandbox/companies/{sandbox_default_realm_id()}/")
    page.get_by_label("Track classes").select_option(label="One class to each row in a transaction")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("heading", name="Company settings")).to_be_visible()
    _connect_and_import(page)  # connecting reads the company's settings
    settings = page.get_by_role("region", name="QuickBooks company settings")
    expect(settings).to_contain_text("One class to each line")

    workflow = _sync_workflow(admin, template)
    _configure_job_and_class(page, workflow)
    _publish(page)
    timeline = _submit_for_twin_lane(page, class_name="Commercial")

    sandbox_link = timeline.get_by_role("link", name=re.compile(r"^Open purchase order PO-"))
    number = re.search(r"PO-\d+", sandbox_link.text_content() or "")
    assert number is not None
    page.goto(sandbox_link.get_attribute("href") or "")
    line = page.get_by_role("row").filter(has_text="Lumber 2x4x8")
    expect(line).to_contain_text("Freeman Sporting Goods:55 Twin Lane")
    expect(line).to_contain_text("Commercial")

    realm_id = QuickBooksConnection.objects.get(company=admin.company).realm_id
    job = _sandbox_record(realm_id, "Customer", "55 twin lane")
    commercial = _sandbox_record(realm_id, "Class", "commercial")
    order = _sandbox_order(realm_id, number.group())
    [detail] = [line["ItemBasedExpenseLineDetail"] for line in order["Line"]]
    assert detail["CustomerRef"] == {
        "value": job["Id"],
        "name": "Freeman Sporting Goods:55 Twin Lane",
    }
    assert detail["ClassRef"] == {"value": commercial["Id"], "name": "Commercial"}
    assert "ClassRef" not in order
