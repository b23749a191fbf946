"""The demo that `make run` seeds: its admin signs in and finds the company's catalog and forms."""

from playwright.sync_api import Page, expect

from ontraccr_clone.demo.management.commands.seed_demo import (
    ADMIN_EMAIL,
    DEMO_PASSWORD,
)
from ontraccr_clone.demo.management.commands.seed_demo import Command as SeedDemo
from tests.e2e.conftest import outside_event_loop


def test_demo_admin_signs_in_and_sees_the_seeded_vendors_and_materials(page: Page) -> None:
    outside_event_loop(SeedDemo().seed)
    page.goto("/signin")
    page.get_by_label("Email").fill(ADMIN_EMAIL)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Demo Construction Co.")).to_be_visible()
    navigation = page.get_by_role("navigation")

    navigation.get_by_role("link", name="Vendors").click()
    expect(page.get_by_role("row").filter(has_text="Acme Lumber Supply")).to_be_visible()
    navigation.get_by_role("link", name="Materials").click()
    expect(page.get_by_role("row").filter(has_text="Romex 12/2 250ft")).to_contain_text("$129.00")
