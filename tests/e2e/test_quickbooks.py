"""QuickBooks Online in the browser, the whole story: connect through the sandbox's consent page,
drag the 'Sync with QuickBooks' step after the approval, map it and publish; a member's purchase
order, once approved, reaches the sandbox exactly once while its timeline is open."""

import re

from playwright.sync_api import Browser, Locator, Page, expect

from integrations.qbo_sandbox.models import SandboxEntity
from integrations.quickbooks.models import QuickBooksConnection, QuickBooksSyncRecord
from ontraccr_clone.accounts.models import User
from tests.e2e.conftest import outside_event_loop
from tests.factories import (
    PASSWORD,
    CompanyFactory,
    MaterialFactory,
    UserFactory,
    VendorFactory,
    form_template,
)
from workflows.definitions.services import workflow_draft_save, workflow_get_or_create
from workflows.definitions.validation import GraphStep, GraphTransition
from workflows.forms.models import FormSubmission
from workflows.forms.services import submission_create
from workflows.models import WorkflowVersion

VENDOR = 'O\'Brien & Sons "West"'
WORKER_WAIT = 30_000  # milliseconds: the worker polls its queue on a busy machine


def node(page: Page, key: str) -> Locator:
    return page.locator(f'.react-flow__node[data-id="{key}"]')


def drag_mouse(page: Page, source: Locator, target: Locator) -> None:
    """Press on the middle of `source`, move in steps as a hand would, release on `target`."""
    start, end = source.bounding_box(), target.bounding_box()
    assert start and end
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=12)
    page.mouse.up()


