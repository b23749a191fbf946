"""A synced PO changes in the browser: the member revises it and the same QuickBooks purchase
order is updated (one PO, a new SyncToken); closed on the sandbox's PO page, a later revision is
refused with the reason and the way out."""

import re

from playwright.sync_api import Page, expect

from integrations.qbo_sandbox.models import SandboxEntity
from integrations.quickbooks.models import QuickBooksConnection
from ontraccr_clone.accounts.models import User
from tests.e2e.conftest import outside_event_loop
from tests.factories import (
    CompanyFactory,
    MaterialFactory,
    UserFactory,
    VendorFactory,
    form_template,
    published_workflow,
)
from tests.integrations.quickbooks.conftest import SYNC_CONFIG
from workflows.forms.services import submission_create

WORKER_WAIT = 30_000  # milliseconds: the worker polls its queue on a busy machine


def _purchase_orders(realm_id: str, number: str) -> list[dict]:
    return [
        entity.body
        for entity in SandboxEntity.objects.filter(
            company__realm_id=realm_id, entity_type="PurchaseOrder"
        )
        if entity.body.get("DocNumber") == number
    ]


def test_a_revised_po_updates_the_same_quickbooks_po_until_it_is_closed_there(
    page: Page, sign_in, browser, live_server_url: str
) -> None:
    company = CompanyFactory.create(name="Harbor Builders")
    admin = UserFactory.create(company=company, role=User.Role.ADMIN, name="Avery Admin")
    member = UserFactory.create(company=company, role=User.Role.MEMBER, name="Morgan Member")
    template = form_template(admin=admin)
    vendor = VendorFactory.create(company=company, name="Coastal Lumber")
    joist = MaterialFactory.create(company=company, name="Joist hanger 2x8", unit_cost="3.20")

    sign_in(admin)
    page.goto("/settings/integrations/quickbooks")
    page.get_by_role("button", name="Connect to QuickBooks").click()
    page.get_by_role("button", name="Connect").click()
    expect(page).to_have_url(re.compile(r"/settings/integrations/quickbooks\?connected=1$"))
    realm_id = QuickBooksConnection.objects.get(company=company).realm_id
    published_workflow(
        template=template,
        steps={"start": ("submit", {}), "sync": ("sync_quickbooks", SYNC_CONFIG)},
        transitions=[("start", "next", "sync")],
    )
    submission = outside_event_loop(
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
    number = submission.number

    member_page = browser.new_context(
        base_url=live_server_url, viewport={"width": 1400, "height": 900}
    ).new_page()
    member_page.set_default_timeout(10_000)
    member_page.goto("/signin")
    member_page.get_by_label("Email").fill(member.email)
    member_page.get_by_label("Password").fill("correct-horse-battery")
    member_page.get_by_role("button", name="Sign in").click()
    member_page.get_by_role("navigation", name="Main").wait_for()
    member_page.goto(f"/submissions/{submission.pk}")
    member_page.get_by_role("tab", name="Timeline").click()
    timeline = member_page.get_by_role("list", name="Timeline")
    expect(timeline).to_contain_text(
        f"Synced with QuickBooks as purchase order {number}", timeout=WORKER_WAIT
    )
    [po] = _purchase_orders(realm_id, number)
    assert po["SyncToken"] == "0"

    # The member revises it: 10 hangers instead of 4, and no fencing.
    member_page.get_by_role("link", name="Revise").click()
    expect(member_page.get_by_role("heading", name=f"Revise {number}")).to_be_visible()
    expect(member_page.get_by_label("Memo")).to_have_value("Leave at the site office")
    member_page.get_by_label("Quantity, line 1").fill("10")
    member_page.get_by_role("button", name="Remove line 2").click()
    member_page.get_by_role("button", name="Save revision").click()
    expect(member_page).to_have_url(re.compile(rf"/submissions/{submission.pk}$"))
    expect(member_page.get_by_role("status").first).to_have_text(f"{number} revised")
    member_page.get_by_role("tab", name="Timeline").click()
    expect(timeline).to_contain_text(
        "Revised by Morgan Member: Materials: Joist hanger 2x8 quantity 4 → 10; "
        "Materials: Site fencing (week) removed"
    )
    expect(timeline).to_contain_text(
        f"Updated purchase order {number} in QuickBooks with revision 1", timeout=WORKER_WAIT
    )
    [po] = _purchase_orders(realm_id, number)
    assert po["SyncToken"] == "1"
    assert [line["ItemBasedExpenseLineDetail"]["Qty"] for line in po["Line"]] == [10]

    # Closed in QuickBooks, on the sandbox's page of the PO.
    page.goto(f"/qbo-sandbox/companies/{realm_id}/purchase-orders/{po['Id']}/")
    page.get_by_role("button", name="Close purchase order").click()
    expect(page.get_by_role("button", name="Reopen purchase order")).to_be_visible()

    member_page.get_by_role("link", name="Revise").click()
    member_page.get_by_label("Memo").fill("Leave at the north gate")
    member_page.get_by_role("button", name="Save revision").click()
    expect(member_page.get_by_role("status").first).to_have_text(f"{number} revised")
    member_page.get_by_role("tab", name="Timeline").click()
    expect(timeline).to_contain_text("Sync with QuickBooks failed", timeout=WORKER_WAIT)
    member_page.context.close()

    page.goto(f"/submissions/{submission.pk}")
    page.get_by_role("tab", name="Timeline").click()
    expect(page.get_by_role("list", name="Timeline")).to_contain_text(
        f"Purchase order {number} is closed in QuickBooks, so this revision was not sent "
        "there. Reopen it in QuickBooks, then Retry this step."
    )
    [po] = _purchase_orders(realm_id, number)
    assert (po["POStatus"], po["Memo"]) == ("Closed", "Leave at the site office")
