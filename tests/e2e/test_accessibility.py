"""axe-core on every page of the app, in the states people see them in (a dialog or slider open,
a run waiting, a timeline with advice), for an admin and for a member: no serious or critical
violations. The QBO sandbox's own pages are not the app's and are not checked."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from ontraccr_clone.accounts.models import User
from tests.e2e.accessibility import expect_accessible
from tests.e2e.conftest import outside_event_loop
from tests.factories import (
    PASSWORD,
    CompanyFactory,
    CustomerFactory,
    MaterialFactory,
    UserFactory,
    VendorFactory,
    form_template,
    published_workflow,
)
from tests.integrations.quickbooks.conftest import SYNC_CONFIG
from workflows.forms.services import submission_create

WORKER_WAIT = 20_000  # milliseconds


@pytest.fixture
def axe_page(browser: Browser, live_server_url: str, transactional_db) -> Iterator[Page]:
    """A page that lets the test add axe's script: the app's Content-Security-Policy allows
    only its own scripts (tests/e2e/test_content_security_policy.py checks that policy)."""
    context = browser.new_context(
        base_url=live_server_url, viewport={"width": 1400, "height": 900}, bypass_csp=True
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _sign_in(page: Page, user: User) -> None:
    page.goto("/signin")
    expect_accessible(page, what="the sign-in page")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    expect_accessible(page, what="the forgotten password page")
    page.goto("/signin")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("navigation", name="Main").wait_for()


def test_every_page_passes_axe_for_an_admin_and_a_member(axe_page: Page) -> None:
    page = axe_page
    company = CompanyFactory.create(name="Harbor Builders")
    admin = UserFactory.create(company=company, role=User.Role.ADMIN, name="Avery Admin")
    member = UserFactory.create(company=company, role=User.Role.MEMBER, name="Morgan Member")
    vendor = VendorFactory.create(company=company, name="Cascade Lumber")
    material = MaterialFactory.create(company=company, name="2x4 Stud 8ft", unit_cost="4.25")
    customer = CustomerFactory.create(company=company, name="Freeman Sporting Goods")
    CustomerFactory.create(company=company, name="55 Twin Lane", parent=customer)
    template = form_template(admin=admin)
    published_workflow(
        template=template,
        steps={
            "start": ("submit", {}),
            "approve": ("approval", {"approvers": "role", "role": "admin"}),
            "sync": ("sync_quickbooks", SYNC_CONFIG),
        },
        transitions=[("start", "next", "approve"), ("approve", "approved", "sync")],
    )
    data = {
        "vendor": vendor.pk,
        "materials": [{"material_id": material.pk, "quantity": 3}],
        "memo": "Deliver to gate 3",
        "due_date": "2026-12-15",
    }
    waiting = outside_event_loop(submission_create, actor=member, template=template, data=data)

    _sign_in(page, admin)
    page.goto("/forms")
    expect(page.get_by_role("heading", name="Forms", exact=True)).to_be_visible()
    expect_accessible(page, what="the forms list")

    page.goto("/forms/new")
    page.get_by_role("heading", level=1).wait_for()
    expect_accessible(page, what="the template builder of a new form")
    page.goto(f"/forms/{template.pk}/edit")
    expect(page.get_by_role("textbox", name="Name").first).to_have_value("Purchase Order")
    expect_accessible(page, what="the template builder of a form")

    page.goto("/workflows")
    page.get_by_role("heading", level=1).wait_for()
    expect_accessible(page, what="the workflows list")
    page.goto(f"/forms/{template.pk}/workflow")
    page.get_by_role("button", name="Configure Sync with QuickBooks").click()
    expect(page.get_by_role("complementary", name="Configure Sync with QuickBooks")).to_be_visible()
    expect_accessible(page, what="the workflow editor with the Configure slider open")

    page.goto("/approvals")
    expect(page.get_by_role("link", name=waiting.number)).to_be_visible(timeout=WORKER_WAIT)
    expect_accessible(page, what="the approvals page with a PO waiting")

    page.get_by_role("button", name=f"Reject {waiting.number}…").click()
    expect(page.get_by_role("textbox", name="Your note (reject)")).to_be_visible()
    expect_accessible(page, what="the approvals page asking for a rejection's note")

    page.goto(f"/submissions/{waiting.pk}")
    expect(page.get_by_role("button", name="Approve")).to_be_visible()
    expect_accessible(page, what="a submission with its run panel")
    page.get_by_role("button", name="Approve").click()
    page.get_by_role("tab", name="Timeline").click()
    advice = page.get_by_role("link", name="Open Settings > Integrations")
    expect(advice).to_be_visible(timeout=WORKER_WAIT)
    expect_accessible(page, what="a submission's timeline waiting for QuickBooks, as an admin")

    page.goto("/submissions")
    expect(page.get_by_role("link", name=waiting.number)).to_be_visible()
    expect_accessible(page, what="the submissions list")

    page.goto("/vendors")
    expect(page.get_by_text("Cascade Lumber")).to_be_visible()
    expect_accessible(page, what="the vendors page")
    page.get_by_role("button", name="New vendor").click()
    expect(page.get_by_role("dialog", name="New vendor")).to_be_visible()
    expect_accessible(page, what="the new vendor dialog")
    page.goto("/materials")
    expect(page.get_by_text("2x4 Stud 8ft")).to_be_visible()
    expect_accessible(page, what="the materials page")
    page.goto("/customers")
    expect(page.get_by_text("Project of Freeman Sporting Goods")).to_be_visible()
    expect_accessible(page, what="the customers page with a project")
    page.get_by_role("button", name="New customer").click()
    expect(page.get_by_role("option", name="Freeman Sporting Goods")).to_be_attached()
    expect_accessible(page, what="the new customer dialog")
    page.keyboard.press("Escape")

    page.goto("/settings")
    expect(page.get_by_text(member.email)).to_be_visible()
    expect_accessible(page, what="the settings page with the profile, people and form types")
    page.get_by_role("button", name="Invite person").click()
    expect(page.get_by_role("dialog", name="Invite person")).to_be_visible()
    expect_accessible(page, what="the invite person dialog")
    page.keyboard.press("Escape")
    page.goto("/settings/integrations/quickbooks")
    page.get_by_role("heading", level=1).wait_for()
    expect_accessible(page, what="the QuickBooks settings page")

    page.goto(f"/forms/{template.pk}/submit")
    free_text = page.get_by_role("button", name="Add free-text line")
    free_text.click()
    expect_accessible(page, what="the submit form with its materials table")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()  # signed out, not on its way
    _sign_in(page, member)
    page.goto(f"/submissions/{waiting.pk}")
    page.get_by_role("tab", name="Timeline").click()
    expect(page.get_by_text("will sync by itself once an admin reconnects")).to_be_visible()
    expect_accessible(page, what="a submission's timeline waiting for QuickBooks, as a member")
    page.goto("/forms")
    expect(page.get_by_role("heading", name="Forms", exact=True)).to_be_visible()
    expect_accessible(page, what="the forms list of a member")
    page.goto("/no-such-page")
    page.get_by_role("heading", level=1).wait_for()
    expect_accessible(page, what="the page-not-found page")
