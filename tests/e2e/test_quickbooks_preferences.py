"""The QuickBooks company's own settings in the browser: purchase orders turned off on the
sandbox company's page grey the 'Sync with QuickBooks' step out, with the reason and where to turn
them on, once an admin refreshes the settings; turned on again, the step is offered again."""

import re

from playwright.sync_api import Page, expect

from integrations.qbo_sandbox.services import sandbox_default_realm_id
from ontraccr_clone.accounts.models import User
from tests.factories import CompanyFactory, UserFactory, form_template
from workflows.definitions.services import workflow_get_or_create

WAY_OUT = (
    "Turn on purchase orders in QuickBooks: Settings > Account and settings > Expenses > "
    "Purchase orders"
)


def switch_purchase_orders(page: Page, on: bool) -> None:
    """On the sandbox company's page, as its admin would in QuickBooks."""
    page.goto(f"/qbo-sandbox/companies/{sandbox_default_realm_id()}/")
    page.get_by_role("checkbox", name=re.compile(r"^Purchase orders")).set_checked(on)
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("heading", name="Company settings")).to_be_visible()


def refresh_from_quickbooks(page: Page, *, purchase_orders: bool) -> None:
    """Settings > Integrations' Refresh; done once the page shows what it read."""
    page.goto("/settings/integrations/quickbooks")
    settings = page.get_by_role("region", name="QuickBooks company settings")
    expect(settings.get_by_role("alert")).to_have_count(1 if purchase_orders else 0)
    settings.get_by_role("button", name="Refresh from QuickBooks").click()
    warning = settings.get_by_role("alert")
    if purchase_orders:
        expect(warning).to_have_count(0)
    else:
        expect(warning).to_contain_text("Turn on purchase orders in QuickBooks")


def test_purchase_orders_turned_off_in_quickbooks_grey_the_step_out(page: Page, sign_in) -> None:
    company = CompanyFactory.create(name="Harbor Builders")
    admin = UserFactory.create(company=company, role=User.Role.ADMIN, name="Avery Admin")
    workflow, _ = workflow_get_or_create(actor=admin, template=form_template(admin=admin))
    sign_in(admin)
    page.goto("/settings/integrations/quickbooks")
    page.get_by_role("button", name="Connect to QuickBooks").click()
    page.get_by_role("button", name="Connect").click()
    expect(page).to_have_url(re.compile(r"\?connected=1$"))

    switch_purchase_orders(page, on=False)
    refresh_from_quickbooks(page, purchase_orders=False)
    page.goto(f"/workflows/{workflow.pk}")
    palette = page.get_by_role("list", name="Step types")
    sync_item = palette.get_by_role("button", name="Sync with QuickBooks")
    expect(sync_item).to_have_attribute("aria-disabled", "true")
    expect(palette).to_contain_text(WAY_OUT)

    switch_purchase_orders(page, on=True)
    refresh_from_quickbooks(page, purchase_orders=True)
    page.goto(f"/workflows/{workflow.pk}")
    expect(sync_item).to_have_attribute("aria-disabled", "false")
