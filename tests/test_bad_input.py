"""Whatever a client sends, the answer is never a 500, nothing invalid is stored, and every answer
under /api/ is JSON."""

import json

import pytest
from django.test import Client, RequestFactory
from django.urls import get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from ontraccr_clone.catalog.models import Material, Vendor
from tests.factories import PASSWORD, MaterialFactory, UserFactory, VendorFactory, form_template
from workflows.definitions.services import workflow_get_or_create
from workflows.forms.services import submission_create
from workflows.models import FormSubmission, FormTemplate

pytestmark = pytest.mark.django_db

LONE_SURROGATE = "\ud800"
NUL = "\x00"
TOO_LARGE_ID = 9223372036854775808  # 2**63: one more than the largest 64-bit id


def send(client, method, path, body):
    """Send `body` as escaped JSON, so that lone surrogates reach the server as a client's would."""
    return client.generic(method.upper(), path, json.dumps(body), content_type="application/json")


# Every code point, surrogates and NUL included, and numbers far beyond what a field holds.
any_text = st.text(st.characters(exclude_categories=()), max_size=30)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | any_text
    | st.sampled_from(
        [
            "",
            "1",
            "1.005",
            "-1",
            "NaN",
            "1e400",
            "1e-1000000",
            "-1E+999999999",
            "0e-99999",
            "9" * 5000,
            "2026-02-30",
            "x" * 300,
            NUL,
            LONE_SURROGATE,
            "\udfff\ud800",
        ]
    ),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(any_text, children, max_size=4)
    ),
    max_leaves=12,
)
FIELD_NAMES = [
    "name", "email", "phone", "address", "description", "unit", "unit_cost", "number_prefix",
    "next_number", "form_type", "sections", "active", "template", "data", "password", "revision",
    "steps", "transitions",
]  # fmt: skip
bodies = st.dictionaries(st.sampled_from(FIELD_NAMES), json_values, max_size=6) | json_values


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


# Bodies no JSON encoder of ours would write: deep nesting and numbers of thousands of digits.
depths = st.integers(min_value=1, max_value=3000)
raw_bodies = (
    depths.map(nested)
    | depths.map(lambda depth: '{"a":' * depth + "1" + "}" * depth)
    | st.integers(min_value=1, max_value=6000).map(lambda n: '{"unit_cost": 1' + "0" * n + "}")
    | st.sampled_from(["1e400", "-1e400", '{"data": 1e99999}', "NaN", "Infinity", '"\\u0000"'])
)


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
    workflow, _ = workflow_get_or_create(actor=admin, template=template)
    return [
        ("post", "/api/auth/session/"),
        ("post", "/api/workflows/"),
        ("put", f"/api/workflows/{workflow.pk}/draft/"),
        ("post", f"/api/workflows/{workflow.pk}/publish/"),
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


def stored_rows() -> tuple[int, ...]:
    return (
        Vendor.objects.count(),
        Material.objects.count(),
        FormTemplate.objects.count(),
        FormSubmission.objects.count(),
    )


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
        response = send(client, method, path, body)
        assert response.status_code < 500, (method, path, body, response.content[:300])
        assert response["Content-Type"] == "application/json"
        client.force_login(admin)  # a body may have signed the client out or in as nobody

    check()


def test_arbitrary_raw_bodies_never_answer_500(admin, endpoints):
    client = APIClient()
    client.force_login(admin)

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(endpoint=st.sampled_from(endpoints), body=raw_bodies)
    def check(endpoint, body):
        method, path = endpoint
        response = client.generic(method.upper(), path, body, content_type="application/json")
        assert response.status_code < 500, (method, path, body[:100], response.content[:300])
        client.force_login(admin)

    check()


def test_text_that_cannot_be_stored_never_is(admin, endpoints):
    """A lone surrogate or a NUL anywhere in any body is a 400 naming where it is."""
    client = APIClient()
    client.force_login(admin)
    before = stored_rows()

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        endpoint=st.sampled_from(endpoints),
        name=st.sampled_from(FIELD_NAMES),
        text=st.tuples(any_text, st.sampled_from([NUL, LONE_SURROGATE, "\udc00"]), any_text).map(
            "".join
        ),
    )
    def check(endpoint, name, text):
        method, path = endpoint
        response = send(client, method, path, {name: text})
        assert response.status_code == 400, (method, path, name, response.content[:300])
        assert name in response.json()

    check()
    assert stored_rows() == before


