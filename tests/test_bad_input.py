"""Whatever JSON a client sends to an endpoint that takes input, the answer is never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from tests.factories import MaterialFactory, UserFactory, VendorFactory, form_template
from workflows.forms.services import submission_create

pytestmark = pytest.mark.django_db

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(["", "1", "1.005", "-1", "NaN", "1e400", "2026-02-30", "x" * 300]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
FIELD_NAMES = [
    "name", "email", "phone", "address", "description", "unit", "unit_cost", "number_prefix",
    "next_number", "form_type", "sections", "active", "template", "data", "password",
]  # fmt: skip
bodies = st.dictionaries(st.sampled_from(FIELD_NAMES), json_values, max_size=6) | json_values


@pytest.fixture
def endpoints(admin):
    """Every endpoint that takes a body, with ids of the admin's own objects."""
    company = admin.company
    vendor = VendorFactory(company=company)
    material = MaterialFactory(company=company)
    template = form_template(admin=admin)
    data = {"vendor": vendor.pk, "materials": [{"material_id": material.pk, "quantity": 1}]}
    submission_create(actor=admin, template=template, data=data)
    form_type = template.form_type
    return [
        ("post", "/api/auth/session/"),
        ("post", "/api/vendors/"),
        ("patch", f"/api/vendors/{vendor.pk}/"),
        ("post", "/api/materials/"),
        ("patch", f"/api/materials/{material.pk}/"),
        ("post", "/api/form-types/"),
        ("patch", f"/api/form-types/{form_type.pk}/"),
        ("post", "/api/form-templates/"),
        ("put", f"/api/form-templates/{template.pk}/"),
        ("post", "/api/submissions/"),
    ]


def test_arbitrary_json_never_answers_500(admin, endpoints):
    client = APIClient()
    client.force_login(admin)
    template_id = endpoints[-2][1].split("/")[-2]

    @settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
    @given(endpoint=st.sampled_from(endpoints), body=bodies, point_at_template=st.booleans())
    def check(endpoint, body, point_at_template):
        method, path = endpoint
        if point_at_template and isinstance(body, dict) and path == "/api/submissions/":
            body = {**body, "template": int(template_id)}
        response = getattr(client, method)(path, body, format="json")
        assert response.status_code < 500, (method, path, body, response.content[:300])
        client.force_login(admin)  # a body may have signed the client out or in as nobody

    check()


def test_malformed_json_answers_400_everywhere(admin, endpoints):
    client = APIClient()
    client.force_login(admin)
    for method, path in endpoints:
        response = client.generic(method.upper(), path, "{oops", content_type="application/json")
        assert response.status_code == 400, (method, path)


def test_members_get_403_not_500(member, endpoints):
    client = APIClient()
    client.force_login(member)
    admin_only = [endpoint for endpoint in endpoints if "submissions" not in endpoint[1]]
    for method, path in admin_only[1:]:
        assert getattr(client, method)(path, {"name": "x"}, format="json").status_code == 403


def test_unknown_users_cannot_sign_in_with_odd_input(client):
    UserFactory(email="a@example.com")
    for body in (
        {"email": ["a@example.com"], "password": "x"},
        {"email": "a@example.com", "password": 5},
    ):
        assert (
            client.post("/api/auth/session/", body, content_type="application/json").status_code
            == 400
        )


material_rows = st.lists(
    st.dictionaries(
        st.sampled_from(
            ["material_id", "name", "description", "quantity", "unit", "unit_cost", "colour"]
        ),
        json_values,
        max_size=6,
    ),
    max_size=4,
)
po_data = st.dictionaries(
    st.sampled_from(["vendor", "materials", "memo", "due_date", "unknown"]),
    json_values | material_rows,
    max_size=5,
)


def test_arbitrary_purchase_order_data_never_answers_500(admin, endpoints):
    client = APIClient()
    client.force_login(admin)
    template_id = int(endpoints[-2][1].split("/")[-2])

    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=po_data)
    def check(data):
        response = client.post(
            "/api/submissions/", {"template": template_id, "data": data}, format="json"
        )
        assert response.status_code in (201, 400), (data, response.content[:300])

    check()
