import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_session_is_401_when_signed_out(client):
    response = client.get("/api/auth/session/")
    assert response.status_code == 401
    assert "csrftoken" in response.cookies


def test_sign_in_returns_the_user_and_keeps_the_session(client, admin):
    response = client.post(
        "/api/auth/session/",
        {"email": admin.email.upper(), "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["email"] == admin.email
    assert response.json()["company"]["name"] == admin.company.name
    me = client.get("/api/auth/session/").json()
    assert me["id"] == admin.id
    assert me["is_admin"] is True


def test_the_session_names_the_areas_a_person_may_use(admin_client, member_client):
    every_area = [
        *("forms", "approvals", "workflows"),
        *("vendors", "materials", "customers", "settings"),
    ]
    assert admin_client.get("/api/auth/session/").json()["areas"] == every_area
    member_areas = member_client.get("/api/auth/session/").json()["areas"]
    assert member_areas == [area for area in every_area if area != "workflows"]
    # The rule the areas state is the one the API applies.
    assert admin_client.get("/api/workflows/").status_code == 200
    assert member_client.get("/api/workflows/").status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "email"),
        ({"email": "not-an-email", "password": "x"}, "email"),
        ({"email": "a@example.com"}, "password"),
        ({"email": "nobody@example.com", "password": "wrong"}, "non_field_errors"),
    ],
)
def test_bad_sign_in_answers_400_with_field_errors(client, member, body, field):
    response = client.post("/api/auth/session/", body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()


def test_sign_in_requires_the_csrf_token(member):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    body = {"email": member.email, "password": PASSWORD}
    assert client.post("/api/auth/session/", body, format="json").status_code == 403
    token = client.get("/api/auth/session/").cookies["csrftoken"].value
    response = client.post("/api/auth/session/", body, format="json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200


def test_wrong_password_does_not_sign_in(client, member):
    client.post(
        "/api/auth/session/",
        {"email": member.email, "password": "wrong"},
        content_type="application/json",
    )
    assert client.get("/api/auth/session/").status_code == 401


def test_sign_out(member_client):
    assert member_client.delete("/api/auth/session/").status_code == 204
    assert member_client.get("/api/auth/session/").status_code == 401


def test_session_api_enforces_csrf_for_signed_in_users(member):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.delete("/api/auth/session/").status_code == 403


def test_users_list_shows_only_own_company(member_client, admin, other_admin):
    emails = {user["email"] for user in member_client.get("/api/users/").json()["results"]}
    assert admin.email in emails
    assert other_admin.email not in emails


def test_api_requires_sign_in(client):
    assert client.get("/api/users/").status_code == 401
    assert client.get("/api/vendors/").status_code == 401
