"""The workflow editor in the browser: steps dragged from the palette, connected handle to handle,
configured in the Configure slider, and published once the problems are gone; then the workflow
runs for a member's purchase order while its timeline is open."""

import re

from playwright.sync_api import Browser, Locator, Page, expect

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
from workflows.definitions.validation import GraphStep
from workflows.models import WorkflowVersion

WORKER_WAIT = 20_000  # milliseconds


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


def connect(page: Page, source: str, outcome: str, target: str) -> None:
    drag_mouse(
        page,
        node(page, source).locator(f'.react-flow__handle.source[data-handleid="{outcome}"]'),
        node(page, target).locator(".react-flow__handle.target"),
    )


def test_admin_publishes_a_workflow_that_the_member_then_watches_run_live(
    page: Page, sign_in, browser: Browser, live_server_url: str
) -> None:
    company = CompanyFactory.create(name="Harbor Builders")
    admin = UserFactory.create(company=company, role=User.Role.ADMIN, name="Avery Admin")
    member = UserFactory.create(company=company, name="Morgan Member")
    VendorFactory.create(company=company, name="Cascade Lumber")
    MaterialFactory.create(company=company, name="2x4 Stud 8ft", unit_cost="4.25")
    template = form_template(admin=admin)
    sign_in(admin)

    page.goto("/forms")
    page.get_by_role("link", name="Workflow of Purchase Order").click()
    expect(page.get_by_role("heading", name="Purchase Order workflow")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/workflows/\d+$"))
    problems = page.get_by_role("list", name="Problems")
    expect(problems).to_contain_text("Nothing follows Submit")
    publish = page.get_by_role("button", name="Publish")
    expect(publish).to_be_disabled()

    canvas = page.get_by_role("region", name="Workflow canvas")
    palette = page.get_by_role("list", name="Step types")
    palette.get_by_role("button", name="Approval").drag_to(
        canvas, target_position={"x": 200, "y": 110}
    )
    expect(node(page, "approval-1")).to_be_visible()
    palette.get_by_role("button", name="Update status").drag_to(
        canvas, target_position={"x": 200, "y": 620}
    )
    expect(node(page, "approval-1")).to_be_visible()
    expect(node(page, "update_status-1")).to_be_visible()

    connect(page, "submit", "next", "approval-1")
    connect(page, "approval-1", "approved", "update_status-1")
    # A second arrow from one outcome, an arrow from a step to itself, and one into Submit are
    # refused, each saying why where it was let go, for a few seconds.
    refusal = canvas.get_by_role("status")
    connect(page, "submit", "next", "update_status-1")
    expect(refusal).to_have_text("This outcome already has an arrow; delete it first.")
    connect(page, "approval-1", "rejected", "approval-1")
    expect(refusal).to_have_text("A step cannot lead to itself.")
    drag_mouse(
        page,
        node(page, "approval-1").locator('.react-flow__handle.source[data-handleid="rejected"]'),
        node(page, "submit"),
    )
    expect(refusal).to_have_text(re.compile("^Nothing can lead back to Submit"))
    expect(page.locator(".react-flow__edge")).to_have_count(2)
    expect(refusal).to_be_empty(timeout=6_000)

    node(page, "approval-1").get_by_role("button", name="Configure Approval").click()
    drawer = page.get_by_role("complementary", name="Configure Approval")
    drawer.get_by_label("Approvers").select_option("role")
    drawer.get_by_label("Role").select_option("admin")
    expect(drawer.get_by_label("When approved")).to_have_value("update_status-1")

    node(page, "update_status-1").get_by_role("button", name="Configure Update status").click()
    drawer = page.get_by_role("complementary", name="Configure Update status")
    drawer.get_by_label("Status").fill("Approved")

    expect(page.get_by_text("No problems: ready to publish.")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="All changes saved")).to_be_visible()
    # Each step says what it does, in the server's words.
    expect(node(page, "approval-1")).to_contain_text("Approval by every admin")
    expect(node(page, "update_status-1")).to_contain_text("Set status to Approved")
    publish.click()
    expect(page.get_by_role("status").filter(has_text="Published version 1.")).to_be_visible()

    version = WorkflowVersion.objects.get(workflow__form_template=template, number=1)
    assert sorted(version.steps.values_list("type", flat=True)) == [
        "approval", "submit", "update_status",
    ]  # fmt: skip
    assert version.steps.get(type="update_status").config == {"status": "Approved"}
    assert sorted(version.transitions.values_list("source__key", "outcome", "target__key")) == [
        ("approval-1", "approved", "update_status-1"),
        ("submit", "next", "approval-1"),
    ]

    # A step added and deleted again leaves nothing to publish: the draft is gone.
    title = page.locator(".editor-title")
    palette.get_by_role("button", name="Update status").drag_to(
        canvas, target_position={"x": 480, "y": 330}
    )
    expect(node(page, "update_status-2")).to_be_visible()
    expect(title).to_contain_text("Draft with changes")
    node(page, "update_status-2").get_by_role("button", name="Configure Update status").click()
    page.get_by_role("button", name="Delete step").click()
    expect(node(page, "update_status-2")).to_have_count(0)
    expect(title).not_to_contain_text("Draft with changes")
    expect(title).to_contain_text("Published version 1")
    expect(publish).to_be_disabled()

    # A later change is a draft; version 1 can be viewed read-only and restored, which leaves
    # nothing to publish again.
    node(page, "update_status-1").get_by_role("button", name="Configure Update status").click()
    page.get_by_role("button", name="Delete step").click()
    expect(node(page, "update_status-1")).to_have_count(0)
    expect(title).to_contain_text("Draft with changes")
    page.get_by_role("button", name="Version history").click()
    page.get_by_role("button", name="View version 1").click()
    version_canvas = page.get_by_role("region", name="Version 1, read-only")
    expect(version_canvas.locator(".react-flow__node")).to_have_count(3)
    expect(version_canvas.get_by_role("button", name=re.compile("^Configure"))).to_have_count(0)
    page.get_by_role("button", name="Restore version 1 as draft").click()
    expect(node(page, "update_status-1")).to_be_visible()
    expect(page.locator(".react-flow__edge")).to_have_count(2)
    expect(title).not_to_contain_text("Draft with changes")

    page.get_by_role("link", name="All workflows").click()
    row = page.get_by_role("row").filter(has_text="Purchase Order")
    expect(row).to_contain_text("Version 1")
    expect(row).not_to_contain_text("Unpublished changes")

    # The member submits a purchase order and keeps its timeline open.
    member_page = browser.new_context(base_url=live_server_url).new_page()
    member_page.goto("/signin")
    member_page.get_by_label("Email").fill(member.email)
    member_page.get_by_label("Password").fill(PASSWORD)
    member_page.get_by_role("button", name="Sign in").click()
    member_page.get_by_role("link", name="Fill out Purchase Order").click()
    member_page.get_by_role("combobox", name="Vendor").fill("Casc")
    member_page.get_by_role("option", name=re.compile("Cascade Lumber")).click()
    member_page.get_by_role("combobox", name="Add material").fill("2x4")
    member_page.get_by_role("option", name=re.compile("2x4 Stud 8ft")).click()
    member_page.get_by_label("Quantity, line 1").fill("12")
    member_page.get_by_role("button", name="Submit").click()
    expect(member_page).to_have_url(re.compile(r"/submissions/\d+$"))
    expect(member_page.get_by_role("status")).to_have_text("PO-1001 submitted")
    member_page.get_by_role("tab", name="Timeline").click()
    timeline = member_page.get_by_role("list", name="Timeline")
    expect(member_page.get_by_text("Live: new events appear as they happen")).to_be_visible()
    expect(timeline).to_contain_text("Submitted by Morgan Member")
    # Raised by the worker, which polls its queue: it may take a few seconds on a busy machine.
    expect(timeline).to_contain_text("Approval requested from Avery Admin", timeout=WORKER_WAIT)

    # The admin approves it from the waiting list; the member's page shows the run go on.
    page.goto("/approvals")
    page.get_by_role("button", name="Approve PO-1001").click()
    expect(page.get_by_text("PO-1001 approved.")).to_be_visible()
    expect(timeline).to_contain_text("Approved by Avery Admin")
    expect(timeline).to_contain_text("Status set to Approved", timeout=WORKER_WAIT)
    expect(timeline).to_contain_text("Workflow finished", timeout=WORKER_WAIT)
    member_page.context.close()


