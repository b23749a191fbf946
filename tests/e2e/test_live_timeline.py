"""A form's open timeline shows what the workflow does, as the worker does it, without a reload:
the member watches while an admin approves from the waiting list."""

from playwright.sync_api import Browser, Page, expect

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
from tests.workflows.test_engine import APPROVAL_FLOW
from workflows.forms.services import submission_create


def test_the_member_sees_the_approval_and_the_worker_s_steps_appear_live(
    page: Page, sign_in, browser: Browser, live_server_url: str
) -> None:
    company = CompanyFactory.create()
    admin = UserFactory.create(company=company, role=User.Role.ADMIN, name="Avery Admin")
    member = UserFactory.create(company=company, role=User.Role.MEMBER, name="Morgan Member")
    template = form_template(admin=admin)
    published_workflow(template=template, **APPROVAL_FLOW)
    data = {
        "vendor": VendorFactory.create(company=company).pk,
        "materials": [{"material_id": MaterialFactory.create(company=company).pk, "quantity": 1}],
    }
    submission = outside_event_loop(submission_create, actor=member, template=template, data=data)

    sign_in(member)
    page.goto(f"/submissions/{submission.pk}")
    page.get_by_role("tab", name="Timeline").click()
    timeline = page.get_by_role("list", name="Timeline")
    expect(page.get_by_text("Live: new events appear as they happen")).to_be_visible()
    # Raised by the worker once it started the run.
    expect(timeline).to_contain_text("Approval requested from Avery Admin")

    admin_context = browser.new_context(base_url=live_server_url)
    admin_page = admin_context.new_page()
    admin_page.goto("/signin")
    admin_page.get_by_label("Email").fill(admin.email)
    admin_page.get_by_label("Password").fill(PASSWORD)
    admin_page.get_by_role("button", name="Sign in").click()
    navigation = admin_page.get_by_role("navigation", name="Main")
    expect(navigation.get_by_label("1 waiting")).to_be_visible()
    navigation.get_by_role("link", name="Approvals").click()
    admin_page.get_by_role("button", name=f"Approve {submission.number}").click()
    expect(admin_page.get_by_text(f"{submission.number} approved.")).to_be_visible()
    admin_context.close()

    expect(timeline).to_contain_text("Approved by Avery Admin")
    # Raised by the worker as it carries the run on after the approval.
    expect(timeline).to_contain_text("Status set to Approved")
    expect(timeline).to_contain_text("Workflow finished")
    expect(page.get_by_role("region", name="Workflow")).to_contain_text("Finished")
