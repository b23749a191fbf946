"""QuickBooks Online in the browser: connect through the sandbox's consent page, then draw, map
and publish the 'Sync with QuickBooks' step; its purchase order reaches the sandbox once."""

import re

from playwright.sync_api import Locator, Page, expect

from integrations.qbo_sandbox.models import SandboxEntity
from integrations.quickbooks.models import QuickBooksConnection
from ontraccr_clone.accounts.models import User
from tests.e2e.conftest import outside_event_loop
from tests.factories import (
    CompanyFactory,
    MaterialFactory,
    UserFactory,
    VendorFactory,
    form_template,
)
from workflows.definitions.services import workflow_draft_save, workflow_get_or_create
from workflows.definitions.validation import GraphStep, GraphTransition
from workflows.forms.services import submission_create
from workflows.models import WorkflowVersion


def node(page: Page, key: str) -> Locator:
    return page.locator(f'.react-flow__node[data-id="{key}"]')


def test_admin_connects_quickbooks_and_adds_the_sync_step_after_the_approval(
    page: Page, sign_in
) -> None:
    company = CompanyFactory.create(name="Harbor Builders")
    admin = UserFactory.create(company=company, role=User.Role.ADMIN)
    member = UserFactory.create(company=company, role=User.Role.MEMBER)
    template = form_template(admin=admin)
    vendor = VendorFactory.create(company=company, name='O\'Brien & Sons "West"')
    joist = MaterialFactory.create(company=company, name="Joist hanger 2x8")
    workflow, _ = workflow_get_or_create(actor=admin, template=template)
    draft = workflow.versions.get(state=WorkflowVersion.State.DRAFT)
    workflow_draft_save(
        actor=admin,
        workflow=workflow,
        revision=draft.revision,
        steps=[
            GraphStep(key="submit", type="submit", x=300, y=60),
            GraphStep(
                key="approval-1",
                type="approval",
                config={"approvers": "role", "role": "admin"},
                x=300,
                y=220,
            ),
        ],
        transitions=[GraphTransition(source="submit", outcome="next", target="approval-1")],
    )
    data = {
        "vendor": vendor.pk,
        "materials": [
            {"material_id": joist.pk, "quantity": "12"},
            {"name": "Crane rental (half day)", "quantity": "1", "unit_cost": "450"},
        ],
        "memo": "Deliver to the north gate",
        "due_date": "2026-12-18",
    }
    earlier = outside_event_loop(submission_create, actor=member, template=template, data=data)
    sign_in(admin)

    # Greyed out, with its reason, until QuickBooks is connected.
    page.goto(f"/workflows/{workflow.pk}")
    palette = page.get_by_role("list", name="Step types")
    sync_item = palette.get_by_role("button", name="Sync with QuickBooks")
    expect(sync_item).to_have_attribute("aria-disabled", "true")
    expect(palette).to_contain_text("Connect QuickBooks Online in Settings > Integrations first.")

    # Two clicks: Connect here, Connect on QuickBooks' consent page.
    page.goto("/settings/integrations/quickbooks")
    page.get_by_role("button", name="Connect to QuickBooks").click()
    page.get_by_role("button", name="Connect").click()
    expect(page).to_have_url(re.compile(r"/settings/integrations/quickbooks\?connected=1$"))
    expect(
        page.get_by_role("status").filter(has_text="QuickBooks Online is connected")
    ).to_be_visible()
    expect(page.get_by_text("Sandbox Company_US_1").first).to_be_visible()
    expect(page.get_by_label("Accounts payable (purchase orders)")).not_to_have_value("")

    page.goto(f"/workflows/{workflow.pk}")
    expect(sync_item).to_have_attribute("aria-disabled", "false")
    canvas = page.get_by_role("region", name="Workflow canvas")
    sync_item.drag_to(canvas, target_position={"x": 200, "y": 600})
    expect(node(page, "sync_quickbooks-1")).to_be_visible()
    saved = page.get_by_role("status").filter(has_text="All changes saved")
    expect(saved).to_be_visible()
    node(page, "approval-1").get_by_role("button", name="Configure Approval").click()
    page.get_by_role("complementary", name="Configure Approval").get_by_label(
        "When approved"
    ).select_option("sync_quickbooks-1")

    node(page, "sync_quickbooks-1").get_by_role(
        "button", name="Configure Sync with QuickBooks"
    ).click()
    drawer = page.get_by_role("complementary", name="Configure Sync with QuickBooks")
    drawer.get_by_label("Vendor").select_option("vendor")
    drawer.get_by_label("Materials").select_option("materials")
    drawer.get_by_label("Memo").select_option("memo")
    drawer.get_by_label("Due Date").select_option("due_date")
    drawer.get_by_role("switch", name="Create unlinked items").check()
    preview = drawer.get_by_role("region", name="Purchase order preview")
    expect(preview).to_contain_text("the latest submission")
    expect(preview).to_contain_text(earlier.number)
    expect(preview).to_contain_text('"Memo": "Deliver to the north gate"')
    expect(preview).to_contain_text("Crane rental (half day)")

    expect(page.get_by_text("No problems: ready to publish.")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="All changes saved")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status").filter(has_text="Published version 1.")).to_be_visible()

    # The member submits; the admin approves on the form's page, whose open timeline shows the
    # sync as the server's worker does it.
    submission = outside_event_loop(submission_create, actor=member, template=template, data=data)
    page.goto(f"/submissions/{submission.pk}")
    page.get_by_role("tab", name="Timeline").click()
    timeline = page.get_by_role("list", name="Timeline")
    expect(timeline).to_contain_text(f"Submitted by {member.display_name}")
    page.get_by_role("button", name=re.compile("^Approve")).click()
    expect(timeline).to_contain_text(
        f"Synced with QuickBooks as purchase order {submission.number}", timeout=30_000
    )
    link = timeline.get_by_role(
        "link", name=f"Open purchase order {submission.number} in QuickBooks"
    )
    expect(link).to_have_attribute(
        "href", re.compile(r"/qbo-sandbox/companies/\w+/purchase-orders/\d+/$")
    )

    connection = QuickBooksConnection.objects.get(company=company)
    orders = [
        entity.body
        for entity in SandboxEntity.objects.filter(
            company__realm_id=connection.realm_id, entity_type="PurchaseOrder"
        )
        if entity.body.get("DocNumber") == submission.number
    ]
    assert len(orders) == 1
    [order] = orders
    assert order["VendorRef"]["name"] == 'O\'Brien & Sons "West"'
    assert order["Memo"] == "Deliver to the north gate"
    assert order["DueDate"] == "2026-12-18"
    assert [line["ItemBasedExpenseLineDetail"]["ItemRef"]["name"] for line in order["Line"]] == [
        "Joist hanger 2x8",
        "Crane rental (half day)",
    ]
    items = SandboxEntity.objects.filter(
        company__realm_id=connection.realm_id,
        entity_type="Item",
        name_key="crane rental (half day)",
    )
    assert items.count() == 1