def test_keyboard_adds_connects_undoes_and_a_stale_save_offers_to_reload(
    page: Page, sign_in
) -> None:
    company = CompanyFactory.create()
    admin = UserFactory.create(company=company, role=User.Role.ADMIN)
    other = UserFactory.create(company=company, role=User.Role.ADMIN, name="Sam Second")
    workflow, _ = workflow_get_or_create(actor=admin, template=form_template(admin=admin))
    sign_in(admin)
    page.goto(f"/workflows/{workflow.pk}")

    page.get_by_role("list", name="Step types").get_by_role("button", name="Update status").press(
        "Enter"
    )
    drawer = page.get_by_role("complementary", name="Configure Update status")
    expect(drawer).to_be_visible()
    drawer.get_by_label("Status").fill("Ordered")
    page.get_by_role("list", name="Problems").get_by_role("button").filter(
        has_text="Nothing follows Submit"
    ).click()
    page.get_by_role("complementary", name="Configure Submit").get_by_label("Then").select_option(
        "update_status-1"
    )
    expect(page.locator(".react-flow__edge")).to_have_count(1)
    expect(page.get_by_text("No problems: ready to publish.")).to_be_visible()

    node(page, "update_status-1").focus()
    page.keyboard.press("Enter")  # selects the focused step
    page.keyboard.press("Delete")
    expect(node(page, "update_status-1")).to_have_count(0)
    page.keyboard.press("Control+z")
    expect(node(page, "update_status-1")).to_be_visible()
    expect(page.locator(".react-flow__edge")).to_have_count(1)
    expect(page.get_by_role("status").filter(has_text="All changes saved")).to_be_visible()

    # Another admin saves meanwhile; this editor's next save is refused and says who saved.
    outside_event_loop(
        workflow_draft_save,
        actor=other,
        workflow=workflow,
        revision=WorkflowVersion.objects.get(workflow=workflow).revision,
        steps=[GraphStep("submit", "submit")],
        transitions=[],
    )
    node(page, "update_status-1").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowRight")
    alert = page.get_by_role("alert").filter(has_text="Your last change was not saved.")
    expect(alert).to_contain_text("Sam Second saved this workflow at")
    alert.get_by_role("button", name="Reload the workflow").click()
    expect(node(page, "update_status-1")).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="All changes saved")).to_be_visible()
