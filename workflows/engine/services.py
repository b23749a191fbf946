"""Starting, advancing, approving, retrying and resuming runs (the rules: `workflows.engine`)."""

import datetime
import logging
import random
import time
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ontraccr_clone.accounts.models import Company, User
from ontraccr_clone.accounts.services import require_admin, require_same_company
from workflows.definitions.models import Step, Transition, WorkflowVersion
from workflows.engine.models import StepRun, WorkflowRun
from workflows.forms.models import FormSubmission
from workflows.steps.base import Outcome, StepFailed, Wait
from workflows.steps.registry import step_type_get
from workflows.timeline.services import timeline_event_record

logger = logging.getLogger(__name__)
APPROVAL = "approval"


def _enqueue_advance(run: WorkflowRun, *, at: datetime.datetime | None = None) -> None:
    """Save the task that advances the run, in the caller's transaction (the database backend)."""
    from workflows.engine.tasks import workflow_run_advance

    task = workflow_run_advance.using(run_after=at) if at else workflow_run_advance
    task.enqueue(run.pk)


def _lock(run_id: int) -> WorkflowRun:
    return WorkflowRun.objects.select_for_update().select_related("submission").get(pk=run_id)


def _sync_state_record(step_run: StepRun) -> None:
    """Keep the submission's sync state in step with the latest try of a step that syncs it."""
    if not step_type_get(step_run.step.type).reports_sync_state:
        return
    state, detail = FormSubmission.SyncState.PENDING, {}
    if step_run.status == StepRun.Status.WAITING:
        state, detail = FormSubmission.SyncState.WAITING, {"reason": step_run.output["waiting_for"]}
    elif step_run.status == StepRun.Status.SUCCEEDED:
        state = FormSubmission.SyncState.SYNCED
        detail = {key: step_run.output.get(key, "") for key in ("reference", "url")}
    elif step_run.status == StepRun.Status.FAILED:
        state, detail = FormSubmission.SyncState.FAILED, {"error": step_run.error}
    FormSubmission.objects.filter(pk=step_run.run.submission_id).update(
        sync_state=state, sync_detail=detail
    )


def _published_submit_step(submission: FormSubmission) -> Step | None:
    """The Submit step of the form's latest published workflow version, if there is one."""
    return (
        Step.objects.filter(
            type="submit",
            version__workflow__form_template_id=submission.template_version.template_id,
            version__workflow__company_id=submission.company_id,
            version__state=WorkflowVersion.State.PUBLISHED,
        )
        .order_by("-version__number")
        .first()
    )


@transaction.atomic(savepoint=False)  # no savepoint: the run stands or falls with its submission
def workflow_run_start(*, submission: FormSubmission) -> WorkflowRun | None:
    """Start the form's published workflow for a new submission, in the submission's transaction."""
    submit = _published_submit_step(submission)
    if submit is None:
        return None
    run = WorkflowRun.objects.create(
        company_id=submission.company_id, submission=submission, version_id=submit.version_id
    )
    StepRun.objects.create(run=run, step=submit)
    _enqueue_advance(run)
    return run


def workflow_run_advance(*, run_id: int) -> None:
    """Claim the run's next step, execute it outside any transaction, record its result; go on
    with the next step in the same task while the time slice lasts, then leave it to a new task."""
    deadline = time.monotonic() + settings.WORKFLOW_ADVANCE_SLICE_SECONDS
    step_run = _step_run_claim(run_id)
    while step_run is not None:
        step_type = step_type_get(step_run.step.type)
        try:
            result = step_type.execute(step_run=step_run)
        except StepFailed as failure:
            _step_run_fail(step_run, failure)
            return
        except Exception as error:
            # A defect in a step type: the run shows it and waits for an admin, not retrying.
            logger.exception("Step run %s raised an unexpected error", step_run.pk)
            _step_run_fail(step_run, StepFailed(f"Unexpected error: {error}"))
            return
        step_run = _step_run_finish(step_run, result, go_on=time.monotonic() < deadline)


@transaction.atomic
def _step_run_claim(run_id: int) -> StepRun | None:
    """Take the run's current step run for execution, or say when to look again."""
    run = _lock(run_id)
    if run.status != WorkflowRun.Status.RUNNING:
        return None
    step_run = run.step_runs.select_related("step").order_by("-id").first()
    if step_run is None:
        return None
    now = timezone.now()
    if step_run.status == StepRun.Status.PENDING:
        if step_run.next_attempt_at > now:
            _enqueue_advance(run, at=step_run.next_attempt_at)
            return None
        starting = True
    elif step_run.status == StepRun.Status.RUNNING:
        if step_run.lease_expires_at and step_run.lease_expires_at > now:
            _enqueue_advance(run, at=step_run.lease_expires_at)
            return None
        starting = False  # its worker stopped: resume the same step run
        logger.warning("Resuming step run %s after its lease ran out", step_run.pk)
    else:
        return None
    return _take(run, step_run, starting=starting)


def _take(run: WorkflowRun, step_run: StepRun, *, starting: bool) -> StepRun:
    """Lease the step run to this worker (in the caller's transaction, under the run's lock)."""
    now = timezone.now()
    step_run.status = StepRun.Status.RUNNING
    step_run.started_at = step_run.started_at or now
    step_run.lease_token = uuid.uuid4().hex
    step_run.lease_expires_at = now + datetime.timedelta(
        seconds=settings.WORKFLOW_STEP_LEASE_SECONDS
    )
    leased = ["status", "started_at", "lease_token", "lease_expires_at"]
    step_run.save(update_fields=leased if step_run.pk else None)  # a new one: inserted leased
    step_type = step_type_get(step_run.step.type)
    if starting and step_type.announce_start:
        timeline_event_record(
            submission=run.submission,
            kind="step_started",
            message=f"{step_type.label} started",
            step_run=step_run,
        )
    step_run.run = run
    return step_run


def _holding_lease(step_run: StepRun) -> StepRun | None:
    """The step run as saved, if this worker still holds it; None if another took it over."""
    current = StepRun.objects.select_related("step").get(pk=step_run.pk)
    if current.status != StepRun.Status.RUNNING or current.lease_token != step_run.lease_token:
        logger.warning("Step run %s was taken over; dropping this worker's result", step_run.pk)
        return None
    return current


def _follow(run: WorkflowRun, step_run: StepRun, *, go_on: bool = False) -> StepRun | None:
    """Go on by the transition of the step's outcome, or finish the run when there is none.
    With `go_on` the next step run is leased to this worker at once and returned; otherwise a
    task will take it."""
    transition = (
        Transition.objects.filter(source=step_run.step, outcome=step_run.outcome)
        .select_related("target")
        .first()
    )
    if transition is None:
        run.status = WorkflowRun.Status.SUCCEEDED
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "finished_at"])
        timeline_event_record(
            submission=run.submission,
            kind="workflow_finished",
            message="Workflow finished",
        )
        return None
    if run.status != WorkflowRun.Status.RUNNING:
        run.status = WorkflowRun.Status.RUNNING
        run.save(update_fields=["status"])
    following = StepRun(run=run, step=transition.target)
    _sync_state_record(following)
    if go_on:
        return _take(run, following, starting=True)
    following.save()
    _enqueue_advance(run)
    return None


@transaction.atomic
def _step_run_finish(step_run: StepRun, result: Outcome | Wait, *, go_on: bool) -> StepRun | None:
    """Record a step's result; return the next step run when this worker goes on with it."""
    run = _lock(step_run.run_id)
    current = _holding_lease(step_run)
    if current is None:
        return None
    current.run = run
    current.lease_token, current.lease_expires_at = "", None
    if isinstance(result, Wait):
        current.status = StepRun.Status.WAITING
        current.output = {**current.output, "waiting_for": result.reason}
        current.save()
        _sync_state_record(current)
        run.status = WorkflowRun.Status.WAITING
        run.save(update_fields=["status"])
        step_type_get(current.step.type).record(step_run=current, result=result)
        return None
    current.status = StepRun.Status.SUCCEEDED
    current.outcome = result.name
    current.output = {**current.output, **result.output}
    current.finished_at = timezone.now()
    current.save()
    _sync_state_record(current)
    step_type_get(current.step.type).record(step_run=current, result=result)
    return _follow(run, current, go_on=go_on)


def _retry_delay(attempt: int, retry_after: float | None) -> float:
    """Exponential backoff with jitter; at least what the other side asked for."""
    base = settings.WORKFLOW_RETRY_BASE_SECONDS * 2 ** (attempt - 1)
    delay = min(base, settings.WORKFLOW_RETRY_MAX_DELAY_SECONDS)
    delay = delay / 2 + random.uniform(0, delay / 2)
    return max(delay, retry_after or 0)


@transaction.atomic
def _step_run_fail(step_run: StepRun, failure: StepFailed) -> None:
    run = _lock(step_run.run_id)
    current = _holding_lease(step_run)
    if current is None:
        return
    current.status = StepRun.Status.FAILED
    current.error = failure.message
    current.finished_at = timezone.now()
    current.lease_token, current.lease_expires_at = "", None
    current.save()
    label = step_type_get(current.step.type).label
    attempts = settings.WORKFLOW_RETRY_MAX_ATTEMPTS
    if failure.transient and current.attempt < attempts:
        delay = _retry_delay(current.attempt, failure.retry_after)
        retry = StepRun.objects.create(
            run=run,
            step=current.step,
            attempt=current.attempt + 1,
            idempotency_key=current.idempotency_key,
            next_attempt_at=current.finished_at + datetime.timedelta(seconds=delay),
        )
        timeline_event_record(
            submission=run.submission,
            kind="retry_scheduled",
            message=(
                f"{label}: attempt {current.attempt} of {attempts} failed ({failure.message}); "
                f"trying again in {delay:.0f} s"
            ),
            data={"error": failure.message, "attempt": current.attempt, "delay": delay},
            step_run=current,
        )
        _enqueue_advance(run, at=retry.next_attempt_at)
        return
    _sync_state_record(current)
    run.status = WorkflowRun.Status.FAILED
    run.finished_at = current.finished_at
    run.save(update_fields=["status", "finished_at"])
    timeline_event_record(
        submission=run.submission,
        kind="step_failed",
        message=f"{label} failed",
        data={"error": failure.message},
        step_run=current,
    )


@transaction.atomic
def step_run_save_progress(*, step_run: StepRun, output: dict[str, Any]) -> None:
    """Save how far a step got before a call it must not repeat, so a resumed attempt knows."""
    step_run.output = {**step_run.output, **output}
    StepRun.objects.filter(pk=step_run.pk, lease_token=step_run.lease_token).update(
        output=step_run.output
    )


def _waiting_approval(actor: User, step_run: StepRun) -> tuple[WorkflowRun, StepRun]:
    require_same_company(actor, step_run.run)
    run = _lock(step_run.run_id)
    current = StepRun.objects.select_related("step").get(pk=step_run.pk)
    if current.step.type != APPROVAL:
        raise ValidationError("This step is not an approval.")
    if current.status != StepRun.Status.WAITING or run.status != WorkflowRun.Status.WAITING:
        raise ValidationError("This approval has already been decided.")
    if actor.pk not in current.output.get("approver_ids", []):
        raise PermissionDenied("Only this step's approvers can approve or reject it.")
    current.run = run
    return run, current


def _decide(actor: User, step_run: StepRun, outcome: str, note: str) -> StepRun:
    run, current = _waiting_approval(actor, step_run)
    # Checked after who may decide, so that nobody else learns what a rejection would need.
    if outcome == "rejected" and not note:
        raise ValidationError({"note": "Say why you reject it."})
    current.status = StepRun.Status.SUCCEEDED
    current.outcome = outcome
    current.actor = actor
    current.finished_at = timezone.now()
    current.output = {**current.output, "note": note}
    current.save()
    approved = outcome == "approved"
    timeline_event_record(
        submission=run.submission,
        kind="approved" if approved else "rejected",
        actor=actor,
        message=f"{'Approved' if approved else 'Rejected'} by {actor.display_name}",
        data={"note": note} if note else {},
        step_run=current,
    )
    _follow(run, current)
    return current


@transaction.atomic
def step_run_approve(*, actor: User, step_run: StepRun, note: str = "") -> StepRun:
    """An approver approves: the run goes on by the "approved" arrow."""
    return _decide(actor, step_run, "approved", note.strip())


@transaction.atomic
def step_run_reject(*, actor: User, step_run: StepRun, note: str) -> StepRun:
    """An approver rejects, saying why: the run goes on by the "rejected" arrow."""
    return _decide(actor, step_run, "rejected", note.strip())


@transaction.atomic
def step_run_retry(*, actor: User, step_run: StepRun) -> StepRun:
    """An admin tries a failed step again, as a new step run with a new idempotency key."""
    require_same_company(actor, step_run.run)
    require_admin(actor, to="retry workflow steps")
    run = _lock(step_run.run_id)
    latest = run.step_runs.order_by("-id").first()
    if run.status != WorkflowRun.Status.FAILED or latest is None or latest.pk != step_run.pk:
        raise ValidationError("Only the step where the workflow stopped can be retried.")
    retry = StepRun.objects.create(run=run, step_id=step_run.step_id, actor=actor)
    _sync_state_record(retry)
    run.status = WorkflowRun.Status.RUNNING
    run.finished_at = None
    run.save(update_fields=["status", "finished_at"])
    timeline_event_record(
        submission=run.submission,
        kind="retried",
        actor=actor,
        message=f"Retried by {actor.display_name}",
        step_run=retry,
    )
    _enqueue_advance(run)
    return retry


def workflow_runs_resume_waiting(*, company: Company, step_type: str, reason: str = "") -> int:
    """Resume every run of the company waiting in a step of this type (not approvals, which wait
    for a person): e.g. QuickBooks steps after the company reconnects. Returns how many."""
    if step_type == APPROVAL:
        raise ValueError("Approvals resume only by approving or rejecting.")
    waiting = StepRun.objects.filter(
        run__company=company, status=StepRun.Status.WAITING, step__type=step_type
    ).values_list("run_id", flat=True)
    return sum(_resume(run_id, step_type, reason) for run_id in list(waiting))


@transaction.atomic
def _resume(run_id: int, step_type: str, reason: str) -> bool:
    run = _lock(run_id)
    step_run = run.step_runs.select_related("step").order_by("-id").first()
    if step_run is None or step_run.status != StepRun.Status.WAITING:
        return False
    if step_run.step.type != step_type:
        return False
    step_run.status = StepRun.Status.PENDING
    step_run.next_attempt_at = timezone.now()
    step_run.save(update_fields=["status", "next_attempt_at"])
    _sync_state_record(step_run)
    run.status = WorkflowRun.Status.RUNNING
    run.save(update_fields=["status"])
    timeline_event_record(
        submission=run.submission,
        kind="resumed",
        message=f"{step_type_get(step_type).label} resumed" + (f": {reason}" if reason else ""),
        step_run=step_run,
    )
    _enqueue_advance(run)
    return True


@transaction.atomic
def workflow_runs_recover() -> int:
    """When a worker starts: advance every running run, so that work a stopped worker held
    (a claimed task, a leased step run) is carried on; and keep the periodic sweep going.
    Returns how many runs."""
    run_ids = list(
        WorkflowRun.objects.filter(status=WorkflowRun.Status.RUNNING).values_list("pk", flat=True)
    )
    for run_id in run_ids:
        _enqueue_advance(WorkflowRun(pk=run_id))
    _enqueue_sweep()
    return len(run_ids)


def _enqueue_sweep() -> None:
    """Save the next sweep unless one is already waiting (several workers share one)."""
    from django_tasks_db.models import DBTaskResult

    from workflows.engine.tasks import workflow_runs_sweep

    waiting = DBTaskResult.objects.filter(
        task_path=workflow_runs_sweep.module_path, status="READY"
    ).exists()
    if not waiting:
        at = timezone.now() + datetime.timedelta(seconds=settings.WORKFLOW_SWEEP_SECONDS)
        workflow_runs_sweep.using(run_after=at).enqueue()


@transaction.atomic
def workflow_runs_sweep() -> int:
    """Advance the running runs that nobody carries: a step whose worker stopped while others go
    on (its lease ran out), or a step due long ago. Runs every `WORKFLOW_SWEEP_SECONDS`."""
    now = timezone.now()
    overdue = now - datetime.timedelta(seconds=settings.WORKFLOW_SWEEP_SECONDS)
    stale = StepRun.objects.filter(run__status=WorkflowRun.Status.RUNNING).filter(
        Q(status=StepRun.Status.RUNNING, lease_expires_at__lt=now)
        | Q(status=StepRun.Status.PENDING, next_attempt_at__lt=overdue)
    )
    run_ids = set(stale.values_list("run_id", flat=True))
    for run_id in run_ids:
        _enqueue_advance(WorkflowRun(pk=run_id))
    _enqueue_sweep()
    return len(run_ids)
