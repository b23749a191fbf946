"""Lists, counts and badges change without a reload, at once after a change made in another
browser (or by the worker on its behalf): a new PO waiting for approval, an approval decided, a PO
synced with QuickBooks after an admin reconnected it."""

import re
import time
from collections.abc import Callable

from playwright.sync_api import Browser, Page, expect

from integrations.qbo_sandbox import services as sandbox
from integrations.quickbooks.models import QuickBooksConnection
from ontraccr_clone.accounts.models import User
from tests.e2e.conftest import outside_event_loop
from tests.factories import (
    PASSWORD,
    CompanyFactory,
    MaterialFactory,
    UserFactory,
    VendorFactory,
    form_template,
    published_workflow,
)
from tests.integrations.quickbooks.test_workflow_step import sync_flow
from tests.workflows.test_engine import APPROVAL_FLOW
from workflows.engine.models import StepReport, StepRun
from workflows.forms.models import FormSubmission
from workflows.forms.services import submission_create

# What the browser may take after the change commits: one notice and one fetch, which take well
# under a second; the margin is for a loaded test machine (speed is the bench's to measure), and
# stays far below the lifetimes the lists were cached for before they were told of changes.
AT_ONCE = 5000
WORKER_WAIT_SECONDS = 30


def committed(check: Callable[[], bool]) -> None:
    """Wait until the change is in the database, made by another browser or by the worker."""
    deadline = time.monotonic() + WORKER_WAIT_SECONDS
    while not check():
        assert time.monotonic() < deadline, "the change was never made"
        time.sleep(0.05)


def listening(page: Page) -> None:
    """The page's live channel is open: what changes from now on reaches it."""
    expect(page.locator(".shell[data-live=open]")).to_be_attached()