@pytest.mark.parametrize("text", [LONE_SURROGATE, f"ok{NUL}", "\udfff"])
def test_unstorable_text_in_a_submission_answers_400_and_stores_nothing(admin_client, admin, text):
    template = form_template(admin=admin)
    vendor = VendorFactory(company=admin.company)
    good_row = {"name": "Rebar", "quantity": 1, "unit_cost": "2.00"}
    for data, path in (
        ({"memo": text}, "data.memo"),
        ({"materials": [{**good_row, "name": text}]}, "data.materials[0].name"),
        ({"materials": [{**good_row, "description": text}]}, "data.materials[0].description"),
        ({text: "x"}, "data"),
    ):
        body = {"template": template.pk, "data": {"vendor": vendor.pk, **data}}
        response = send(admin_client, "post", "/api/submissions/", body)
        assert response.status_code == 400
        assert response.json() == {
            path: ["Text cannot contain NUL characters or unpaired surrogates."]
            if path != "data"
            else ["Keys: Text cannot contain NUL characters or unpaired surrogates."]
        }
    assert not FormSubmission.objects.exists()
    assert admin_client.get("/api/submissions/").status_code == 200


@pytest.mark.parametrize("text", [LONE_SURROGATE, NUL])
def test_unstorable_text_in_templates_and_the_catalog_answers_400(admin_client, admin, text):
    template = form_template(admin=admin)
    sections = template.versions.get().sections
    sections[0]["fields"][2]["label"] = f"Memo {text}"
    body = {"name": "PO", "form_type": template.form_type_id, "sections": sections}
    response = send(admin_client, "put", f"/api/form-templates/{template.pk}/", body)
    assert response.status_code == 400
    assert list(response.json()) == ["sections[0].fields[2].label"]
    for path, body in (
        ("/api/vendors/", {"name": text}),
        ("/api/vendors/", {"name": "Acme", "address": text}),
        ("/api/materials/", {"name": f"Pipe{text}"}),
        ("/api/form-types/", {"name": text}),
        ("/api/form-templates/", {"name": text, "form_type": 1, "sections": []}),
    ):
        response = send(admin_client, "post", path, body)
        assert response.status_code == 400, (path, body)
    assert not Vendor.objects.exists() and not Material.objects.exists()
    assert admin_client.get("/api/form-templates/").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "/api/vendors/?search=%00",
        "/api/materials/?search=a%00b",
        "/api/users/?search=%00",
        "/api/submissions/?status=%00",
        "/api/submissions/?template=%00",
        "/api/submissions/?submitted_by=1%00",
        "/api/vendors/?active=%00",
        "/api/form-templates/?active=%00",
        "/api/submissions/?template=99999999999999999999",
        "/api/submissions/?submitted_by=9223372036854775808",
        "/api/submissions/?template=-1",
    ],
)
def test_query_parameters_that_cannot_be_used_answer_400(admin_client, query):
    response = admin_client.get(query)
    assert response.status_code == 400, response.content
    assert response.json().keys() <= {"search", "status", "template", "submitted_by", "active"}


def test_deep_json_answers_400_everywhere_even_signed_out(admin, endpoints):
    body = nested(1000)
    signed_out = APIClient(enforce_csrf_checks=False)
    response = signed_out.post("/api/auth/session/", body, content_type="application/json")
    assert response.status_code == 400
    client = APIClient()
    client.force_login(admin)
    for method, path in endpoints:
        for depth in (17, 1000, 100_000):
            response = client.generic(
                method.upper(), path, nested(depth), content_type="application/json"
            )
            assert response.status_code == 400, (method, path, depth)
            assert "nested" in json.dumps(response.json())


def test_json_as_deep_as_a_template_needs_is_accepted(admin_client, admin):
    template = form_template(admin=admin)
    response = admin_client.get(f"/api/form-templates/{template.pk}/")
    body = {
        "name": "PO",
        "form_type": template.form_type_id,
        "sections": response.json()["version"]["sections"],
    }
    assert send(admin_client, "put", f"/api/form-templates/{template.pk}/", body).status_code == 200


