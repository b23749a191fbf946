"""Settings > People: invitations, roles, deactivation, password links and one's own account."""

import re

import pytest
from rest_framework.test import APIClient

from ontraccr_clone.accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "timber-frame-1842"


def _link(message) -> tuple[str, str, str]:
    """The page, uid and token of the one link in an email."""
    match = re.search(
        r"http://testserver/(invitation|reset-password)/([^/\s]+)/([^/\s]+)", message.body
    )
    assert match, message.body
    return match.group(1), match.group(2), match.group(3)


def _sign_in(email: str, password: str) -> int:
    return (
        APIClient()
        .post("/api/auth/session/", {"email": email, "password": password}, format="json")
        .status_code
    )


@pytest.fixture
def invite(admin_client, mailoutbox, django_capture_on_commit_callbacks):
    def invite(email="casey@example.com", role="member", name="Casey Crew"):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                "/api/people/", {"email": email, "name": name, "role": role}, format="json"
            )
        return response

    return invite


def test_an_invited_person_sets_a_password_from_the_emailed_link_and_signs_in(
    invite, admin, mailoutbox
):
    response = invite()
    assert response.status_code == 202
    assert response.json() == {"email": "casey@example.com"}
    assert mailoutbox[0].to == ["casey@example.com"]
    assert admin.company.name in mailoutbox[0].subject
    page, uid, token = _link(mailoutbox[0])
    assert page == "invitation"
    assert _sign_in("casey@example.com", "") == 400

    body = {"uid": uid, "token": token, "password": NEW_PASSWORD}
    assert APIClient().post("/api/auth/password-set/", body, format="json").status_code == 204

    assert _sign_in("casey@example.com", NEW_PASSWORD) == 200
    person = User.objects.get(email="casey@example.com")
    assert (person.company, person.role, person.name) == (admin.company, "member", "Casey Crew")
    # The link works once.
    again = APIClient().post("/api/auth/password-set/", body, format="json")
    assert again.status_code == 400
    assert "token" in again.json()


def test_the_password_from_a_link_must_pass_the_password_validators(invite, mailoutbox):
    invite()
    _, uid, token = _link(mailoutbox[0])
    body = {"uid": uid, "token": token, "password": "12345678"}
    response = APIClient().post("/api/auth/password-set/", body, format="json")
    assert response.status_code == 400
    assert "This password is too common." in response.json()["password"]


@pytest.mark.parametrize(
    "body",
    [
        {"uid": "MQ", "token": "made-up", "password": NEW_PASSWORD},
        {"uid": "%%%", "token": "x", "password": NEW_PASSWORD},
        {"uid": "", "token": "", "password": ""},
        {},
    ],
)
def test_a_bad_link_answers_400(body):
    assert APIClient().post("/api/auth/password-set/", body, format="json").status_code == 400


def test_a_new_invitation_replaces_the_earlier_link(
    invite, admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    invite()
    person_id = User.objects.get(email="casey@example.com").pk
    _, uid, first_token = _link(mailoutbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/api/people/{person_id}/invitation/")
    assert response.status_code == 200
    _, _, second_token = _link(mailoutbox[1])
    first = {"uid": uid, "token": first_token, "password": NEW_PASSWORD}
    assert APIClient().post("/api/auth/password-set/", first, format="json").status_code == 400
    second = {**first, "token": second_token}
    assert APIClient().post("/api/auth/password-set/", second, format="json").status_code == 204


def test_inviting_an_email_with_an_account_elsewhere_answers_as_any_invitation(
    invite, admin, other_admin, mailoutbox
):
    """Whether an email has an account in another company is not this company's to know: the
    answer is that of any invitation, and the account's owner is told by email."""
    fresh = invite(email="casey@example.com", name="Casey Crew", role="member")
    elsewhere = invite(email=other_admin.email.upper(), name="Casey Crew", role="member")
    assert elsewhere.status_code == fresh.status_code == 202
    assert elsewhere.json().keys() == fresh.json().keys()
    assert elsewhere.json()["email"] == other_admin.email.upper()

    told = mailoutbox[1]
    assert told.to == [other_admin.email]
    assert f"tried to invite you to {admin.company.name}" in told.subject
    assert "you already have an account" in told.body
    assert "http://testserver/signin" in told.body
    assert "/invitation/" not in told.body
    other_admin.refresh_from_db()
    assert other_admin.company.name == "Other Co"
    assert not User.objects.filter(company=admin.company, email__iexact=other_admin.email).exists()


def test_inviting_someone_already_in_the_company_says_so(invite, member, mailoutbox):
    for email in (member.email, member.email.upper()):
        response = invite(email=email)
        assert response.status_code == 400
        assert response.json() == {"email": ["This person is already in your company."]}
    assert invite(email="casey@example.com").status_code == 202
    assert invite(email="casey@example.com").status_code == 400
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    "body", [{}, {"email": "x", "role": "member"}, {"email": "a@example.com", "role": "owner"}]
)
def test_bad_invitations_answer_400(admin_client, body):
    assert admin_client.post("/api/people/", body, format="json").status_code == 400


def test_members_cannot_see_or_manage_people(member_client, admin):
    assert member_client.get("/api/people/").status_code == 403
    body = {"email": "x@example.com", "role": "admin"}
    assert member_client.post("/api/people/", body, format="json").status_code == 403
    assert member_client.post(f"/api/people/{admin.id}/deactivate/").status_code == 403
    assert (
        member_client.post(f"/api/people/{admin.id}/role/", {"role": "member"}).status_code == 403
    )


def test_another_companys_person_is_not_found(admin_client, other_admin):
    for action in ("deactivate", "reactivate", "invitation"):
        assert admin_client.post(f"/api/people/{other_admin.id}/{action}/").status_code == 404
    response = admin_client.post(
        f"/api/people/{other_admin.id}/role/", {"role": "member"}, format="json"
    )
    assert response.status_code == 404
    listed = admin_client.get("/api/people/?active=all").json()["results"]
    assert other_admin.id not in [person["id"] for person in listed]


def test_people_list_shows_everyone_with_their_status(admin_client, admin, member, invite):
    invite()
    member_id = member.id
    admin_client.post(f"/api/people/{member_id}/deactivate/")
    people = {
        p["email"]: p["status"]
        for p in admin_client.get("/api/people/?active=all").json()["results"]
    }
    assert people == {
        admin.email: "active",
        member.email: "deactivated",
        "casey@example.com": "invited",
    }
    active = admin_client.get("/api/people/").json()["results"]
    assert member.email not in [p["email"] for p in active]


def test_an_admin_changes_a_role(admin_client, member):
    response = admin_client.post(f"/api/people/{member.id}/role/", {"role": "admin"}, format="json")
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.is_admin


def test_the_last_active_admin_cannot_be_demoted_or_deactivated(admin_client, admin, company):
    # An invited admin who has not set a password yet cannot sign in, so does not count.
    UserFactory(company=company, role=User.Role.ADMIN, password=None)
    deactivated = UserFactory(company=company, role=User.Role.ADMIN, is_active=False)

    response = admin_client.post(f"/api/people/{admin.id}/role/", {"role": "member"}, format="json")
    assert response.status_code == 400
    assert response.json()["role"] == ["The company needs at least one active admin."]
    admin.refresh_from_db()
    assert admin.is_admin

    admin_client.post(f"/api/people/{deactivated.id}/reactivate/")
    response = admin_client.post(f"/api/people/{admin.id}/role/", {"role": "member"}, format="json")
    assert response.status_code == 200


def test_an_admin_cannot_be_deactivated_when_no_other_admin_remains(company, admin):
    second = UserFactory(company=company, role=User.Role.ADMIN)
    client = APIClient()
    client.force_login(second)
    assert client.post(f"/api/people/{admin.id}/deactivate/").status_code == 200
    client.force_login(second)
    response = client.post(f"/api/people/{second.id}/deactivate/")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["You cannot deactivate yourself."]}


