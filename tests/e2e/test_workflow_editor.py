"""The workflow editor in the browser: steps dragged from the palette, connected handle to handle,
configured in the Configure slider, and published once the problems are gone."""

import re

from playwright.sync_api import Locator, Page, expect

from ontraccr_clone.accounts.models import User
from tests.e2e.conftest import outside_event_loop
from tests.factories import CompanyFactory, UserFactory, form_template
from workflows.definitions.services import workflow_draft_save, workflow_get_or_create
from workflows.definitions.validation import GraphStep
from workflows.models import WorkflowVersion


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


def test_admin_draws_configures_and_publishes_the_purchase_order_workflow(
    page: Page, sign_in
) -> None:
    company = CompanyFactory.create(name="Harbor Builders")
    admin = UserFactory.create(company=company, role=User.Role.ADMIN)
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
    # A second arrow from one outcome, and an arrow from a step to itself, are refused.
    connect(page, "submit", "next", "update_status-1")
    connect(page, "approval-1", "rejected", "approval-1")
    expect(page.locator(".react-flow__edge")).to_have_count(2)

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

    # A later change is a draft; version 1 can be viewed read-only and restored as the draft.
    node(page, "update_status-1").get_by_role("button", name="Configure Update status").click()
    page.get_by_role("button", name="Delete step").click()
    expect(node(page, "update_status-1")).to_have_count(0)
    expect(page.get_by_text("Draft with changes")).to_be_visible()
    page.get_by_role("button", name="Version history").click()
    page.get_by_role("button", name="View version 1").click()
    version_canvas = page.get_by_role("region", name="Version 1, read-only")
    expect(version_canvas.locator(".react-flow__node")).to_have_count(3)
    expect(version_canvas.get_by_role("button", name=re.compile("^Configure"))).to_have_count(0)
    page.get_by_role("button", name="Restore version 1 as draft").click()
    expect(node(page, "update_status-1")).to_be_visible()
    expect(page.locator(".react-flow__edge")).to_have_count(2)

    page.get_by_role("link", name="All workflows").click()
    row = page.get_by_role("row").filter(has_text="Purchase Order")
    expect(row).to_contain_text("Version 1")
    expect(row).to_contain_text("Unpublished changes")


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
