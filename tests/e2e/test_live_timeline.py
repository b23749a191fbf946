"""A form's timeline updates in the open page as events happen elsewhere."""

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from ontraccr_clone.accounts.models import User
from tests.e2e.conftest import outside_event_loop
from tests.factories import (
    CompanyFactory,
    MaterialFactory,
    UserFactory,
    VendorFactory,
    form_template,
)
from workflows.forms.services import submission_create
from workflows.timeline.services import timeline_event_record


@pytest.mark.skipif(
    not settings.REDIS_URL,
    reason="the test and the server are separate processes: they share events only through Redis",
)
def test_an_event_recorded_elsewhere_appears_on_the_open_timeline(page: Page, sign_in) -> None:
    company = CompanyFactory.create()
    admin = UserFactory.create(company=company, role=User.Role.ADMIN)
    data = {
        "vendor": VendorFactory.create(company=company).pk,
        "materials": [{"material_id": MaterialFactory.create(company=company).pk, "quantity": 1}],
    }
    submission = outside_event_loop(
        submission_create, actor=admin, template=form_template(admin=admin), data=data
    )
    sign_in(admin)
    page.goto(f"/submissions/{submission.pk}")
    page.get_by_role("tab", name="Timeline").click()
    timeline = page.get_by_role("list", name="Timeline")
    expect(timeline).to_contain_text(f"Submitted by {admin.display_name}")

    expect(page.get_by_text("Live: new events appear as they happen")).to_be_visible()

    outside_event_loop(
        timeline_event_record,
        submission=submission,
        kind="status_changed",
        message="Status set to Ordered",
    )
    expect(timeline).to_contain_text("Status set to Ordered")
