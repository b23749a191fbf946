"""Job costing in the browser: customers and their projects imported from the sandbox, the sync
step's Project and Class mapped in its Configure slider, and a PO submitted for a job reaching
the sandbox on that job."""

import re

from playwright.sync_api import Page, expect

from integrations.qbo_sandbox.models import SandboxEntity
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


def test_a_po_for_a_job_reaches_quickbooks_on_that_job(page: Page, sign_in) -> None:
    company = CompanyFactory.create(name="Harbor Builders")
    admin = UserFactory.create(company=company, role=User.Role.ADMIN, name="Avery Admin")
    sections = purchase_order_sections()
    sections[0]["fields"] += [
        {"id": "job", "type": "choose", "label": "Job", "source": "projects", "multiple": False},
        {"id": "class", "type": "dropdown", "label": "Class", "options": ["Commercial"]},
    ]
    template = form_template(admin=admin, sections=sections)
    vendor = VendorFactory.create(company=company, name="Harbor Lumber Supply")
    sign_in(admin)

    page.goto("/settings/integrations/quickbooks")
    page.get_by_role("button", name="Connect to QuickBooks").click()
    page.get_by_role("button", name="Connect").click()
    expect(page).to_have_url(re.compile(r"/settings/integrations/quickbooks\?connected=1$"))
    page.get_by_role("button", name="Import from QuickBooks").click()
    expect(page.get_by_role("status").filter(has_text="Done:")).to_be_visible(timeout=WORKER_WAIT)

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
    preview = drawer.get_by_role("region", name="Purchase order preview")
    expect(preview).to_contain_text(earlier.number)
    expect(preview).to_contain_text('"name": "Freeman Sporting Goods:0969 Ocean View Road"')
    expect(preview).to_contain_text('"BillableStatus"')
    expect(preview).to_contain_text("class tracking is off in the QuickBooks company")
    expect(page.get_by_role("status").filter(has_text="All changes saved")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status").filter(has_text="Published version 1.")).to_be_visible()

    # A PO for a job, picked from the projects; the class is left out while QuickBooks does
    # not track classes.
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
    page.get_by_role("button", name="Submit").click()
    expect(page).to_have_url(re.compile(r"/submissions/\d+$"))
    page.get_by_role("tab", name="Timeline").click()
    timeline = page.get_by_role("list", name="Timeline")
    expect(timeline).to_contain_text(
        "Synced with QuickBooks as purchase order", timeout=WORKER_WAIT
    )

    # The sandbox's page of the PO shows the line on the job.
    sandbox_link = timeline.get_by_role("link", name="Open purchase order PO-1002 in QuickBooks")
    page.goto(sandbox_link.get_attribute("href") or "")
    line = page.get_by_role("row").filter(has_text="Lumber 2x4x8")
    expect(line).to_contain_text("Freeman Sporting Goods:55 Twin Lane")
    expect(line).to_contain_text("NotBillable")

    realm_id = QuickBooksConnection.objects.get(company=company).realm_id
    job = SandboxEntity.objects.get(
        company__realm_id=realm_id, entity_type="Customer", name_key="55 twin lane"
    )
    [order] = [
        entity.body
        for entity in SandboxEntity.objects.filter(
            company__realm_id=realm_id, entity_type="PurchaseOrder"
        )
        if entity.body.get("DocNumber") == "PO-1002"
    ]
    [line] = order["Line"]
    assert line["ItemBasedExpenseLineDetail"]["CustomerRef"] == {
        "value": job.body["Id"],
        "name": "Freeman Sporting Goods:55 Twin Lane",
    }