NUMBER_SECTIONS = [
    {
        "id": "main",
        "title": "",
        "fields": [
            {"id": "count", "type": "number", "label": "Count"},
            {"id": "price", "type": "currency", "label": "Price"},
            {"id": "materials", "type": "materials_table", "label": "Materials"},
        ],
    }
]


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"count": "1e-1000000"}, {"count": ["Use at most 6 decimal places."]}),
        ({"count": "1e999999999"}, {"count": ["This number is too large."]}),
        ({"count": "-1E+12"}, {"count": ["This number is too large."]}),
        ({"count": "0." + "0" * 50 + "1"},
         {"count": ["Enter a number of at most 12 digits and 6 decimals."]}),
        ({"count": 1e-300}, {"count": ["Use at most 6 decimal places."]}),
        ({"count": 10**18}, {"count": ["This number is too large."]}),
        ({"count": 10**20}, {"data.count": ["This number is too large."]}),
        ({"price": "0.001"}, {"price": ["Use at most 2 decimal places."]}),
        ({"price": "1e-1000000"}, {"price": ["Use at most 2 decimal places."]}),
        ({"materials": [{"name": "Pipe", "quantity": "1e-1000000", "unit_cost": 1}]},
         {"materials[0].quantity": ["Use at most 4 decimal places."]}),
        ({"materials": [{"name": "Pipe", "quantity": 1, "unit_cost": "1e999999999"}]},
         {"materials[0].unit_cost": ["This number is too large."]}),
    ],
)  # fmt: skip
def test_numbers_are_bounded_in_digits_and_decimal_places(admin_client, admin, data, errors):
    template = form_template(admin=admin, name="Counts", sections=NUMBER_SECTIONS)
    response = send(
        admin_client, "post", "/api/submissions/", {"template": template.pk, "data": data}
    )
    assert response.status_code == 400
    assert response.json() == errors
    assert not FormSubmission.objects.exists()


def test_numbers_within_bounds_are_stored_as_plain_text(admin_client, admin):
    template = form_template(admin=admin, name="Counts", sections=NUMBER_SECTIONS)
    data = {"count": "123456789012.123456", "price": "1e2", "materials": [
        {"name": "Pipe", "quantity": "0.0001", "unit_cost": "999999999999.99"}]}  # fmt: skip
    response = send(
        admin_client, "post", "/api/submissions/", {"template": template.pk, "data": data}
    )
    assert response.status_code == 201, response.json()
    stored = response.json()["data"]
    assert (stored["count"], stored["price"]) == ("123456789012.123456", "100.00")
    assert stored["materials"][0]["amount"] == "100000000.00"


@pytest.mark.parametrize(
    "unit_cost", ['"1e-1000000"', '"1e999999999"', "1e400", "1e-1000000", "12345678901234567890"]
)
def test_catalog_unit_costs_are_bounded(admin_client, unit_cost):
    body = f'{{"name": "Pipe", "unit_cost": {unit_cost}}}'
    response = admin_client.post("/api/materials/", body, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()) == ["unit_cost"]


def test_ids_beyond_64_bits_answer_400_in_bodies_and_404_in_paths(admin_client, admin):
    template = form_template(admin=admin)
    for body, field in (
        ({"template": TOO_LARGE_ID, "data": {}}, "template"),
        ({"template": template.pk, "data": {"vendor": TOO_LARGE_ID}}, "data.vendor"),
        ({"template": template.pk, "data": {"materials": [{"material_id": 2**64}]}},
         "data.materials[0].material_id"),
        ({"template": 2**63 - 1, "data": {}}, "template"),
    ):  # fmt: skip
        response = send(admin_client, "post", "/api/submissions/", body)
        assert response.status_code == 400, body
        assert field in response.json(), response.json()
    largest = 2**63 - 1
    data = {"vendor": largest, "materials": [{"material_id": largest, "quantity": 1}]}
    response = send(
        admin_client, "post", "/api/submissions/", {"template": template.pk, "data": data}
    )
    assert response.status_code == 400
    assert response.json() == {
        "vendor": ["No active vendor with id 9223372036854775807."],
        "materials[0].material_id": ["Choose an active material of your company."],
    }
    for path in ("vendors", "materials", "form-types", "form-templates", "submissions"):
        for pk in ("99999999999999999999", str(TOO_LARGE_ID), str(2**63 - 1)):
            response = admin_client.get(f"/api/{path}/{pk}/")
            assert response.status_code == 404, (path, pk)
            assert response.json() == {"detail": "Not found."} or "detail" in response.json()


