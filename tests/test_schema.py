"""Every operation of the OpenAPI schema, called by schemathesis as an admin of a company with data:
no answer is a server error, and every answer is one the schema documents."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from ontraccr_clone.wsgi import application
from tests.factories import MaterialFactory, VendorFactory, form_template
from workflows.definitions.services import workflow_get_or_create
from workflows.forms.services import submission_create

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
CSRF_SECRET = "schemathesis0csrf0secret00000000"  # any 32 letters and digits


@pytest.fixture
def same_connection():
    """Calls go straight to the WSGI app, which closes database connections after each request;
    keep the test's, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def company_ids(admin) -> dict[str, int]:
    """The ids of a vendor, a material, a purchase-order template and a submission, by path."""
    vendor = VendorFactory(company=admin.company)
    material = MaterialFactory(company=admin.company)
    template = form_template(admin=admin)
    data = {"vendor": vendor.pk, "materials": [{"material_id": material.pk, "quantity": 2}]}
    submission = submission_create(actor=admin, template=template, data=data)
    workflow, _ = workflow_get_or_create(actor=admin, template=template)
    return {
        "workflows": workflow.pk,
        "vendors": vendor.pk,
        "materials": material.pk,
        "form-types": template.form_type_id,
        "form-templates": template.pk,
        "submissions": submission.pk,
    }


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented(case, admin, company_ids, same_connection):
    kind = case.path.split("/")[2]
    if isinstance((case.path_parameters or {}).get("id"), int) and case.path_parameters["id"] % 2:
        # Odd ids name the company's own row, so that operations on real rows run too.
        case.path_parameters["id"] = company_ids.get(kind, case.path_parameters["id"])
    browser = Client()
    browser.force_login(admin)  # again for each call: one of them signs out
    case.call_and_validate(
        cookies={"sessionid": browser.cookies["sessionid"].value, "csrftoken": CSRF_SECRET},
        headers={"X-CSRFToken": CSRF_SECRET},
        checks=[not_a_server_error, response_schema_conformance],
    )
