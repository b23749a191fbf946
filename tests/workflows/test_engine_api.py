"""Approvals, decisions, retries and run state over the API, with tenancy and roles."""

import pytest

from tests.factories import form_template, published_workflow
from tests.workflows.conftest import run_tasks
from tests.workflows.test_engine import APPROVAL_FLOW
from workflows.forms.services import submission_create
from workflows.models import StepRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(admin, member, po_data):
    """A member's PO waiting for an admin's approval."""
    template = form_template(admin=admin)
    published_workflow(template=template, **APPROVAL_FLOW)
    submission = submission_create(actor=member, template=template, data=po_data)
    run_tasks()
    return StepRun.objects.get(run__submission=submission, status="waiting")


def test_the_waiting_list_shows_my_approvals_with_a_count(admin_client, member_client, waiting):
    mine = admin_client.get("/api/approvals/").json()
    assert mine["count"] == 1
    assert mine["results"][0]["step_run"] == waiting.pk
    assert mine["results"][0]["submission"]["number"] == waiting.run.submission.number
    assert member_client.get("/api/approvals/").json() == {"count": 0, "results": []}


def test_an_approver_approves_and_the_run_goes_on(admin_client, waiting):
    response = admin_client.post(f"/api/step-runs/{waiting.pk}/actions/approve/", {}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["outcome"] == "approved"
    run_tasks()
    submission = waiting.run.submission
    detail = admin_client.get(f"/api/submissions/{submission.pk}/").json()
    assert detail["status"] == "Approved"
    assert detail["run"]["status"] == "succeeded"
    assert detail["run"]["stage"] == "Finished"
    listed = admin_client.get("/api/submissions/").json()["results"][0]
    assert listed["run"]["stage"] == "Finished"


def test_a_rejection_without_a_note_is_a_400_with_the_field(admin_client, waiting):
    response = admin_client.post(f"/api/step-runs/{waiting.pk}/actions/reject/", {}, format="json")
    assert response.status_code == 400
    assert "note" in response.json()
    response = admin_client.post(
        f"/api/step-runs/{waiting.pk}/actions/reject/", {"note": "No budget"}, format="json"
    )
    assert response.status_code == 200


def test_a_member_who_is_not_an_approver_gets_403(member_client, waiting):
    for action in ("approve", "reject"):
        response = member_client.post(
            f"/api/step-runs/{waiting.pk}/actions/{action}/", {}, format="json"
        )
        assert response.status_code == 403


def test_the_form_page_says_what_the_viewer_may_do(admin_client, member_client, waiting):
    submission = waiting.run.submission
    as_admin = admin_client.get(f"/api/submissions/{submission.pk}/run/").json()
    assert [action["name"] for action in as_admin["actions"]] == ["approve", "reject"]
    assert as_admin["actions"][1] == {
        "name": "reject", "label": "Reject", "note": "required", "style": "danger",
        "step_run": waiting.pk,
    }  # fmt: skip
    assert as_admin["retry"] is None and as_admin["can_cancel"] is True
    assert as_admin["run"]["status"] == "waiting"
    assert as_admin["run"]["stage"].startswith("Waiting for approval from")
    as_member = member_client.get(f"/api/submissions/{submission.pk}/run/").json()
    assert as_member["actions"] == [] and as_member["can_cancel"] is False


def test_another_company_cannot_read_approve_reject_or_retry(other_client, waiting):
    submission = waiting.run.submission
    assert other_client.get(f"/api/submissions/{submission.pk}/run/").status_code == 404
    for path in ("actions/approve", "actions/reject", "retry"):
        response = other_client.post(
            f"/api/step-runs/{waiting.pk}/{path}/", {"note": "x"}, format="json"
        )
        assert response.status_code == 404, path
    assert other_client.post(f"/api/runs/{waiting.run_id}/cancel/").status_code == 404
    assert other_client.get("/api/approvals/").json()["count"] == 0


def test_only_admins_retry_and_only_a_failed_step(admin_client, member_client, waiting):
    assert member_client.post(f"/api/step-runs/{waiting.pk}/retry/").status_code == 403
    response = admin_client.post(f"/api/step-runs/{waiting.pk}/retry/")
    assert response.status_code == 400


def test_timeline_events_say_how_to_show_them(admin_client, waiting):
    submission = waiting.run.submission
    events = admin_client.get(f"/api/submissions/{submission.pk}/timeline/").json()
    requested = events[-1]
    assert requested["kind"] == "approval_requested"
    assert requested["kind_label"] == "Approval requested"
    assert requested["tone"] == "warning"
    assert requested["icon"]
    assert requested["step_run"] == waiting.pk


def test_an_unknown_action_is_a_404(admin_client, waiting):
    response = admin_client.post(f"/api/step-runs/{waiting.pk}/actions/explode/", {}, format="json")
    assert response.status_code == 404


def test_an_admin_cancels_the_run_and_the_page_says_so(admin_client, member_client, waiting):
    assert member_client.post(f"/api/runs/{waiting.run_id}/cancel/").status_code == 403
    response = admin_client.post(f"/api/runs/{waiting.run_id}/cancel/")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    overview = admin_client.get(f"/api/submissions/{waiting.run.submission_id}/run/").json()
    assert overview["can_cancel"] is False and overview["actions"] == []
    assert admin_client.post(f"/api/runs/{waiting.run_id}/cancel/").status_code == 400


def test_a_test_apps_step_type_is_acted_on_and_retried_through_the_same_endpoints(
    admin, admin_client, member_client, po_data, ledger
):
    template = form_template(admin=admin)
    published_workflow(
        template=template,
        steps={
            "start": ("submit", {}),
            "hold": ("record", {"wait": True}),
            "fail": ("record", {"fail_attempts": 1, "permanent": True}),
        },
        transitions=[("start", "next", "hold"), ("hold", "next", "fail")],
    )
    submission = submission_create(actor=admin, template=template, data=po_data)
    run_tasks()
    overview = admin_client.get(f"/api/submissions/{submission.pk}/run/").json()
    assert overview["actions"][0]["name"] == "release"
    step_run = overview["actions"][0]["step_run"]
    assert member_client.get("/api/approvals/").json()["count"] == 0
    assert admin_client.get("/api/approvals/").json()["results"][0]["step_run"] == step_run
    assert (
        member_client.post(
            f"/api/step-runs/{step_run}/actions/release/", {}, format="json"
        ).status_code
        == 403
    )
    response = admin_client.post(
        f"/api/step-runs/{step_run}/actions/release/", {"note": "go"}, format="json"
    )
    assert response.status_code == 200 and response.json()["outcome"] == "next"
    assert (
        admin_client.post(
            f"/api/step-runs/{step_run}/actions/release/", {}, format="json"
        ).status_code
        == 400
    )
    run_tasks()

    overview = admin_client.get(f"/api/submissions/{submission.pk}/run/").json()
    assert overview["retry"]["default"] == "as_started"
    assert [choice["value"] for choice in overview["retry"]["choices"]] == [
        "published", "as_started",
    ]  # fmt: skip
    failed = overview["retry"]["step_run"]
    response = admin_client.post(
        f"/api/step-runs/{failed}/retry/", {"settings": "nonsense"}, format="json"
    )
    assert response.status_code == 400 and "settings" in response.json()
    response = admin_client.post(
        f"/api/step-runs/{failed}/retry/", {"settings": "as_started"}, format="json"
    )
    assert response.status_code == 201


def test_the_submissions_list_shows_and_filters_by_what_steps_report(
    admin, admin_client, po_data, ledger
):
    template = form_template(admin=admin)
    published_workflow(
        template=template,
        steps={"start": ("submit", {}), "hold": ("record", {"wait": True})},
        transitions=[("start", "next", "hold")],
    )
    submission = submission_create(actor=admin, template=template, data=po_data)
    run_tasks()
    listed = admin_client.get("/api/submissions/").json()["results"][0]
    assert listed["reports"] == [
        {"step_type": "record", "title": "Record", "state": "waiting", "label": "Waiting",
         "detail": {}},
    ]  # fmt: skip
    found = admin_client.get("/api/submissions/?report=record:waiting").json()
    assert [each["id"] for each in found["results"]] == [submission.pk]
    assert admin_client.get("/api/submissions/?report=record:done").json()["count"] == 0
    assert admin_client.get("/api/submissions/?report=nonsense").status_code == 400
    choices = admin_client.get("/api/submissions/reports/").json()
    assert {"value": "record:waiting", "label": "Record: Waiting"} in choices
