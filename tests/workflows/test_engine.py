"""The engine on the real database: runs start with submissions, branch, wait, retry and fail."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ontraccr_clone.accounts.models import User
from tests.factories import UserFactory, form_template, published_workflow
from tests.workflows.conftest import run_tasks
from workflows.engine.services import (
    step_run_act,
    step_run_retry,
    workflow_runs_resume_waiting,
    workflow_runs_sweep,
)
from workflows.forms.services import submission_create
from workflows.models import StepRun, WorkflowRun

pytestmark = pytest.mark.django_db

APPROVAL_FLOW = {
    "steps": {
        "start": ("submit", {}),
        "approve": ("approval", {"approvers": "role", "role": "admin"}),
        "approved": ("update_status", {"status": "Approved"}),
        "rejected": ("update_status", {"status": "Rejected"}),
    },
    "transitions": [
        ("start", "next", "approve"),
        ("approve", "approved", "approved"),
        ("approve", "rejected", "rejected"),
    ],
}


def _submit(actor, template, data):
    submission = submission_create(actor=actor, template=template, data=data)
    run_tasks()
    submission.refresh_from_db()
    return submission


def _run(submission) -> WorkflowRun:
    return submission.workflow_runs.get()


def _kinds(submission) -> list[str]:
    return list(submission.timeline.order_by("at", "id").values_list("kind", flat=True))


def step_run_approve(*, actor, step_run, note: str = "") -> StepRun:
    return step_run_act(actor=actor, step_run=step_run, action="approve", data={"note": note})


def step_run_reject(*, actor, step_run, note: str) -> StepRun:
    return step_run_act(actor=actor, step_run=step_run, action="reject", data={"note": note})


def _waiting(submission) -> StepRun:
    return StepRun.objects.get(run__submission=submission, status=StepRun.Status.WAITING)


def test_a_form_without_a_published_workflow_starts_no_run(admin, po_data):
    submission = _submit(admin, form_template(admin=admin), po_data)
    assert not submission.workflow_runs.exists()


def test_approving_follows_the_approved_arrow(admin, member, po_data):
    template = form_template(admin=admin)
    published_workflow(template=template, **APPROVAL_FLOW)
    submission = _submit(member, template, po_data)
    assert _run(submission).status == WorkflowRun.Status.WAITING
    assert _kinds(submission) == ["submitted", "approval_requested"]

    step_run_approve(actor=admin, step_run=_waiting(submission))
    run_tasks()

    submission.refresh_from_db()
    assert submission.status == "Approved"
    assert _run(submission).status == WorkflowRun.Status.SUCCEEDED
    assert _kinds(submission) == [
        "submitted", "approval_requested", "approved", "step_started", "status_changed",
        "workflow_finished",
    ]  # fmt: skip


def test_rejecting_needs_a_note_and_follows_the_rejected_arrow(admin, member, po_data):
    template = form_template(admin=admin)
    published_workflow(template=template, **APPROVAL_FLOW)
    submission = _submit(member, template, po_data)
    with pytest.raises(ValidationError) as refused:
        step_run_reject(actor=admin, step_run=_waiting(submission), note="  ")
    assert "note" in refused.value.message_dict

    step_run_reject(actor=admin, step_run=_waiting(submission), note="Too expensive")
    run_tasks()

    submission.refresh_from_db()
    assert submission.status == "Rejected"
    rejected = submission.timeline.get(kind="rejected")
    assert rejected.data == {"note": "Too expensive"}
    assert rejected.actor == admin


def test_a_member_who_is_not_an_approver_cannot_approve(admin, member, po_data):
    template = form_template(admin=admin)
    published_workflow(template=template, **APPROVAL_FLOW)
    submission = _submit(member, template, po_data)
    with pytest.raises(PermissionDenied):
        step_run_approve(actor=member, step_run=_waiting(submission))
    assert _run(submission).status == WorkflowRun.Status.WAITING


def test_a_decided_approval_cannot_be_decided_again(admin, member, po_data):
    template = form_template(admin=admin)
    published_workflow(template=template, **APPROVAL_FLOW)
    submission = _submit(member, template, po_data)
    step_run = _waiting(submission)
    step_run_approve(actor=admin, step_run=step_run)
    with pytest.raises(ValidationError):
        step_run_reject(actor=admin, step_run=step_run, note="Changed my mind")


def test_another_company_cannot_approve_or_retry(admin, member, other_admin, po_data):
    template = form_template(admin=admin)
    published_workflow(template=template, **APPROVAL_FLOW)
    submission = _submit(member, template, po_data)
    with pytest.raises(Http404):
        step_run_approve(actor=other_admin, step_run=_waiting(submission))
    with pytest.raises(Http404):
        step_run_retry(actor=other_admin, step_run=_waiting(submission))


def test_approvers_picked_in_a_form_field(admin, member, po_data):
    approver = UserFactory(company=admin.company, role=User.Role.MEMBER)
    sections = [
        {"id": "main", "title": "", "fields": [
            {"id": "approver", "type": "choose", "label": "Approver", "source": "users"},
            {"id": "amount", "type": "currency", "label": "Amount"},
        ]}
    ]  # fmt: skip
    template = form_template(admin=admin, key="general", name="Request", sections=sections)
    published_workflow(
        template=template,
        steps={
            "start": ("submit", {}),
            "approve": ("approval", {"approvers": "field", "field": "approver"}),
        },
        transitions=[("start", "next", "approve")],
    )
    submission = _submit(member, template, {"approver": approver.pk, "amount": "5"})
    with pytest.raises(PermissionDenied):
        step_run_approve(actor=admin, step_run=_waiting(submission))
    step_run_approve(actor=approver, step_run=_waiting(submission))
    run_tasks()
    assert _run(submission).status == WorkflowRun.Status.SUCCEEDED


@pytest.mark.parametrize(
    ("operator", "value", "status"),
    [("gt", "100", "Big"), ("lt", "100", "Small"), ("eq", "120", "Big"), ("ne", "120", "Small")],
)
def test_a_condition_on_the_materials_total_branches(admin, po_data, operator, value, status):
    template = form_template(admin=admin)
    published_workflow(
        template=template,
        steps={
            "start": ("submit", {}),
            "check": ("condition", {"field": "materials", "operator": operator, "value": value}),
            "big": ("update_status", {"status": "Big"}),
            "small": ("update_status", {"status": "Small"}),
        },
        transitions=[
            ("start", "next", "check"),
            ("check", "true", "big"),
            ("check", "false", "small"),
        ],
    )
    submission = _submit(admin, template, po_data)  # 2 x 60.00 = 120.00
    assert submission.status == status


def test_a_run_keeps_its_version_after_a_newer_one_is_published(admin, member, po_data):
    template = form_template(admin=admin)
    first = published_workflow(template=template, **APPROVAL_FLOW)
    submission = _submit(member, template, po_data)
    published_workflow(
        template=template,
        number=2,
        steps={"start": ("submit", {}), "done": ("update_status", {"status": "Auto-approved"})},
        transitions=[("start", "next", "done")],
    )
    step_run_approve(actor=admin, step_run=_waiting(submission))
    run_tasks()

    submission.refresh_from_db()
    assert _run(submission).version == first
    assert submission.status == "Approved"
    later = _submit(member, template, po_data)
    assert later.status == "Auto-approved"


def _record_flow(template, **config):
    return published_workflow(
        template=template,
        steps={"start": ("submit", {}), "record": ("record", config)},
        transitions=[("start", "next", "record")],
    )


def test_transient_failures_retry_with_backoff_on_one_timeline_line(
    admin, po_data, ledger, settings
):
    settings.WORKFLOW_RETRY_BASE_SECONDS = 0
    template = form_template(admin=admin)
    _record_flow(template, fail_attempts=2)
    submission = _submit(admin, template, po_data)

    attempts = list(
        StepRun.objects.filter(run__submission=submission, step__key="record").order_by("id")
    )
    assert [(step_run.attempt, step_run.status) for step_run in attempts] == [
        (1, "failed"), (2, "failed"), (3, "succeeded"),
    ]  # fmt: skip
    assert len({step_run.idempotency_key for step_run in attempts}) == 1
    assert _kinds(submission).count("retry_scheduled") == 1  # one line for the group
    line = submission.timeline.get(kind="retry_scheduled")
    assert line.message.startswith("Record failed; retrying: 2 tries so far")
    assert "Failure" not in line.message  # said once, as the error
    assert line.data["error"] == "Failure 2"
    assert _run(submission).status == WorkflowRun.Status.SUCCEEDED


def test_backoff_waits_before_the_next_attempt(admin, po_data, ledger, settings):
    settings.WORKFLOW_RETRY_BASE_SECONDS = 60
    template = form_template(admin=admin)
    _record_flow(template, fail_attempts=1)
    submission = _submit(admin, template, po_data)
    retry = StepRun.objects.filter(run__submission=submission).latest("id")
    assert retry.status == StepRun.Status.PENDING
    assert (
        retry.next_attempt_at - retry.run.step_runs.get(attempt=1, step__key="record").finished_at
    ).seconds >= 30


def test_an_admin_retries_a_failed_step_with_a_new_idempotency_key(
    admin, member, po_data, ledger, settings
):
    template = form_template(admin=admin)
    _record_flow(template, fail_attempts=1, permanent=True)
    submission = _submit(member, template, po_data)
    failed = StepRun.objects.get(run__submission=submission, step__key="record")
    assert failed.status == StepRun.Status.FAILED
    assert failed.error == "Failure 1"
    assert _run(submission).status == WorkflowRun.Status.FAILED
    assert submission.timeline.filter(kind="step_failed").exists()

    with pytest.raises(PermissionDenied):
        step_run_retry(actor=member, step_run=failed)
    retry = step_run_retry(actor=admin, step_run=failed)
    run_tasks()

    retry.refresh_from_db()
    assert retry.status == StepRun.Status.SUCCEEDED
    assert retry.idempotency_key != failed.idempotency_key
    assert _run(submission).status == WorkflowRun.Status.SUCCEEDED
    with pytest.raises(ValidationError):
        step_run_retry(actor=admin, step_run=failed)


def test_a_waiting_step_resumes_when_its_app_says_so(admin, po_data, ledger, settings):
    template = form_template(admin=admin)
    _record_flow(template, wait=True)
    submission = _submit(admin, template, po_data)
    waiting = _waiting(submission)
    assert _run(submission).status == WorkflowRun.Status.WAITING

    settings.STEPAPP_OPEN = True
    assert workflow_runs_resume_waiting(company=admin.company, step_type="record") == 1
    run_tasks()

    waiting.refresh_from_db()
    assert waiting.status == StepRun.Status.SUCCEEDED
    assert _run(submission).status == WorkflowRun.Status.SUCCEEDED


def test_the_sweep_resumes_a_step_whose_worker_stopped_while_others_go_on(admin, po_data, ledger):
    template = form_template(admin=admin)
    _record_flow(template)
    submission = submission_create(actor=admin, template=template, data=po_data)
    # As a worker that claimed the Submit step and then stopped leaves it: no task waits for it.
    StepRun.objects.filter(run__submission=submission).update(
        status="running", lease_token="gone", lease_expires_at=timezone.now()
    )
    DBTaskResult.objects.all().delete()

    assert workflow_runs_sweep() == 1
    run_tasks()

    assert _run(submission).status == WorkflowRun.Status.SUCCEEDED
    assert ledger.read_text().count("effect record") == 1
