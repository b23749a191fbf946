"""The app's frame: signing in and out, navigation and the 404 page."""

import re

from playwright.sync_api import Page, expect

from ontraccr_clone.accounts.models import User
from tests.factories import PASSWORD, CompanyFactory, UserFactory


def test_signed_out_visitor_is_sent_to_sign_in_and_back(page: Page) -> None:
    user = UserFactory.create(
        company=CompanyFactory.create(name="Harbor Builders"), name="Dana Reyes"
    )

    page.goto("/materials")
    expect(page).to_have_url(re.compile(r"/signin$"))
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/materials$"))
    nav = page.get_by_role("navigation", name="Main")
    for name in ("Forms", "Approvals", "Vendors", "Materials", "Settings"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    # Drawing workflows is for admins: a member has no link to a page that would refuse them.
    expect(nav.get_by_role("link", name="Workflows")).to_have_count(0)
    expect(page.get_by_text("Harbor Builders")).to_be_visible()
    expect(page.get_by_text("Dana Reyes")).to_be_visible()


def test_wrong_password_shows_the_error(page: Page) -> None:
    user = UserFactory.create(company=CompanyFactory.create())

    page.goto("/signin")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("alert")).to_have_text("Email or password is incorrect.")


def test_sign_out_returns_to_sign_in(page: Page, sign_in) -> None:
    sign_in(UserFactory.create(company=CompanyFactory.create(), role=User.Role.ADMIN))

    expect(page).to_have_url(re.compile(r"/forms$"))
    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(re.compile(r"/signin$"))
    page.goto("/vendors")
    expect(page).to_have_url(re.compile(r"/signin$"))


def test_unknown_route_shows_the_404_page(page: Page, sign_in) -> None:
    sign_in(UserFactory.create(company=CompanyFactory.create()))

    page.goto("/no/such/page")

    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    page.get_by_role("link", name="Go to the home page").click()
    expect(page).to_have_url(re.compile(r"/forms$"))
