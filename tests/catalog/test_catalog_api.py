import pytest

from ontraccr_clone.catalog.models import Customer, Material, Vendor
from tests.factories import CustomerFactory, MaterialFactory, VendorFactory

pytestmark = pytest.mark.django_db

KINDS = [
    ("vendors", Vendor, VendorFactory, {"name": "Acme Lumber", "email": "ap@acme.example"}),
    (
        "materials",
        Material,
        MaterialFactory,
        {"name": "Rebar #4", "unit": "ft", "unit_cost": "1.25"},
    ),
    ("customers", Customer, CustomerFactory, {"name": "Freeman Sporting Goods"}),
]


@pytest.fixture(params=KINDS, ids=[kind[0] for kind in KINDS])
def kind(request):
    return request.param


def test_admin_creates_and_lists(kind, admin_client, admin):
    path, model, _, body = kind
    response = admin_client.post(f"/api/{path}/", body, format="json")
    assert response.status_code == 201, response.json()
    created = model.objects.get(pk=response.json()["id"])
    assert created.company == admin.company
    listed = admin_client.get(f"/api/{path}/").json()
    assert [entry["name"] for entry in listed["results"]] == [body["name"]]


def test_member_reads_but_cannot_write(kind, member_client, member):
    path, model, factory, body = kind
    entry = factory(company=member.company)
    assert member_client.get(f"/api/{path}/").json()["count"] == 1
    assert member_client.post(f"/api/{path}/", body, format="json").status_code == 403
    assert (
        member_client.patch(f"/api/{path}/{entry.pk}/", {"name": "X"}, format="json").status_code
        == 403
    )
    assert member_client.post(f"/api/{path}/{entry.pk}/deactivate/").status_code == 403
    assert model.objects.count() == 1


def test_other_company_entries_answer_404(kind, admin_client, other_admin):
    path, _, factory, _ = kind
    foreign = factory(company=other_admin.company)
    assert admin_client.get(f"/api/{path}/{foreign.pk}/").status_code == 404
    assert (
        admin_client.patch(
            f"/api/{path}/{foreign.pk}/", {"name": "Mine"}, format="json"
        ).status_code
        == 404
    )
    assert admin_client.post(f"/api/{path}/{foreign.pk}/deactivate/").status_code == 404
    assert admin_client.post(f"/api/{path}/{foreign.pk}/reactivate/").status_code == 404
    assert admin_client.get(f"/api/{path}/").json()["count"] == 0
    foreign.refresh_from_db()
    assert foreign.active


def test_names_are_unique_per_company_ignoring_case(kind, admin_client, admin, other_admin):
    path, _, factory, body = kind
    factory(company=admin.company, name=body["name"])
    factory(company=other_admin.company, name="Shared Name")
    duplicate = admin_client.post(
        f"/api/{path}/", {**body, "name": body["name"].upper()}, format="json"
    )
    assert duplicate.status_code == 400
    assert "already exists" in duplicate.json()["name"][0]
    same_as_other_company = admin_client.post(
        f"/api/{path}/", {**body, "name": "Shared Name"}, format="json"
    )
    assert same_as_other_company.status_code == 201


def test_rename_to_a_taken_name_is_refused(kind, admin_client, admin):
    path, _, factory, _ = kind
    factory(company=admin.company, name="First")
    second = factory(company=admin.company, name="Second")
    response = admin_client.patch(f"/api/{path}/{second.pk}/", {"name": "first"}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()
    assert (
        admin_client.patch(
            f"/api/{path}/{second.pk}/", {"name": "Second"}, format="json"
        ).status_code
        == 200
    )


def test_deactivate_hides_from_default_list_and_reactivate_restores(kind, admin_client, admin):
    path, _, factory, _ = kind
    entry = factory(company=admin.company)
    assert admin_client.post(f"/api/{path}/{entry.pk}/deactivate/").json()["active"] is False
    assert admin_client.get(f"/api/{path}/").json()["count"] == 0
    assert admin_client.get(f"/api/{path}/?active=false").json()["count"] == 1
    assert admin_client.get(f"/api/{path}/?active=all").json()["count"] == 1
    assert admin_client.post(f"/api/{path}/{entry.pk}/reactivate/").json()["active"] is True
    assert admin_client.get(f"/api/{path}/").json()["count"] == 1


def test_search_and_pagination(kind, admin_client, admin):
    path, _, factory, _ = kind
    for name in ["Copper pipe", "Copper wire", "Steel beam"]:
        factory(company=admin.company, name=name)
    found = admin_client.get(f"/api/{path}/?search=copper").json()
    assert [entry["name"] for entry in found["results"]] == ["Copper pipe", "Copper wire"]
    page = admin_client.get(f"/api/{path}/?page_size=2&page=2").json()
    assert page["count"] == 3
    assert [entry["name"] for entry in page["results"]] == ["Steel beam"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("vendors", {}, "name"),
        ("vendors", {"name": ""}, "name"),
        ("vendors", {"name": "   "}, "name"),
        ("vendors", {"name": "x" * 201}, "name"),
        ("vendors", {"name": "V", "email": "not-an-email"}, "email"),
        ("materials", {"name": "M", "unit_cost": "-1"}, "unit_cost"),
        ("materials", {"name": "M", "unit_cost": "1.999"}, "unit_cost"),
        ("materials", {"name": "M", "unit_cost": "abc"}, "unit_cost"),
        ("materials", {"name": "M", "unit_cost": "NaN"}, "unit_cost"),
        ("materials", {"name": "M", "unit_cost": "1e309"}, "unit_cost"),
        ("materials", {"name": ["a"]}, "name"),
    ],
)
def test_bad_input_answers_400_with_field_errors(admin_client, path, body, field):
    response = admin_client.post(f"/api/{path}/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("path", ["vendors", "materials"])
def test_non_json_body_and_bad_filter_answer_400(admin_client, path):
    response = admin_client.generic(
        "POST", f"/api/{path}/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert admin_client.get(f"/api/{path}/?active=maybe").status_code == 400
    assert admin_client.get(f"/api/{path}/?page=abc").status_code == 404


def test_unit_cost_keeps_two_decimals(admin_client):
    response = admin_client.post(
        "/api/materials/", {"name": "Tile", "unit_cost": 3.5}, format="json"
    )
    assert response.json()["unit_cost"] == "3.50"
