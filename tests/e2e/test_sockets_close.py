"""An open timeline stops streaming once its person's password changes in another browser: that
browser's own timeline comes back live; the other one stays closed, as its HTTP calls are refused.
With Redis, a password set in another process (here, the tests' own) closes it too."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Browser, Page, expect

from ontraccr_clone.accounts.models import User
from ontraccr_clone.accounts.services import password_set_with_link
from tests.e2e.conftest import outside_event_loop
from tests.factories import (
    PASSWORD,
    CompanyFactory,
    MaterialFactory,
    UserFactory,
    VendorFactory,
    form_template,
)
from workflows.forms.services import submission_create

NEW_PASSWORD = "timber-frame-1842"
LIVE = "Live: new events appear as they happen"


def test_changing_the_password_stops_the_other_browsers_timeline(
    page: Page, sign_in, browser: Browser, live_server_url: str
) -> None:
    company = CompanyFactory.create()
    admin = UserFactory.create(company=company, role=User.Role.ADMIN)
    member = UserFactory.create(company=company, role=User.Role.MEMBER)
    data = {
        "vendor": VendorFactory.create(company=company).pk,
        "materials": [{"material_id": MaterialFactory.create(company=company).pk, "quantity": 1}],
    }
    template = form_template(admin=admin)
    submission = outside_event_loop(submission_create, actor=member, template=template, data=data)

    other = browser.new_context(base_url=live_server_url)
    other_page = other.new_page()
    other_page.goto("/signin")
    other_page.get_by_label("Email").fill(member.email)
    other_page.get_by_label("Password").fill(PASSWORD)
    other_page.get_by_role("button", name="Sign in").click()
    other_page.get_by_role("navigation", name="Main").wait_for()
    sign_in(member)
    for browsing in (page, other_page):
        browsing.goto(f"/submissions/{submission.pk}")
        browsing.get_by_role("tab", name="Timeline").click()
        expect(browsing.get_by_text(LIVE)).to_be_visible()

    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        "/api/account/password/",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers={"X-CSRFToken": csrf, "Referer": live_server_url + "/"},
    )
    assert response.status == 204

    expect(other_page.get_by_text(LIVE)).to_be_hidden(timeout=5_000)
    expect(page.get_by_text(LIVE)).to_be_visible(timeout=10_000)
    other_page.wait_for_timeout(3_000)  # beyond the browser's reconnection delays so far
    expect(other_page.get_by_text(LIVE)).to_be_hidden()
    assert other_page.request.get("/api/auth/session/").status == 401
    other.close()

    if settings.REDIS_URL:
        member.refresh_from_db()
        uid = urlsafe_base64_encode(force_bytes(member.pk))
        token = default_token_generator.make_token(member)
        outside_event_loop(password_set_with_link, uid=uid, token=token, password=PASSWORD)
        expect(page.get_by_text(LIVE)).to_be_hidden(timeout=5_000)
