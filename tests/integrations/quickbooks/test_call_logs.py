"""Each QuickBooks API call is logged, over real HTTP against the sandbox, with the id of the
request whose work made it."""

import json

import pytest

from integrations.qbo_sandbox import services as sandbox
from integrations.quickbooks.errors import QuickBooksUnavailable
from integrations.quickbooks.models import QuickBooksConnection
from integrations.quickbooks.purchase_orders import purchase_order_sync
from ontraccr_clone import logs
from tests.factories import MaterialFactory, VendorFactory
from tests.integrations.quickbooks.conftest import REALM_ID, SYNC_CONFIG
from tests.integrations.quickbooks.test_workflow_step import sync_flow
from tests.workflows.conftest import run_tasks
from workflows.models import WorkflowRun

CLIENT_LOGGER = "integrations.quickbooks.client"


def _calls(lines):  # type: ignore[no-untyped-def]
    return [line for line in lines if line["logger"] == CLIENT_LOGGER]


def test_each_call_is_logged_with_its_status_time_and_intuit_tid(connection, submit, json_logs):
    submission = submit()

    with logs.request_id_bound("req-sync"):
        purchase_order_sync(submission=submission, config=SYNC_CONFIG, key="run:sync")

    calls = _calls(json_logs())
    assert calls
    for call in calls:
        assert call["request_id"] == "req-sync"
        assert call["level"] == "INFO"
        assert call["quickbooks_method"] in ("GET", "POST")
        assert call["quickbooks_path"].startswith(f"/qbo-sandbox/v3/company/{REALM_ID}/")
        assert call["status"] == 200
        assert call["outcome"] == "ok"
        assert call["duration_ms"] >= 0
        assert call["intuit_tid"].startswith("1-")
    created = [call for call in calls if call["quickbooks_method"] == "POST"]
    assert created[-1]["quickbooks_path"].endswith("/purchaseorder")
    # Neither the query string (a query's text, the idempotency key) nor the token is written.
    written = json.dumps(calls)
    assert "?" not in written
    token = QuickBooksConnection.objects.get(pk=connection.pk).access_token
    assert token not in written


def test_a_throttled_call_is_a_warning_with_its_status(connection, submit, json_logs):
    submission = submit()
    sandbox.sandbox_inject_faults(realm_id=REALM_ID, status_or_kind="429")

    with logs.request_id_bound("req-throttled"), pytest.raises(QuickBooksUnavailable):
        purchase_order_sync(submission=submission, config=SYNC_CONFIG, key="run:sync")

    (throttled,) = [call for call in _calls(json_logs()) if call["level"] == "WARNING"]
    assert throttled["status"] == 429
    assert throttled["outcome"] == "unavailable"
    assert throttled["request_id"] == "req-throttled"


def test_the_calls_of_a_submission_s_sync_step_carry_the_submitting_request_s_id(
    connection, template, admin, sign_in, json_logs
):
    sync_flow(template)
    browser = sign_in(admin)
    data = {
        "vendor": VendorFactory(company=admin.company).pk,
        "materials": [{"material_id": MaterialFactory(company=admin.company).pk, "quantity": "3"}],
        "memo": "Deliver to gate 3",
        "due_date": "2026-12-15",
    }

    answer = browser.post(
        "/api/submissions/",
        json={"template": template.pk, "data": data},
        headers={"X-Request-ID": "req-po"},
    )
    assert answer.status_code == 201, answer.text
    assert answer.headers["X-Request-ID"] == "req-po"
    run_tasks()

    assert WorkflowRun.objects.get().status == WorkflowRun.Status.SUCCEEDED
    calls = _calls(json_logs())
    assert any(call["quickbooks_path"].endswith("/purchaseorder") for call in calls)
    assert {call["request_id"] for call in calls} == {"req-po"}