def test_too_large_bodies_answer_413_in_json(admin_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    big = {"name": "x" * 2000}
    response = send(admin_client, "post", "/api/vendors/", big)
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large."}
    # A form body is read by the CSRF check before any view (signing in checks CSRF).
    browser = Client(enforce_csrf_checks=True)
    browser.get("/api/auth/session/")  # the CSRF cookie, as the app's first page sets it
    for path in ("/api/auth/session/", "/api/nothing-here/"):
        response = browser.post(
            path, "name=" + "x" * 2000, content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 413
        assert response.json() == {"detail": "The request body is too large."}
    assert not Vendor.objects.exists()


def test_not_found_and_wrong_methods_answer_json(admin_client, client):
    for response, code in (
        (admin_client.get("/api/nothing-here/"), 404),
        (admin_client.get("/api/vendors/abc/"), 404),
        (admin_client.delete("/api/vendors/"), 405),
        (admin_client.put("/api/submissions/statuses/"), 405),
        (client.get("/api/vendors/"), 401),
        (admin_client.post("/api/vendors/", "{}", content_type="text/plain"), 415),
    ):
        assert response.status_code == code
        assert response["Content-Type"] == "application/json"
        assert "detail" in response.json()


def test_server_errors_answer_json_under_the_api_and_a_page_elsewhere():
    handler = get_resolver().resolve_error_handler(500)
    response = handler(RequestFactory().get("/api/vendors/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "detail": "Server error: the request was not completed."
    }
    page = handler(RequestFactory().get("/forms/"))
    assert page.status_code == 500
    assert page["Content-Type"].startswith("text/html")


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
        {"email": "a@example.com", "password": NUL},
        {"email": f"a@example.com{LONE_SURROGATE}", "password": "x"},
    ):
        assert send(client, "post", "/api/auth/session/", body).status_code == 400


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
    st.sampled_from(["vendor", "materials", "memo", "due_date", "unknown"]) | any_text,
    json_values | material_rows,
    max_size=5,
)


def test_arbitrary_purchase_order_data_never_answers_500(admin, endpoints):
    client = APIClient()
    client.force_login(admin)
    template_id = int(endpoints[-2][1].split("/")[-2])

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=po_data)
    def check(data):
        response = send(
            client, "post", "/api/submissions/", {"template": template_id, "data": data}
        )
        assert response.status_code in (201, 400), (data, response.content[:300])
        if response.status_code == 201:
            stored = FormSubmission.objects.get(pk=response.json()["id"])
            assert client.get(f"/api/submissions/{stored.pk}/").status_code == 200

    check()
    assert client.get("/api/submissions/").status_code == 200


NOT_TEXT_ENCODINGS = ["rot13", "zlib", "bz2", "base64", "hex", "no-such-charset", ""]


@pytest.mark.parametrize("charset", NOT_TEXT_ENCODINGS)
def test_a_charset_that_is_not_a_text_encoding_answers_415_everywhere(admin, endpoints, charset):
    content_type = f"application/json; charset={charset}"
    before = stored_rows()
    signed_out = APIClient()
    response = signed_out.post("/api/auth/session/", "{}", content_type=content_type)
    assert response.status_code == 415
    assert "not a text encoding" in response.json()["detail"]
    client = APIClient()
    client.force_login(admin)
    for method, path in endpoints:
        response = client.generic(method.upper(), path, '{"name": "x"}', content_type=content_type)
        assert response.status_code == 415, (method, path, response.content[:300])
        assert response["Content-Type"] == "application/json"
    assert stored_rows() == before


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", "utf8", "utf_8", '"utf-8"', "U8"])
def test_utf8_under_any_of_its_names_is_read(admin_client, member, charset):
    body = json.dumps({"name": "Émile & Søn"}, ensure_ascii=False).encode()
    response = admin_client.post(
        "/api/vendors/", body, content_type=f"application/json; charset={charset}"
    )
    assert response.status_code == 201, response.content
    assert Vendor.objects.get().name == "Émile & Søn"
    sign_in = {"email": member.email, "password": PASSWORD}
    response = Client().post(
        "/api/auth/session/", json.dumps(sign_in), f"application/json; charset={charset}"
    )
    assert response.status_code == 200


