"""A purchase order whose answer is lost on the way back is submitted once, however often it is
sent again."""

import re

from playwright.sync_api import Page, Route, expect

from ontraccr_clone.accounts.models import User
from tests.factories import (
    CompanyFactory,
    MaterialFactory,
    UserFactory,
    VendorFactory,
    form_template,
)
from workflows.models import FormSubmission


def test_submit_again_after_a_dropped_connection_makes_one_submission(page: Page, sign_in):
    company = CompanyFactory.create()
    admin = UserFactory.create(company=company, role=User.Role.ADMIN)
    member = UserFactory.create(company=company)
    VendorFactory.create(company=company, name="Cascade Lumber")
    MaterialFactory.create(company=company, name="2x4 Stud 8ft", unit_cost="3.70")
    template = form_template(admin=admin)
    sign_in(member)
    keys_sent = []

    def lose_the_first_answer(route: Route) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        keys_sent.append(route.request.headers.get("idempotency-key"))
        if len(keys_sent) == 1:
            route.fetch()  # the server receives it and submits the form...
            route.abort("connectionreset")  # ...and its answer never reaches the browser
        else:
            route.continue_()

    page.route("**/api/submissions/", lose_the_first_answer)
    page.goto(f"/forms/{template.pk}/submit")
    page.get_by_role("combobox", name="Vendor").fill("Casc")
    page.get_by_role("option", name=re.compile("Cascade Lumber")).click()
    page.get_by_role("combobox", name="Add material").fill("Stud")
    page.get_by_role("option", name=re.compile("2x4 Stud")).click()
    page.get_by_role("button", name="Submit").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "Not sent: the connection dropped.Your form is kept; Submit again, it will not be sent "
        "twice."
    )
    expect(page.get_by_role("group", name="Vendor: Cascade Lumber")).to_be_visible()
    assert FormSubmission.objects.count() == 1

    page.get_by_role("button", name="Submit").click()

    submission = FormSubmission.objects.get()
    expect(page).to_have_url(re.compile(rf"/submissions/{submission.pk}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(submission.number)
    assert FormSubmission.objects.count() == 1
    assert len(keys_sent) == 2 and keys_sent[0] == keys_sent[1] == submission.idempotency_key