def test_deactivation_ends_sessions_and_sign_in_until_reactivated(
    admin_client, member, member_client
):
    assert member_client.get("/api/auth/session/").status_code == 200
    response = admin_client.post(f"/api/people/{member.id}/deactivate/")
    assert response.json()["status"] == "deactivated"

    assert member_client.get("/api/auth/session/").status_code == 401
    assert member_client.get("/api/users/").status_code == 401
    assert _sign_in(member.email, PASSWORD) == 400

    assert admin_client.post(f"/api/people/{member.id}/reactivate/").status_code == 200
    # The old session stays ended; signing in again works.
    assert member_client.get("/api/auth/session/").status_code == 401
    assert _sign_in(member.email, PASSWORD) == 200


def test_pickers_list_active_people_only(admin_client, member, company):
    gone = UserFactory(company=company, name="Gone Person")
    admin_client.post(f"/api/people/{gone.id}/deactivate/")
    names = [user["id"] for user in admin_client.get("/api/users/").json()["results"]]
    assert member.id in names
    assert gone.id not in names


def test_a_forgotten_password_is_reset_from_the_emailed_link(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/auth/password-reset/",
            {"email": member.email.upper()},
            content_type="application/json",
        )
    assert response.status_code == 204
    page, uid, token = _link(mailoutbox[0])
    assert page == "reset-password"
    body = {"uid": uid, "token": token, "password": NEW_PASSWORD}
    assert APIClient().post("/api/auth/password-set/", body, format="json").status_code == 204
    assert _sign_in(member.email, PASSWORD) == 400
    assert _sign_in(member.email, NEW_PASSWORD) == 200


def test_a_reset_for_an_unknown_or_deactivated_email_sends_nothing_and_says_the_same(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    member.is_active = False
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        for email in ("nobody@example.com", member.email):
            response = client.post(
                "/api/auth/password-reset/", {"email": email}, content_type="application/json"
            )
            assert response.status_code == 204
    assert mailoutbox == []
    bad = client.post(
        "/api/auth/password-reset/", {"email": "nope"}, content_type="application/json"
    )
    assert bad.status_code == 400


def test_a_person_changes_their_own_name(member_client, member):
    response = member_client.patch("/api/account/", {"name": "  Robin Site  "}, format="json")
    assert response.status_code == 200
    assert response.json()["name"] == "Robin Site"
    assert (
        member_client.patch("/api/account/", {"name": "x" * 201}, format="json").status_code == 400
    )


def test_a_person_changes_their_own_password_and_stays_signed_in(member_client, member):
    wrong = {"current_password": "nope", "new_password": NEW_PASSWORD}
    response = member_client.post("/api/account/password/", wrong, format="json")
    assert response.status_code == 400
    assert "current_password" in response.json()

    weak = {"current_password": PASSWORD, "new_password": "short"}
    response = member_client.post("/api/account/password/", weak, format="json")
    assert response.status_code == 400
    assert "new_password" in response.json()

    other_session = APIClient()
    other_session.force_login(member)
    good = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert member_client.post("/api/account/password/", good, format="json").status_code == 204
    assert member_client.get("/api/auth/session/").status_code == 200
    assert other_session.get("/api/auth/session/").status_code == 401
    assert _sign_in(member.email, NEW_PASSWORD) == 200


def test_account_needs_a_signed_in_person(client):
    assert (
        client.patch("/api/account/", {"name": "x"}, content_type="application/json").status_code
        == 401
    )
