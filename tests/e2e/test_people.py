"""Settings > People in the browser: invitations by email, deactivation, forgotten passwords."""

import re

from playwright.sync_api import Page, expect

from ontraccr_clone.accounts.models import User
from tests.factories import PASSWORD, CompanyFactory, UserFactory

NEW_PASSWORD = "scaffold-rigging-77"


def _emailed_link(message) -> str:
    """The app path of the link in an email."""
    match = re.search(
        r"https?://[^/\s]+(/(?:invitation|reset-password)/\S+)", message.get_content()
    )
    assert match, message.get_content()
    return match.group(1)


def _sign_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_admin_invites_a_member_who_sets_a_password_from_the_email_and_signs_in(
    page: Page, sign_in, server_mail
) -> None:
    admin = UserFactory.create(
        company=CompanyFactory.create(name="Harbor Builders"), role=User.Role.ADMIN
    )
    sign_in(admin)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
    people = page.get_by_role("region", name="People")
    people.get_by_role("button", name="Invite person").click()
    dialog = page.get_by_role("dialog", name="Invite person")
    dialog.get_by_label("Email").fill("casey.crew@example.com")
    dialog.get_by_label("Name").fill("Casey Crew")
    dialog.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to casey.crew@example.com.")).to_be_visible()
    expect(people.get_by_role("row", name=re.compile("Casey Crew"))).to_contain_text("Invited")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()

    (invitation,) = server_mail()
    assert invitation["To"] == "casey.crew@example.com"
    assert "Harbor Builders" in invitation["Subject"]
    page.goto(_emailed_link(invitation))
    expect(page.get_by_role("heading", name="Welcome! Choose your password")).to_be_visible()
    page.get_by_label("New password").fill("password")
    page.get_by_label("Repeat password").fill("password")
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_text("This password is too common.")).to_be_visible()
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_label("Repeat password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password").click()

    expect(page.get_by_text("Your password is set. Sign in with it.")).to_be_visible()
    _sign_in(page, "casey.crew@example.com", NEW_PASSWORD)
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_text("Casey Crew")).to_be_visible()
    expect(page.get_by_text("Harbor Builders")).to_be_visible()


def test_a_deactivated_member_is_signed_out_and_cannot_sign_in(
    page: Page, sign_in, browser, live_server_url
) -> None:
    company = CompanyFactory.create()
    admin = UserFactory.create(company=company, role=User.Role.ADMIN)
    member = UserFactory.create(company=company, name="Morgan Field")
    member_context = browser.new_context(base_url=live_server_url)
    member_page = member_context.new_page()
    member_page.goto("/signin")
    _sign_in(member_page, member.email, PASSWORD)
    expect(member_page.get_by_role("navigation", name="Main")).to_be_visible()

    sign_in(admin)
    page.goto("/settings")
    people = page.get_by_role("region", name="People")
    people.get_by_role("button", name="Deactivate Morgan Field").click()
    page.get_by_role("dialog", name="Deactivate Morgan Field?").get_by_role(
        "button", name="Deactivate"
    ).click()
    expect(page.get_by_text("Morgan Field is deactivated and signed out.")).to_be_visible()
    expect(people.get_by_role("row", name=re.compile("Morgan Field"))).to_contain_text(
        "Deactivated"
    )

    member_page.goto("/settings")
    expect(member_page).to_have_url(re.compile(r"/signin$"))
    _sign_in(member_page, member.email, PASSWORD)
    expect(member_page.get_by_role("alert")).to_have_text("Email or password is incorrect.")
    member_context.close()


def test_a_forgotten_password_is_reset_from_the_sign_in_page(page: Page, server_mail) -> None:
    member = UserFactory.create(company=CompanyFactory.create())

    page.goto("/signin")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill(member.email)
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("status")).to_contain_text(member.email)

    (reset,) = server_mail()
    page.goto(_emailed_link(reset))
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_label("Repeat password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    _sign_in(page, member.email, NEW_PASSWORD)
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