def test_a_key_twice_in_an_object_answers_400_at_its_path(admin_client, admin, endpoints):
    template_id = int(endpoints[-2][1].split("/")[-2])
    vendor = Vendor.objects.get()
    body = (
        f'{{"template": {template_id}, "data": {{"vendor": {vendor.pk}, '
        '"materials": [{"quantity": 1, "name": "Nails", "quantity": 1000}]}}'
    )
    before = stored_rows()
    response = admin_client.post("/api/submissions/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "data.materials[0].quantity": ["This key appears more than once in its object."]
    }
    response = admin_client.post(
        "/api/vendors/", '{"name": "A", "name": "B"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"name": ["This key appears more than once in its object."]}
    twice = '{"email": "a@example.com", "email": "b@example.com"}'
    response = Client().post("/api/auth/session/", twice, "application/json")
    assert response.status_code == 400
    assert "email" in response.json()
    assert stored_rows() == before


@pytest.fixture
def debug(settings):
    """As under `make run`."""
    settings.DEBUG = True
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    return settings


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_too_large_bodies_answer_413_in_json_under_debug_too(debug, admin, content_type):
    browser = Client(enforce_csrf_checks=True)
    browser.get("/api/auth/session/")
    token = browser.cookies["csrftoken"].value
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(admin)
    signed_in.get("/api/auth/session/")
    big = "x" * 2000
    bodies = {
        "application/json": json.dumps({"email": big, "password": big}),
        "application/x-www-form-urlencoded": f"email={big}",
        "multipart/form-data": {"email": big},
    }
    for client, path in (
        (browser, "/api/auth/session/"),
        (browser, "/api/nothing-here/"),
        (signed_in, "/api/vendors/"),
    ):
        headers = {"X-CSRFToken": client.cookies["csrftoken"].value or token}
        if content_type == "multipart/form-data":
            response = client.post(path, bodies[content_type], headers=headers)
        else:
            response = client.post(path, bodies[content_type], content_type, headers=headers)
        assert response.status_code in (413, 404), (path, response.content[:200])
        assert response["Content-Type"] == "application/json", (path, response.content[:200])
        if path != "/api/nothing-here/" or content_type != "application/json":
            assert response.json() == {"detail": "The request body is too large."}, path
    assert not Vendor.objects.exists()


def test_a_host_not_allowed_answers_400_in_json_under_debug_too(debug, client):
    for method in ("get", "post"):
        response = getattr(client, method)("/api/auth/session/", headers={"host": "evil.example"})
        assert response.status_code == 400
        assert response.json() == {"detail": "Bad request."}
    assert client.get("/forms/", headers={"host": "evil.example"}).status_code == 400


def test_too_many_fields_answer_400_in_json_under_debug_too(debug, admin_client):
    debug.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    query = "&".join(f"search={n}" for n in range(20))
    response = admin_client.get(f"/api/vendors/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def test_server_errors_answer_json_under_the_api_under_debug_too(debug):
    def failing_view(request):
        raise RuntimeError("a bug")

    from django.core.handlers.exception import convert_exception_to_response

    from ontraccr_clone.middleware import ApiAnswersJsonMiddleware

    handler = ApiAnswersJsonMiddleware(convert_exception_to_response(failing_view))
    response = handler(RequestFactory().get("/api/vendors/"))
    assert response.status_code == 500
    assert json.loads(response.content) == {
        "detail": "Server error: the request was not completed."
    }
    page = handler(RequestFactory().get("/forms/"))
    assert page.status_code == 500
    assert b"RuntimeError" in page.content  # Django's debug page, outside the API
