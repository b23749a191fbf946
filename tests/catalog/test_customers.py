"""Customers and their projects: a project is a customer with a parent, of the same company."""

import pytest

from ontraccr_clone.catalog.models import Customer
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_a_project_is_listed_under_its_customer_by_full_name(admin_client, admin):
    freeman = CustomerFactory(company=admin.company, name="Freeman Sporting Goods")
    CustomerFactory(company=admin.company, name="Amy's Bird Sanctuary")

    answer = admin_client.post(
        "/api/customers/", {"name": "55 Twin Lane", "parent": freeman.pk}, format="json"
    )

    assert answer.status_code == 201, answer.json()
    assert answer.json()["full_name"] == "Freeman Sporting Goods:55 Twin Lane"
    listed = admin_client.get("/api/customers/").json()["results"]
    assert [row["full_name"] for row in listed] == [
        "Amy's Bird Sanctuary",
        "Freeman Sporting Goods",
        "Freeman Sporting Goods:55 Twin Lane",
    ]
    projects = admin_client.get("/api/customers/", {"kind": "projects"}).json()["results"]
    assert [(row["name"], row["parent_name"]) for row in projects] == [
        ("55 Twin Lane", "Freeman Sporting Goods")
    ]
    found = admin_client.get("/api/customers/", {"search": "freeman"}).json()["results"]
    assert len(found) == 2


def test_a_project_of_another_company_or_of_itself_is_refused(admin_client, admin, other_admin):
    foreign = CustomerFactory(company=other_admin.company)
    customer = CustomerFactory(company=admin.company, name="Cool Cars")
    project = CustomerFactory(company=admin.company, name="Showroom", parent=customer)

    under_foreign = admin_client.post(
        "/api/customers/", {"name": "Garage", "parent": foreign.pk}, format="json"
    )
    under_itself = admin_client.patch(
        f"/api/customers/{customer.pk}/", {"parent": project.pk}, format="json"
    )

    assert under_foreign.status_code == 400
    assert under_foreign.json()["parent"] == [f"No customer with id {foreign.pk}."]
    assert under_itself.status_code == 400
    assert under_itself.json()["parent"] == ["A customer cannot be a project of itself."]
    customer.refresh_from_db()
    assert customer.parent is None
    assert Customer.objects.filter(company=admin.company).count() == 2
