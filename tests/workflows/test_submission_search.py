"""The submissions list's search box: by number, vendor, memo or material."""

import pytest
from django.db import connection

from tests.factories import MaterialFactory, VendorFactory, form_template
from workflows.forms.services import submission_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def submissions(admin):
    template = form_template(admin=admin)
    cedar = VendorFactory(company=admin.company, name="Cedar & Sons Supply")
    harbor = VendorFactory(company=admin.company, name="Harbor Steel")
    rebar = MaterialFactory(company=admin.company, name="Rebar #4", description="20 ft bars")

    def submit(vendor, memo, materials):
        data = {"vendor": vendor.pk, "materials": materials, "memo": memo}
        return submission_create(actor=admin, template=template, data=data)

    return [
        submit(cedar, "East gate, 100% cedar", [{"material_id": rebar.pk, "quantity": 2}]),
        submit(harbor, "Pier 9", [{"name": "Crane rental", "quantity": 1, "unit_cost": "900"}]),
    ]


def _numbers(client, search: str) -> list[str]:
    response = client.get("/api/submissions/", {"search": search})
    assert response.status_code == 200
    return sorted(row["number"] for row in response.json()["results"])


SEARCHES = {
    "PO-1001": ["PO-1001"],
    "po-1002": ["PO-1002"],
    "1001": ["PO-1001"],
    "cedar & sons": ["PO-1001"],
    "HARBOR": ["PO-1002"],
    "pier 9": ["PO-1002"],
    "rebar #4": ["PO-1001"],
    "20 ft": ["PO-1001"],
    "crane": ["PO-1002"],
    "100%": ["PO-1001"],
    "  ": ["PO-1001", "PO-1002"],
    "%": ["PO-1001"],
    "_": [],
    "no such thing": [],
}


def test_search_finds_submissions_by_number_vendor_memo_or_material(member_client, submissions):
    found = {search: _numbers(member_client, search) for search in SEARCHES}
    assert found == SEARCHES


def test_search_combines_with_the_other_filters(admin_client, admin, submissions):
    response = admin_client.get(
        "/api/submissions/", {"search": "po-", "submitted_by": admin.id, "status": "Submitted"}
    )
    assert response.json()["count"] == 2


def test_search_never_finds_another_companys_submissions(other_client, submissions):
    assert _numbers(other_client, "PO-1001") == []
    assert _numbers(other_client, "harbor") == []


def test_a_very_long_query_answers_400(member_client, submissions):
    response = member_client.get("/api/submissions/", {"search": "x" * 5000})
    assert response.status_code == 400
    assert "search" in response.json()


def test_postgresql_searches_through_a_trigram_index(submissions):
    if connection.vendor != "postgresql":
        assert submissions[0].search_text.startswith("po-1001")
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'submission_search_text_trgm'"
        )
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition
