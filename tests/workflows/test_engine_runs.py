"""The engine's promises: guarded status moves, retries across an outage, one task per run,
new work first, a step budget, cancelling, actions decided by the step type, both Retry choices,
and reports to lists."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ontraccr_clone.accounts.models import User
from tests.factories import form_template, published_workflow
from tests.workflows.conftest import run_tasks
from workflows.engine import services
from workflows.engine.models import StepReport
from workflows.engine.services import (
    MoveNotAllowed,
    step_run_act,
    step_run_retry,
    workflow_run_cancel,
    workflow_runs_sweep,
    workflow_sweep_ensure,
)
from workflows.engine.tasks import workflow_run_advance
from workflows.engine.tasks import workflow_runs_sweep as sweep_task
from workflows.forms.services import submission_create
from workflows.models import StepRun, WorkflowRun

pytestmark = pytest.mark.django_db


def _flow(template, *steps, number: int = 1):
    """Submit, then these (key, type, config) steps one after the other."""
    keys = ["start", *(key for key, _, _ in steps)]
    return published_workflow(
        template=template,
        number=number,
        steps={"start": ("submit", {}), **{key: (kind, config) for key, kind, config in steps}},
        transitions=[(source, "next", target) for source, target in itertools.pairwise(keys)],
    )


def _submit(actor, template, data) -> WorkflowRun:
    submission = submission_create(actor=actor, template=template, data=data)
    run_tasks()
    return submission.workflow_runs.get()


def _latest(run: WorkflowRun) -> StepRun:
    return run.step_runs.latest("id")


def _advance_tasks(run: WorkflowRun, status: str = "READY") -> int:
    return sum(
        1
        for args_kwargs in DBTaskResult.objects.filter(
            task_path=workflow_run_advance.module_path, status=status
        ).values_list("args_kwargs", flat=True)
        if args_kwargs["args"] == [run.pk]
    )


def test_a_status_move_outside_the_table_is_refused(admin, po_data, ledger):
    template = form_template(admin=admin)
    _flow(template, ("record", "record", {}))
    run = _submit(admin, template, po_data)
    assert run.status == WorkflowRun.Status.SUCCEEDED
    with pytest.raises(MoveNotAllowed):
        services._run_move(run, WorkflowRun.Status.RUNNING)
    with pytest.raises(MoveNotAllowed):
        services._step_run_move(_latest(run), StepRun.Status.PENDING)


def test_transient_failures_go_on_past_the_old_cap_within_the_retry_window(
    admin, po_data, ledger, settings
):
    settings.WORKFLOW_RETRY_BASE_SECONDS = 0
    template = form_template(admin=admin)
    _flow(template, ("record", "record", {"fail_attempts": 8}))
    run = _submit(admin, template, po_data)
    assert run.status == WorkflowRun.Status.SUCCEEDED
    assert _latest(run).attempt == 9
    assert run.submission.timeline.filter(kind="retry_scheduled").count() == 1


def test_a_step_fails_for_good_once_its_failures_outlast_the_retry_window(
    admin, po_data, ledger, settings
):
    settings.WORKFLOW_RETRY_BASE_SECONDS = 600
    template = form_template(admin=admin)
    _flow(template, ("record", "record", {"fail_attempts": 5}))
    run = _submit(admin, template, po_data)
    retry = _latest(run)
    assert retry.status == StepRun.Status.PENDING
    # An hour and more of failures later:
    since = timezone.now() - datetime.timedelta(seconds=settings.WORKFLOW_RETRY_FOR_SECONDS + 1)
    StepRun.objects.filter(run=run).update(retrying_since=since, next_attempt_at=timezone.now())
    DBTaskResult.objects.update(run_after=timezone.now())  # the retry is due
    run_tasks()
    run.refresh_from_db()
    assert run.status == WorkflowRun.Status.FAILED
    assert _latest(run).status == StepRun.Status.FAILED
    assert run.submission.timeline.filter(kind="step_failed").count() == 1


def test_an_answer_saying_when_to_come_back_is_waited_for_without_using_an_attempt(
    admin, po_data, ledger, settings
):
    settings.WORKFLOW_RETRY_BASE_SECONDS = 0
    template = form_template(admin=admin)
    _flow(template, ("record", "record", {"fail_attempts": 3, "retry_after": 0}))
    run = _submit(admin, template, po_data)
    assert run.status == WorkflowRun.Status.SUCCEEDED
    attempts = list(run.step_runs.filter(step__key="record").values_list("attempt", flat=True))
    assert attempts == [1, 1, 1, 1]

    settings.WORKFLOW_RETRY_BASE_SECONDS = 600
    ledger.write_text("")
    _flow(template, ("record", "record", {"fail_attempts": 1, "retry_after": 30}), number=2)
    later = submission_create(actor=admin, template=template, data=po_data)
    run_tasks()
    retry = later.workflow_runs.get().step_runs.latest("id")
    wait = (retry.next_attempt_at - timezone.now()).total_seconds()
    assert 25 <= wait <= 34 and retry.attempt == 1


def test_one_advance_task_per_run_however_often_it_is_asked_for(admin, po_data, ledger):
    template = form_template(admin=admin)
    _flow(template, ("record", "record", {}))
    submission = submission_create(actor=admin, template=template, data=po_data)
    run = submission.workflow_runs.get()
    services._step_run_claim(run.pk)  # a worker holds the Submit step
    DBTaskResult.objects.all().delete()
    for _ in range(5):
        services._enqueue_advance(WorkflowRun.objects.get(pk=run.pk))
    assert _advance_tasks(run) == 1
    StepRun.objects.filter(run=run).update(lease_expires_at=timezone.now())
    workflow_runs_sweep()
    workflow_runs_sweep()
    assert _advance_tasks(run) == 1
    # A worker finding a live lease leaves the step to its holder: no task to look again.
    DBTaskResult.objects.all().delete()
    claimed = services._step_run_claim(run.pk)
    assert claimed is not None and services._step_run_claim(run.pk) is None
    assert _advance_tasks(run) == 0


def test_a_new_runs_first_step_goes_before_due_retries(admin, po_data, ledger, settings):
    settings.WORKFLOW_RETRY_BASE_SECONDS = 0.001
    template = form_template(admin=admin)
    _flow(template, ("record", "record", {"fail_attempts": 100}))
    failing = submission_create(actor=admin, template=template, data=po_data).workflow_runs.get()
    DBTaskResult.objects.all().delete()
    workflow_run_advance.func(failing.pk)  # fails; its retry is due at once
    fresh = submission_create(actor=admin, template=template, data=po_data).workflow_runs.get()
    due = [task.args_kwargs["args"] for task in DBTaskResult.objects.ready()]
    assert due == [[fresh.pk], [failing.pk]]


def test_a_worker_starting_requeues_nothing_and_the_sweep_ends_tasks_of_killed_workers(
    admin, po_data, ledger, settings
):
    template = form_template(admin=admin)
    _flow(template, ("record", "record", {}))
    submission = submission_create(actor=admin, template=template, data=po_data)
    run = submission.workflow_runs.get()
    workflow_sweep_ensure()
    workflow_sweep_ensure()
    assert _advance_tasks(run) == 1  # only the one saved with the submission
    assert DBTaskResult.objects.filter(task_path=sweep_task.module_path).count() == 1
    # A worker claimed the advance task and the Submit step, then was killed:
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.WORKFLOW_STEP_LEASE_SECONDS + 5)
    DBTaskResult.objects.filter(task_path=workflow_run_advance.module_path).update(
        status="RUNNING", started_at=long_ago
    )
    services._step_run_claim(run.pk)
    StepRun.objects.filter(run=run).update(lease_expires_at=timezone.now())
    # ... and another was killed running a sweep.
    killed_sweep = sweep_task.enqueue()
    DBTaskResult.objects.filter(pk=killed_sweep.id).update(status="RUNNING", started_at=long_ago)
    assert workflow_runs_sweep() == 1
    assert DBTaskResult.objects.get(pk=killed_sweep.id).status == "FAILED"
    assert _advance_tasks(run, "RUNNING") == 0
    assert _advance_tasks(run, "FAILED") == 1
    DBTaskResult.objects.filter(status="FAILED").delete()
    run_tasks()
    run.refresh_from_db()
    assert run.status == WorkflowRun.Status.SUCCEEDED


def test_a_loop_stops_at_the_step_budget(admin, po_data, settings):
    settings.WORKFLOW_RUN_STEP_BUDGET = 20
    template = form_template(admin=admin)
    published_workflow(
        template=template,
        steps={
            "start": ("submit", {}),
            "a": ("update_status", {"status": "A"}),
            "b": ("update_status", {"status": "B"}),
        },
        transitions=[("start", "next", "a"), ("a", "next", "b"), ("b", "next", "a")],
    )
    run = _submit(admin, template, po_data)
    assert run.status == WorkflowRun.Status.FAILED
    assert run.step_runs.count() == 20
    stopped = run.submission.timeline.get(kind="step_failed")
    assert "stopped after 20 steps" in stopped.message


def test_an_admin_cancels_a_run_and_it_cannot_be_retried(admin, member, po_data, ledger):
    template = form_template(admin=admin)
    _flow(template, ("record", "record", {"wait": True}))
    run = _submit(member, template, po_data)
    assert run.status == WorkflowRun.Status.WAITING
    with pytest.raises(PermissionDenied):
        workflow_run_cancel(actor=member, run=run)
    workflow_run_cancel(actor=admin, run=run)
    run.refresh_from_db()
    assert run.status == WorkflowRun.Status.CANCELLED
    assert _latest(run).status == StepRun.Status.SKIPPED
    assert run.submission.timeline.filter(kind="workflow_cancelled", actor=admin).count() == 1
    with pytest.raises(ValidationError):
        step_run_retry(actor=admin, step_run=_latest(run))
    with pytest.raises(ValidationError):
        workflow_run_cancel(actor=admin, run=run)


def test_a_failed_run_can_be_cancelled_too(admin, po_data, ledger):
    template = form_template(admin=admin)
    _flow(template, ("record", "record", {"fail_attempts": 1, "permanent": True}))
    run = _submit(admin, template, po_data)
    workflow_run_cancel(actor=admin, run=run)
    run.refresh_from_db()
    assert run.status == WorkflowRun.Status.CANCELLED
    assert _latest(run).status == StepRun.Status.FAILED  # its history stays as it was


def test_an_action_of_the_step_type_is_asked_at_the_moment_of_acting(
    admin, member, other_admin, po_data, ledger
):
    template = form_template(admin=admin)
    _flow(template, ("hold", "record", {"wait": True}), ("after", "record", {}))
    run = _submit(member, template, po_data)
    waiting = _latest(run)
    with pytest.raises(Http404):
        step_run_act(actor=admin, step_run=waiting, action="approve", data={})
    with pytest.raises(Http404):
        step_run_act(actor=other_admin, step_run=waiting, action="release", data={})
    with pytest.raises(PermissionDenied):
        step_run_act(actor=member, step_run=waiting, action="release", data={})
    # Demoted after the step started: refused now.
    User.objects.filter(pk=admin.pk).update(role=User.Role.MEMBER)
    admin.refresh_from_db()
    with pytest.raises(PermissionDenied):
        step_run_act(actor=admin, step_run=waiting, action="release", data={})
    User.objects.filter(pk=member.pk).update(role=User.Role.ADMIN)
    member.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        step_run_act(actor=member, step_run=waiting, action="release", data={"note": 5})
    assert "note" in refused.value.message_dict

    step_run_act(actor=member, step_run=waiting, action="release", data={"note": " ok "})
    run_tasks()
    run.refresh_from_db()
    assert run.status == WorkflowRun.Status.SUCCEEDED
    released = run.submission.timeline.get(kind="record_released")
    assert (released.actor, released.data) == (member, {"note": "ok"})
    with pytest.raises(ValidationError):  # decided: no longer waits
        step_run_act(actor=member, step_run=waiting, action="release", data={})


def _failing_then_fixed(admin, po_data):
    """A run failed at a Record step that fails for good; then a version is published whose
    Record step of the same key succeeds."""
    template = form_template(admin=admin)
    _flow(template, ("record", "record", {"fail_attempts": 1, "permanent": True}))
    run = _submit(admin, template, po_data)
    fixed = _flow(template, ("record", "record", {"seconds": 0}), number=2)
    return run, fixed


def test_retry_with_the_published_settings_moves_the_run_to_the_new_version(admin, po_data, ledger):
    run, fixed = _failing_then_fixed(admin, po_data)
    assert services.retry_default(run=run) == "published"
    retry = step_run_retry(actor=admin, step_run=_latest(run), settings_from="published")
    run_tasks()
    run.refresh_from_db()
    retry.refresh_from_db()
    assert run.version == fixed and retry.step.version == fixed
    assert run.status == WorkflowRun.Status.SUCCEEDED
    said = run.submission.timeline.get(kind="retried")
    assert "with the published settings (version 2)" in said.message


def test_retry_as_it_started_keeps_the_runs_version(admin, po_data, ledger):
    run, _ = _failing_then_fixed(admin, po_data)
    first_version = run.version
    retry = step_run_retry(actor=admin, step_run=_latest(run), settings_from="as_started")
    run.refresh_from_db()
    assert run.version == first_version and retry.step.version == first_version
    assert "as it started" in run.submission.timeline.get(kind="retried").message


def test_retry_with_the_published_settings_is_refused_when_the_step_is_gone(admin, po_data, ledger):
    template = form_template(admin=admin)
    _flow(template, ("record", "record", {"fail_attempts": 1, "permanent": True}))
    run = _submit(admin, template, po_data)
    _flow(template, ("other", "record", {}), number=2)
    with pytest.raises(ValidationError) as refused:
        step_run_retry(actor=admin, step_run=_latest(run), settings_from="published")
    assert "has no step record" in str(refused.value)
    run.refresh_from_db()
    assert run.status == WorkflowRun.Status.FAILED


def test_a_reporting_step_type_keeps_one_report_per_submission(admin, po_data, ledger):
    template = form_template(admin=admin)
    _flow(template, ("record", "record", {"wait": True}))
    run = _submit(admin, template, po_data)
    report = StepReport.objects.get(submission=run.submission)
    assert (report.step_type, report.state, report.label) == ("record", "waiting", "Waiting")
    step_run_act(actor=admin, step_run=_latest(run), action="release", data={})
    report.refresh_from_db()
    assert (report.state, report.step_run) == ("done", _latest(run))
    assert StepReport.objects.count() == 1