def signed_in_page(browser: Browser, live_server_url: str, user: User) -> Page:
    context = browser.new_context(base_url=live_server_url, viewport={"width": 1400, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/signin")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("navigation", name="Main").wait_for()
    return page


def test_approvals_and_their_count_follow_a_new_po_and_a_decision_made_elsewhere(
    page: Page, sign_in, browser: Browser, live_server_url: str
) -> None:
    company = CompanyFactory.create()
    avery = UserFactory.create(company=company, role=User.Role.ADMIN, name="Avery Admin")
    blake = UserFactory.create(company=company, role=User.Role.ADMIN, name="Blake Admin")
    member = UserFactory.create(company=company, role=User.Role.MEMBER, name="Morgan Member")
    template = form_template(admin=avery)
    published_workflow(template=template, **APPROVAL_FLOW)
    VendorFactory.create(company=company, name="Cascade Lumber")
    MaterialFactory.create(company=company, name="2x4 Stud 8ft")

    sign_in(blake)
    page.goto("/approvals")
    blake_nav = page.get_by_role("navigation", name="Main")
    expect(page.get_by_text("Nothing is waiting for you")).to_be_visible()
    listening(page)
    avery_page = signed_in_page(browser, live_server_url, avery)
    avery_page.goto("/approvals")
    listening(avery_page)

    # The member has no link to the workflows only admins may draw.
    member_page = signed_in_page(browser, live_server_url, member)
    member_nav = member_page.get_by_role("navigation", name="Main")
    expect(member_nav.get_by_role("link", name="Approvals")).to_be_visible()
    expect(member_nav.get_by_role("link", name="Workflows")).to_have_count(0)
    member_page.goto(f"/forms/{template.pk}/submit")
    # Chosen from the keyboard, the vendor's Change button takes the focus, not the page.
    member_page.get_by_role("combobox", name="Vendor").fill("Casc")
    member_page.get_by_role("option", name=re.compile("Cascade Lumber")).wait_for()
    member_page.keyboard.press("Enter")
    expect(member_page.get_by_role("button", name="Change Vendor: Cascade Lumber")).to_be_focused()
    assert member_page.evaluate("document.activeElement !== document.body")
    expect(member_page.get_by_text("Vendor: chose Cascade Lumber")).to_be_attached()
    add_material = member_page.get_by_role("combobox", name="Add material")
    add_material.fill("2x4")
    member_page.get_by_role("option", name=re.compile("2x4 Stud 8ft")).wait_for()
    member_page.keyboard.press("Enter")
    expect(add_material).to_be_focused()
    member_page.get_by_role("button", name="Submit").click()
    expect(member_page).to_have_url(re.compile(r"/submissions/\d+$"))
    submission = FormSubmission.objects.get(company=company)

    committed(
        lambda: StepRun.objects.filter(
            run__submission=submission, status=StepRun.Status.WAITING
        ).exists()
    )
    for admin_page in (page, avery_page):
        nav = admin_page.get_by_role("navigation", name="Main")
        expect(nav.get_by_label("1 waiting")).to_be_visible(timeout=AT_ONCE)
        expect(admin_page.get_by_role("button", name=f"Approve {submission.number}")).to_be_visible(
            timeout=AT_ONCE
        )

    member_page.goto("/submissions")
    row = member_page.get_by_role("row").filter(has_text=submission.number)
    expect(row).to_contain_text("Submitted")
    listening(member_page)

    avery_page.get_by_role("button", name=f"Approve {submission.number}").click()
    committed(lambda: FormSubmission.objects.get(pk=submission.pk).status == "Approved")
    expect(page.get_by_role("button", name=f"Approve {submission.number}")).to_have_count(
        0, timeout=AT_ONCE
    )
    expect(blake_nav.get_by_label("1 waiting")).to_have_count(0, timeout=AT_ONCE)
    expect(row).to_contain_text("Approved", timeout=AT_ONCE)
    for other in (avery_page, member_page):
        other.context.close()


def test_the_submissions_list_shows_a_po_synced_once_an_admin_reconnects_elsewhere(
    page: Page, sign_in, browser: Browser, live_server_url: str
) -> None:
    company = CompanyFactory.create()
    admin = UserFactory.create(company=company, role=User.Role.ADMIN, name="Avery Admin")
    member = UserFactory.create(company=company, role=User.Role.MEMBER, name="Morgan Member")
    template = form_template(admin=admin)
    sync_flow(template)
    data = {
        "vendor": VendorFactory.create(company=company).pk,
        "materials": [{"material_id": MaterialFactory.create(company=company).pk, "quantity": 2}],
    }

    sign_in(admin)
    page.goto("/settings/integrations/quickbooks")
    page.get_by_role("button", name="Connect to QuickBooks").click()
    page.get_by_role("button", name="Connect").click()
    expect(page).to_have_url(re.compile(r"/settings/integrations/quickbooks\?connected=1$"))
    # QuickBooks stops accepting the app's sign-in: the next PO waits for a reconnection.
    connection = QuickBooksConnection.objects.get(company=company)
    sandbox.oauth_token_revoke(app=sandbox.selectors.app_default(), token=connection.refresh_token)
    QuickBooksConnection.objects.filter(pk=connection.pk).update(access_expires_at=None)
    submission = outside_event_loop(submission_create, actor=member, template=template, data=data)

    member_page = signed_in_page(browser, live_server_url, member)
    member_page.goto("/submissions")
    row = member_page.get_by_role("row").filter(has_text=submission.number)
    expect(row).to_contain_text("Waiting for reconnection", timeout=WORKER_WAIT_SECONDS * 1000)
    listening(member_page)

    page.goto("/settings/integrations/quickbooks")
    page.get_by_role("button", name="Reconnect").click()
    page.get_by_role("button", name="Connect").click()
    committed(
        lambda: StepReport.objects.filter(
            submission=submission, step_type="sync_quickbooks", state="done"
        ).exists()
    )
    expect(
        row.get_by_role("link", name=re.compile(f"QuickBooks: Synced {submission.number}"))
    ).to_be_visible(timeout=AT_ONCE)
    expect(row).not_to_contain_text("Waiting for reconnection")
    member_page.context.close()
