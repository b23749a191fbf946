"""Every page works under the Content Security Policy: Chromium reports no violation on any."""

import re

import pytest
from playwright.sync_api import Page, expect

from integrations.qbo_sandbox.services import sandbox_default_realm_id
from ontraccr_clone.accounts.models import User
from tests.e2e.conftest import outside_event_loop
from tests.factories import (
    CompanyFactory,
    MaterialFactory,
    UserFactory,
    VendorFactory,
    form_template,
)
from workflows.definitions.services import workflow_get_or_create
from workflows.forms.services import submission_create

# Collects what the browser refuses, from before any script of the page runs.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def violations(page: Page) -> list[str]:
    """Violations reported by any page the test opens: events, and the console's refusals."""
    found: list[str] = []
    page.add_init_script(WATCH_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: found.append(f"page error: {error}"))
    return found


def _visit(page: Page, violations: list[str], path: str, shows: str | re.Pattern[str]) -> None:
    response = page.goto(path)
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_text(shows).first).to_be_visible()
    page.wait_for_load_state("networkidle")
    violations.extend(page.evaluate("window.__violations"))
    assert not violations, f"{path}: {violations}"


def test_no_page_of_the_app_breaks_the_policy(page: Page, sign_in, violations) -> None:
    company = CompanyFactory.create()
    admin = UserFactory.create(company=company, role=User.Role.ADMIN)
    vendor = VendorFactory.create(company=company, name="Acme Lumber")
    material = MaterialFactory.create(company=company, name="Stud")
    template = outside_event_loop(form_template, admin=admin)
    data = {"vendor": vendor.pk, "materials": [{"material_id": material.pk, "quantity": 2}]}
    submission = outside_event_loop(submission_create, actor=admin, template=template, data=data)

    workflow, _ = outside_event_loop(workflow_get_or_create, actor=admin, template=template)

    _visit(page, violations, "/signin", "Forms, workflows and purchase orders")
    _visit(page, violations, "/forgot-password", "Reset your password")
    sign_in(admin)
    _visit(page, violations, "/forms", "Purchase Order")
    _visit(page, violations, "/forms/new", "Lay out the sections")
    _visit(page, violations, f"/forms/{template.pk}/edit", "version 1")
    _visit(page, violations, f"/forms/{template.pk}/submit", "Materials")
    _visit(page, violations, "/submissions", submission.number)
    _visit(page, violations, f"/submissions/{submission.pk}", submission.number)
    page.get_by_role("tab", name="Timeline").click()
    # The live timeline's websocket connects under the policy.
    expect(page.get_by_text("Live: new events appear as they happen")).to_be_visible()
    _visit(page, violations, "/workflows", re.compile("workflow", re.IGNORECASE))
    _visit(page, violations, f"/workflows/{workflow.pk}", f"{template.name} workflow")
    _visit(page, violations, "/approvals", "Waiting for my approval")
    _visit(page, violations, "/vendors", "Acme Lumber")
    _visit(page, violations, "/materials", "Stud")
    _visit(page, violations, "/settings", "Settings")
    _visit(page, violations, "/settings/integrations/quickbooks", "QuickBooks")
    _visit(page, violations, "/no-such-page", re.compile("not found", re.IGNORECASE))


def test_the_api_docs_and_the_sandbox_pages_keep_the_policy(page: Page, violations) -> None:
    _visit(page, violations, "/api/docs/", "/api/vendors/")
    realm = outside_event_loop(sandbox_default_realm_id)
    _visit(page, violations, "/qbo-sandbox/", "QuickBooks sandbox")
    _visit(page, violations, f"/qbo-sandbox/companies/{realm}/", "Sandbox Company")
    _visit(page, violations, "/qbo-sandbox/connect/oauth2", "QuickBooks sandbox")


def test_an_inline_script_is_refused_and_reported(page: Page, violations) -> None:
    page.goto("/signin")
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.__ran = true";
          document.body.append(script);
        }"""
    )
    expect(page.locator("body")).to_be_visible()
    assert page.evaluate("window.__ran") is None
    assert page.evaluate("window.__violations") == ["script-src-elem inline"]