def test_a_purchase_order_approved_in_the_browser_is_synced_to_quickbooks_once(
    page: Page, sign_in, browser: Browser, live_server_url: str
) -> None:
    company = CompanyFactory.create(name="Harbor Builders")
    admin = UserFactory.create(company=company, role=User.Role.ADMIN, name="Avery Admin")
    member = UserFactory.create(company=company, role=User.Role.MEMBER, name="Morgan Member")
    template = form_template(admin=admin)
    vendor = VendorFactory.create(company=company, name=VENDOR)
    joist = MaterialFactory.create(company=company, name="Joist hanger 2x8", unit_cost="3.20")
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
    # An earlier purchase order, before the workflow had the step, for the preview to show.
    earlier = outside_event_loop(
        submission_create,
        actor=member,
        template=template,
        data={
            "vendor": vendor.pk,
            "materials": [
                {"material_id": joist.pk, "quantity": "4"},
                {"name": "Site fencing (week)", "quantity": "1", "unit_cost": "120"},
            ],
            "memo": "Leave at the site office",
            "due_date": "2026-12-11",
        },
    )
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

    # Dragged from the palette below the approval, and connected handle to handle.
    page.goto(f"/workflows/{workflow.pk}")
    expect(sync_item).to_have_attribute("aria-disabled", "false")
    canvas = page.get_by_role("region", name="Workflow canvas")
    sync_item.drag_to(canvas, target_position={"x": 200, "y": 560})
    expect(node(page, "sync_quickbooks-1")).to_be_visible()
    drag_mouse(
        page,
        node(page, "approval-1").locator('.react-flow__handle.source[data-handleid="approved"]'),
        node(page, "sync_quickbooks-1").locator(".react-flow__handle.target"),
    )
    expect(page.locator(".react-flow__edge")).to_have_count(2)
    node(page, "approval-1").get_by_role("button", name="Configure Approval").click()
    expect(
        page.get_by_role("complementary", name="Configure Approval").get_by_label("When approved")
    ).to_have_value("sync_quickbooks-1")

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
    expect(preview).to_contain_text('"Memo": "Leave at the site office"')
    expect(preview).to_contain_text('"DueDate": "2026-12-11"')
    expect(preview).to_contain_text("Site fencing (week)")

    expect(page.get_by_text("No problems: ready to publish.")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="All changes saved")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status").filter(has_text="Published version 1.")).to_be_visible()
    version = WorkflowVersion.objects.get(workflow=workflow, number=1)
    assert version.transitions.filter(
        source__key="approval-1", outcome="approved", target__key="sync_quickbooks-1"
    ).exists()

    # The member fills in the form: the vendor, a catalog material and a new free-text one.
    member_page = browser.new_context(
        base_url=live_server_url, viewport={"width": 1400, "height": 900}
    ).new_page()
    member_page.goto("/signin")
    member_page.get_by_label("Email").fill(member.email)
    member_page.get_by_label("Password").fill(PASSWORD)
    member_page.get_by_role("button", name="Sign in").click()
    member_page.get_by_role("link", name="Fill out Purchase Order").click()
    member_page.get_by_role("combobox", name="Vendor").fill("O'Brien")
    member_page.get_by_role("option", name=re.compile("O'Brien & Sons")).click()
    member_page.get_by_role("combobox", name="Add material").fill("Joist")
    member_page.get_by_role("option", name=re.compile("Joist hanger 2x8")).click()
    member_page.get_by_label("Quantity, line 1").fill("12")
    member_page.get_by_role("button", name="Add free-text line").click()
    member_page.get_by_label("Material, line 2").fill("Crane rental (half day)")
    member_page.get_by_label("Quantity, line 2").fill("1")
    member_page.get_by_label("Unit cost, line 2").fill("450")
    member_page.get_by_label("Memo").fill("Deliver to the north gate")
    member_page.get_by_label("Due Date").fill("2026-12-18")
    member_page.get_by_role("button", name="Submit").click()
    expect(member_page).to_have_url(re.compile(r"/submissions/\d+$"))
    number = "PO-1002"
    expect(member_page.get_by_role("status")).to_have_text(f"{number} submitted")
    member_page.get_by_role("tab", name="Timeline").click()
    timeline = member_page.get_by_role("list", name="Timeline")
    expect(member_page.get_by_text("Live: new events appear as they happen")).to_be_visible()
    expect(timeline).to_contain_text("Submitted by Morgan Member")
    expect(timeline).to_contain_text("Approval requested from Avery Admin", timeout=WORKER_WAIT)

    # The admin approves it from the waiting list; the member's open timeline shows the sync.
    page.goto("/approvals")
    page.get_by_role("button", name=f"Approve {number}").click()
    expect(page.get_by_text(f"{number} approved.")).to_be_visible()
    synced = timeline.get_by_role("listitem").filter(
        has_text=f"Synced with QuickBooks as purchase order {number}"
    )
    expect(synced).to_be_visible(timeout=WORKER_WAIT)
    submission = FormSubmission.objects.get(company=company, number=number)
    record = QuickBooksSyncRecord.objects.get(submission=submission)
    expect(synced.locator("time")).to_have_attribute(
        "datetime", re.compile(rf"^{record.created_at:%Y-%m-%dT%H:%M}")
    )
    expect(
        synced.get_by_role("link", name=f"Open purchase order {number} in QuickBooks")
    ).to_have_attribute(
        "href", re.compile(rf"/qbo-sandbox/companies/\w+/purchase-orders/{record.qbo_po_id}/$")
    )
    expect(timeline).to_contain_text("Workflow finished", timeout=WORKER_WAIT)
    expect(synced).to_have_count(1)
    member_page.context.close()

    # The sandbox holds exactly one purchase order for the form, as the member filled it in.
    realm_id = QuickBooksConnection.objects.get(company=company).realm_id
    orders = [
        entity.body
        for entity in SandboxEntity.objects.filter(
            company__realm_id=realm_id, entity_type="PurchaseOrder"
        )
        if entity.body.get("DocNumber") == number
    ]
    assert len(orders) == 1
    [order] = orders
    assert order["VendorRef"]["name"] == VENDOR
    assert order["Memo"] == "Deliver to the north gate"
    assert order["DueDate"] == "2026-12-18"
    lines = [
        (
            line["ItemBasedExpenseLineDetail"]["ItemRef"]["name"],
            line["ItemBasedExpenseLineDetail"]["Qty"],
            line["Amount"],
        )
        for line in order["Line"]
    ]
    assert lines == [("Joist hanger 2x8", 12, 38.4), ("Crane rental (half day)", 1, 450)]
    new_items = SandboxEntity.objects.filter(
        company__realm_id=realm_id, entity_type="Item", name_key="crane rental (half day)"
    )
    assert new_items.count() == 1
