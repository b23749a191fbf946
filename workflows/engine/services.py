"""Starting, advancing, acting on, retrying, resuming and cancelling runs (the rules:
`workflows.engine`)."""

import contextlib
import datetime
import logging
import random
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from ontraccr_clone.accounts.models import Company, User
from ontraccr_clone.accounts.services import require_admin, require_same_company
from ontraccr_clone.related import related_known
from workflows.definitions.models import Step, Transition, WorkflowVersion
from workflows.engine.models import StepReport, StepRun, WorkflowRun
from workflows.forms.models import FormSubmission, SubmissionRevision
from workflows.steps.base import LeaseLost, Outcome, StepAction, StepFailed, Wait
from workflows.steps.registry import step_type_get, step_type_list
from workflows.timeline.models import TimelineEvent
from workflows.timeline.services import timeline_event_record

logger = logging.getLogger(__name__)
# Leases of this process found lost while their step executes (by a heartbeat or a check).
_lost_leases: set[str] = set()

# Task priorities (django-tasks-db runs the highest first): a new run's first step goes before
# due retries, so new work starts within seconds however many retries wait.
PRIORITY_NEW_RUN = 20
PRIORITY_PERSON = 10  # a person acted (approved, retried, resumed): they are watching
PRIORITY_CARRY_ON = 0
PRIORITY_RETRY = -10

Run = WorkflowRun.Status
Step_ = StepRun.Status

# The only status moves there are; every change goes through `_run_move` / `_step_run_move`.
RUN_MOVES: dict[str, set[str]] = {
    Run.RUNNING: {Run.WAITING, Run.SUCCEEDED, Run.FAILED, Run.CANCELLED},
    Run.WAITING: {Run.RUNNING, Run.SUCCEEDED, Run.FAILED, Run.CANCELLED},
    Run.FAILED: {Run.RUNNING, Run.CANCELLED},  # an admin's Retry, or giving up
    Run.SUCCEEDED: set(),
    Run.CANCELLED: set(),
}
STEP_RUN_MOVES: dict[str, set[str]] = {
    Step_.PENDING: {Step_.RUNNING, Step_.SKIPPED},
    # running -> running: a worker resumes a step run whose worker stopped, under a new lease
    Step_.RUNNING: {Step_.RUNNING, Step_.WAITING, Step_.SUCCEEDED, Step_.FAILED, Step_.SKIPPED},
    Step_.WAITING: {Step_.PENDING, Step_.SUCCEEDED, Step_.SKIPPED},
    Step_.SUCCEEDED: set(),
    Step_.FAILED: set(),
    Step_.SKIPPED: set(),
}


class WorkerStopped(Exception):
    """Why the sweep ended a task row: the worker running it was killed (shown in the row)."""


class MoveNotAllowed(Exception):
    """A status change the tables above do not allow: a defect, never a person's mistake."""


def _run_move(run: WorkflowRun, to: str, **fields: Any) -> None:
    """Change the run's status by an allowed move, with the fields that go with it; saved."""
    if to not in RUN_MOVES[run.status]:
        raise MoveNotAllowed(f"Run {run.pk} cannot go from {run.status} to {to}.")
    run.status = to
    for name, value in fields.items():
        setattr(run, name, value)
    run.save(update_fields=["status", *fields])


def _step_run_move(step_run: StepRun, to: str, **fields: Any) -> None:
    """Change the step run's status by an allowed move (a new one starts pending); saved, and
    what its type reports to lists kept in step."""
    starts_pending = step_run.pk is None and to == step_run.status == Step_.PENDING
    if not starts_pending and to not in STEP_RUN_MOVES[step_run.status]:
        raise MoveNotAllowed(f"Step run {step_run.pk} cannot go from {step_run.status} to {to}.")
    step_run.status = to
    for name, value in fields.items():
        setattr(step_run, name, value)
    if step_run.pk is None:
        step_run.save()
    else:
        step_run.save(update_fields=["status", *fields])
    _report_record(step_run)


def _report_record(step_run: StepRun) -> None:
    """Keep what the step's type reports to lists from its latest try (one row per submission
    and type), for types that report."""
    step_type = step_type_get(step_run.step.type)
    if not step_type.report_title:
        return
    report = step_type.report(step_run=step_run)
    if report is None:
        return
    run = step_run.run
    # One statement (insert, or update on conflict): it runs at every status move.
    StepReport.objects.bulk_create(
        [
            StepReport(
                company_id=run.company_id,
                submission_id=run.submission_id,
                step_type=step_type.key,
                step_run=step_run,
                state=report.state,
                label=report.label,
                detail=report.detail,
                updated_at=timezone.now(),
            )
        ],
        update_conflicts=True,
        unique_fields=["submission", "step_type"],
        update_fields=["step_run", "state", "label", "detail", "updated_at"],
    )


def _enqueue_advance(
    run: WorkflowRun,
    *,
    at: datetime.datetime | None = None,
    priority: int = PRIORITY_CARRY_ON,
    remember: bool = True,
) -> None:
    """Save the task that advances the run, in the caller's transaction (the database backend),
    under the run's lock: when one is already waiting it is moved earlier if need be, never
    doubled. `remember=False` for a new run, which cannot have one (and saves a query)."""
    from workflows.engine.tasks import workflow_run_advance

    if run.advance_task_id:
        waiting = DBTaskResult.objects.filter(pk=run.advance_task_id, status="READY")
        found = waiting.values_list("run_after", "priority").first()
        if found is not None:
            run_after, waiting_priority = found
            due_now = run_after == get_date_max() or run_after <= timezone.now()
            if due_now or (at is not None and run_after <= at):
                if priority > waiting_priority:
                    waiting.update(priority=priority)
                return
            waiting.update(run_after=at or get_date_max(), priority=max(priority, waiting_priority))
            return
    task = workflow_run_advance.using(priority=priority, run_after=at)
    result = task.enqueue(run.pk)
    run.advance_task_id = str(result.id)
    if remember:
        WorkflowRun.objects.filter(pk=run.pk).update(advance_task_id=run.advance_task_id)


def _lock(run_id: int) -> WorkflowRun:
    return WorkflowRun.objects.select_for_update().select_related("submission").get(pk=run_id)


def _published_submit_step(submission: FormSubmission) -> Step | None:
    """The Submit step of the form's latest published workflow version, if there is one."""
    return (
        Step.objects.select_related("version")
        .filter(
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
        company_id=submission.company_id, submission=submission, version=submit.version
    )
    related_known(run, "step_runs", [StepRun.objects.create(run=run, step=submit)])
    _enqueue_advance(run, priority=PRIORITY_NEW_RUN, remember=False)
    return run


def submission_decided(*, submission: FormSubmission) -> bool:
    """Whether anything has decided on the form: a person acted on a step of its run (an
    approval approved or rejected), or an admin cancelled the run."""
    deciding_types = [step_type.key for step_type in step_type_list() if step_type.actions]
    runs = WorkflowRun.objects.filter(submission=submission, revision__isnull=True)
    acted = StepRun.objects.filter(
        run__in=runs, step__type__in=deciding_types, status=Step_.SUCCEEDED, actor__isnull=False
    )
    return acted.exists() or runs.filter(status=Run.CANCELLED).exists()


@transaction.atomic(savepoint=False)  # the runs stand or fall with their revision
def workflow_revision_runs_start(*, revision: SubmissionRevision) -> list[WorkflowRun]:
    """For each step the form's run has passed whose type wants the revision
    (`StepType.on_revision`), start a run of that step's revision work, in the revision's
    transaction. A failed run of an earlier revision of the same step is cancelled: this one
    brings the step up to the latest values."""
    passed: dict[str, StepRun] = {}
    for step_run in (
        StepRun.objects.filter(
            run__submission=revision.submission,
            run__revision__isnull=True,
            status=Step_.SUCCEEDED,
        )
        .select_related("run__version", "step")
        .order_by("id")
    ):
        passed[step_run.step.key] = step_run
    started = []
    for key, step_run in passed.items():
        if not step_type_get(step_run.step.type).on_revision(passed=step_run, revision=revision):
            continue
        superseded = WorkflowRun.objects.filter(
            submission=revision.submission,
            revision__isnull=False,
            status=Run.FAILED,
            step_runs__step__key=key,
        ).values_list("pk", flat=True)
        for earlier in WorkflowRun.objects.select_for_update().filter(
            pk__in=list(superseded), status=Run.FAILED
        ):
            _run_move(earlier, Run.CANCELLED, finished_at=timezone.now())
        run = WorkflowRun.objects.create(
            company_id=revision.company_id,
            submission=revision.submission,
            version=step_run.run.version,
            revision=revision,
        )
        StepRun.objects.create(run=run, step=step_run.step)
        _enqueue_advance(run, priority=PRIORITY_PERSON, remember=False)
        started.append(run)
    return started


def workflow_run_advance(*, run_id: int) -> None:
    """Claim the run's next step, execute it outside any transaction, record its result; go on
    with the next step in the same task while the time slice lasts, then leave it to a new task."""
    deadline = time.monotonic() + settings.WORKFLOW_ADVANCE_SLICE_SECONDS
    step_run = _step_run_claim(run_id)
    while step_run is not None:
        step_type = step_type_get(step_run.step.type)
        try:
            with _heartbeat.holding(step_run):
                if step_run.run.revision_id is None:
                    result = step_type.execute(step_run=step_run)
                else:
                    result = step_type.execute_revision(step_run=step_run)
        except LeaseLost:
            logger.warning("Step run %s was taken over; this worker stops", step_run.pk)
            return
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
    """Take the run's current step run for execution, or leave it: to its due time (a task is
    saved for it), or to the worker holding it (the sweep takes it over if that worker stops)."""
    run = _lock(run_id)
    if run.status != Run.RUNNING:
        return None
    step_run = run.step_runs.select_related("step").order_by("-id").first()
    if step_run is None:
        return None
    step_run.run = run
    now = timezone.now()
    if step_run.status == Step_.PENDING:
        if step_run.next_attempt_at > now:
            _enqueue_advance(run, at=step_run.next_attempt_at, priority=PRIORITY_RETRY)
            return None
        return _take(run, step_run, starting=True)
    if step_run.status == Step_.RUNNING:
        if step_run.lease_expires_at and step_run.lease_expires_at > now:
            return None
        logger.warning("Resuming step run %s after its lease ran out", step_run.pk)
        return _take(run, step_run, starting=False)
    return None


def _take(run: WorkflowRun, step_run: StepRun, *, starting: bool) -> StepRun:
    """Lease the step run to this worker (in the caller's transaction, under the run's lock)."""
    now = timezone.now()
    step_run.run = run
    _step_run_move(
        step_run,
        Step_.RUNNING,
        started_at=step_run.started_at or now,
        lease_token=uuid.uuid4().hex,
        lease_expires_at=now + datetime.timedelta(seconds=settings.WORKFLOW_STEP_LEASE_SECONDS),
    )
    step_type = step_type_get(step_run.step.type)
    if starting and step_type.announce_start:
        timeline_event_record(
            submission=run.submission,
            kind="step_started",
            message=f"{step_type.label} started",
            step_run=step_run,
        )
    return step_run


def _holding_lease(step_run: StepRun) -> StepRun | None:
    """The step run as saved, if this worker still holds it; None if another took it over."""
    current = StepRun.objects.select_related("step").get(pk=step_run.pk)
    if current.status != Step_.RUNNING or current.lease_token != step_run.lease_token:
        logger.warning("Step run %s was taken over; dropping this worker's result", step_run.pk)
        return None
    return current


def _budget_spent(run: WorkflowRun, number: int) -> bool:
    """Stop the run when its next step run would pass the step budget (a loop); say so."""
    if number <= settings.WORKFLOW_RUN_STEP_BUDGET:
        return False
    _run_move(run, Run.FAILED, finished_at=timezone.now())
    timeline_event_record(
        submission=run.submission,
        kind="step_failed",
        message=(
            f"The workflow stopped after {settings.WORKFLOW_RUN_STEP_BUDGET:,} steps: it seems "
            "to go round in a loop. Change the workflow so that it ends, and submit again."
        ),
        data={"budget": settings.WORKFLOW_RUN_STEP_BUDGET},
    )
    return True


def _follow(
    run: WorkflowRun, step_run: StepRun, *, go_on: bool = False, priority: int = PRIORITY_CARRY_ON
) -> StepRun | None:
    """Go on by the transition of the step's outcome, or finish the run when there is none.
    With `go_on` the next step run is leased to this worker at once and returned; otherwise a
    task will take it. A revision's run ends with its one step."""
    if run.revision_id is not None:
        _run_move(run, Run.SUCCEEDED, finished_at=timezone.now())
        return None
    transition = (
        Transition.objects.filter(source=step_run.step, outcome=step_run.outcome)
        .select_related("target")
        .first()
    )
    if transition is None:
        _run_move(run, Run.SUCCEEDED, finished_at=timezone.now())
        timeline_event_record(
            submission=run.submission,
            kind="workflow_finished",
            message="Workflow finished",
        )
        return None
    if _budget_spent(run, step_run.number + 1):
        return None
    if run.status != Run.RUNNING:
        _run_move(run, Run.RUNNING)
    following = StepRun(run=run, step=transition.target, number=step_run.number + 1)
    if go_on:
        return _take(run, following, starting=True)
    _step_run_move(following, Step_.PENDING)
    _enqueue_advance(run, priority=priority)
    return None


@transaction.atomic
def _step_run_finish(step_run: StepRun, result: Outcome | Wait, *, go_on: bool) -> StepRun | None:
    """Record a step's result; return the next step run when this worker goes on with it."""
    run = _lock(step_run.run_id)
    current = _holding_lease(step_run)
    if current is None:
        return None
    current.run = run
    released = {"lease_token": "", "lease_expires_at": None}
    if isinstance(result, Wait):
        output = {**current.output, "waiting_for": result.reason}
        _step_run_move(current, Step_.WAITING, output=output, **released)
        _run_move(run, Run.WAITING)
        _record(current, result)
        return None
    _step_run_move(
        current,
        Step_.SUCCEEDED,
        outcome=result.name,
        output={**current.output, **result.output},
        finished_at=timezone.now(),
        **released,
    )
    _record(current, result)
    return _follow(run, current, go_on=go_on)


def _record(step_run: StepRun, result: Outcome | Wait) -> None:
    step_type = step_type_get(step_run.step.type)
    if step_run.run.revision_id is None:
        step_type.record(step_run=step_run, result=result)
    else:
        step_type.record_revision(step_run=step_run, result=result)


def _retry_delay(attempt: int) -> float:
    """Exponential backoff with jitter, capped."""
    base = settings.WORKFLOW_RETRY_BASE_SECONDS * 2 ** (attempt - 1)
    delay = min(base, settings.WORKFLOW_RETRY_MAX_DELAY_SECONDS)
    return delay / 2 + random.uniform(0, delay / 2)


@transaction.atomic
def _step_run_fail(step_run: StepRun, failure: StepFailed) -> None:
    """Record a failed attempt: a transient failure is tried again, with backoff, for
    `WORKFLOW_RETRY_FOR_SECONDS` from its first failure (an answer saying when to come back,
    such as a 429's Retry-After, is waited for and uses no attempt); any other fails the run
    until an admin retries it."""
    run = _lock(step_run.run_id)
    current = _holding_lease(step_run)
    if current is None:
        return
    current.run = run
    now = timezone.now()
    since = current.retrying_since or now
    _step_run_move(
        current,
        Step_.FAILED,
        error=failure.message,
        finished_at=now,
        retrying_since=since,
        lease_token="",
        lease_expires_at=None,
    )
    label = step_type_get(current.step.type).label
    retry_until = since + datetime.timedelta(seconds=settings.WORKFLOW_RETRY_FOR_SECONDS)
    if failure.transient and now < retry_until:
        if failure.retry_after is not None:
            attempt, delay = current.attempt, failure.retry_after * random.uniform(1, 1.1)
        else:
            attempt, delay = current.attempt + 1, _retry_delay(current.attempt)
        retry = StepRun(
            run=run,
            step=current.step,
            number=current.number,
            attempt=attempt,
            idempotency_key=current.idempotency_key,
            retrying_since=since,
            next_attempt_at=now + datetime.timedelta(seconds=delay),
        )
        _step_run_move(retry, Step_.PENDING)
        _retry_scheduled_say(run, current, retry, label=label, error=failure.message)
        _enqueue_advance(run, at=retry.next_attempt_at, priority=PRIORITY_RETRY)
        return
    _run_move(run, Run.FAILED, finished_at=now)
    timeline_event_record(
        submission=run.submission,
        kind="step_failed",
        message=f"{label} failed",
        data={"error": failure.message},
        step_run=current,
    )


def _retry_scheduled_say(
    run: WorkflowRun, failed: StepRun, retry: StepRun, *, label: str, error: str
) -> None:
    """One timeline line per run of automatic retries: the first failure writes it, later
    ones bring it up to date (the latest error, how many tries, when the next is)."""
    group = TimelineEvent.objects.filter(
        submission_id=run.submission_id,
        kind="retry_scheduled",
        step_run__run=run,
        step_run__idempotency_key=failed.idempotency_key,
        step_run__retrying_since=failed.retrying_since,
    ).order_by("-id")
    tries = (
        StepRun.objects.filter(
            run=run, idempotency_key=failed.idempotency_key, retrying_since=failed.retrying_since
        ).count()
        - 1
    )  # the retry just saved is not a try yet
    next_at = timezone.localtime(retry.next_attempt_at).strftime("%H:%M:%S")
    tried = f"{tries} tr{'y' if tries == 1 else 'ies'}"
    # The error is the event's data, shown once beside the message to those who can fix it.
    message = f"{label} failed; retrying: {tried} so far, the next at {next_at}"
    data = {"error": error, "tries": tries, "next_attempt_at": retry.next_attempt_at.isoformat()}
    if group.update(message=message, data=data, step_run=failed) == 0:
        timeline_event_record(
            submission=run.submission,
            kind="retry_scheduled",
            message=message,
            data=data,
            step_run=failed,
        )


def step_run_lease_check(*, step_run: StepRun) -> None:
    """Raise `LeaseLost` when this worker no longer holds the step run: its heartbeat found the
    lease gone, or the saved lease is another worker's or has run out. Steps call it right
    before an outside effect they must not make twice."""
    token = step_run.lease_token
    if token in _lost_leases:
        raise LeaseLost(f"Step run {step_run.pk} is no longer held by this worker.")
    held = StepRun.objects.filter(
        pk=step_run.pk,
        status=StepRun.Status.RUNNING,
        lease_token=token,
        lease_expires_at__gt=timezone.now(),
    ).exists()
    if not held:
        _lost_leases.add(token)
        raise LeaseLost(f"Step run {step_run.pk} is no longer held by this worker.")


@transaction.atomic
def step_run_save_progress(*, step_run: StepRun, output: dict[str, Any]) -> None:
    """Save how far a step got before a call it must not repeat, so a resumed attempt knows.
    Raises `LeaseLost` when this worker no longer holds the step run."""
    if step_run.lease_token in _lost_leases:
        raise LeaseLost(f"Step run {step_run.pk} is no longer held by this worker.")
    merged = {**step_run.output, **output}
    saved = StepRun.objects.filter(
        pk=step_run.pk,
        status=StepRun.Status.RUNNING,
        lease_token=step_run.lease_token,
        lease_expires_at__gt=timezone.now(),
    ).update(output=merged)
    if not saved:
        _lost_leases.add(step_run.lease_token)
        raise LeaseLost(f"Step run {step_run.pk} is no longer held by this worker.")
    step_run.output = merged


class _LeaseHeartbeat:
    """Renews the leases of the steps this process is executing, from one thread with its own
    database connection (closed after each round), so a long step keeps its lease and a killed
    worker's lease soon runs out. When a renewal finds a lease gone (another worker took the step
    over), it marks it lost and the step's next check raises `LeaseLost`. One thread for the
    process, not one per step: a step costs a dictionary entry, not a thread."""

    def __init__(self) -> None:
        self.held: dict[str, int] = {}  # lease token -> step run id
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    @contextlib.contextmanager
    def holding(self, step_run: StepRun) -> Iterator[None]:
        with self.lock:
            self.held[step_run.lease_token] = step_run.pk
            if self.thread is None:
                self.thread = threading.Thread(target=self._beat, name="leases", daemon=True)
                self.thread.start()
        try:
            yield
        finally:
            with self.lock:
                self.held.pop(step_run.lease_token, None)
            _lost_leases.discard(step_run.lease_token)

    def _beat(self) -> None:
        while True:
            lease = settings.WORKFLOW_STEP_LEASE_SECONDS
            time.sleep(lease / 3)
            with self.lock:
                held = dict(self.held)
            try:
                for token, step_run_id in held.items():
                    renewed = StepRun.objects.filter(
                        pk=step_run_id, status=Step_.RUNNING, lease_token=token
                    ).update(lease_expires_at=timezone.now() + datetime.timedelta(seconds=lease))
                    if not renewed:
                        _lost_leases.add(token)
            except Exception:
                logger.exception("Renewing the leases of this worker failed; trying again")
            finally:
                connection.close()


_heartbeat = _LeaseHeartbeat()


def _waiting_action(
    actor: User, step_run: StepRun, action: str
) -> tuple[WorkflowRun, StepRun, StepAction]:
    """The run and step run locked, and the action of the step's type, once checked that the
    step run waits and that `actor` may take the action now (asked of the type, not a snapshot)."""
    require_same_company(actor, step_run.run)
    step_type = step_type_get(step_run.step.type)
    found = next((each for each in step_type.actions if each.name == action), None)
    if found is None:
        raise Http404(f"{step_type.label} has no action named {action}.")
    run = _lock(step_run.run_id)
    current = StepRun.objects.select_related("step").get(pk=step_run.pk)
    current.run = run
    if current.status != Step_.WAITING or run.status != Run.WAITING:
        raise ValidationError("This step no longer waits for anyone: it has been decided.")
    if not step_type.may_act(step_run=current, user=actor, action=found):
        raise PermissionDenied(f"You cannot {found.label.lower()} this step.")
    return run, current, found


@transaction.atomic
def step_run_act(*, actor: User, step_run: StepRun, action: str, data: dict[str, Any]) -> StepRun:
    """A person takes an action of the step's type on a step run that waits for them (approve,
    reject...): the type validates it and says the outcome, and the run goes on by it."""
    run, current, found = _waiting_action(actor, step_run, action)
    step_type = step_type_get(current.step.type)
    outcome = step_type.on_action(step_run=current, actor=actor, action=found, data=data)
    _step_run_move(
        current,
        Step_.SUCCEEDED,
        outcome=outcome.name,
        actor=actor,
        finished_at=timezone.now(),
        output={**current.output, **outcome.output},
    )
    _follow(run, current, priority=PRIORITY_PERSON)
    return current


def step_run_actions_for(*, step_run: StepRun, user: User) -> list[StepAction]:
    """The actions `user` may take on the step run now (none unless it waits)."""
    if step_run.status != Step_.WAITING:
        return []
    step_type = step_type_get(step_run.step.type)
    return [
        action
        for action in step_type.actions
        if step_type.may_act(step_run=step_run, user=user, action=action)
    ]


class RetrySettings:
    """Which settings an admin's Retry runs the step with."""

    PUBLISHED = "published"
    AS_STARTED = "as_started"
    CHOICES = (
        (PUBLISHED, "Retry with the published settings"),
        (AS_STARTED, "Retry as it started"),
    )


def workflow_version_published_latest(*, run: WorkflowRun) -> WorkflowVersion | None:
    """The newest published version of the run's workflow."""
    return (
        WorkflowVersion.objects.filter(
            workflow_id=run.version.workflow_id, state=WorkflowVersion.State.PUBLISHED
        )
        .order_by("-number")
        .first()
    )


def retry_default(*, run: WorkflowRun) -> str:
    """With the published settings when the workflow was published since the run started."""
    latest = workflow_version_published_latest(run=run)
    changed = latest is not None and latest.pk != run.version_id
    return RetrySettings.PUBLISHED if changed else RetrySettings.AS_STARTED


@transaction.atomic
def step_run_retry(*, actor: User, step_run: StepRun, settings_from: str = "") -> StepRun:
    """An admin tries a failed step again, as a new step run with a new idempotency key: with
    the published settings (the run moves to the newest published version and re-runs the step
    of the same key there) or as it started (the run's own version)."""
    require_same_company(actor, step_run.run)
    require_admin(actor, to="retry workflow steps")
    run = _lock(step_run.run_id)
    latest = run.step_runs.select_related("step").order_by("-id").first()
    if run.status != Run.FAILED or latest is None or latest.pk != step_run.pk:
        raise ValidationError("Only the step where the workflow stopped can be retried.")
    if latest.status != Step_.FAILED:
        raise ValidationError("The workflow stopped after this step; there is nothing to retry.")
    settings_from = settings_from or retry_default(run=run)
    step, how = latest.step, "as it started"
    if settings_from == RetrySettings.PUBLISHED:
        version = workflow_version_published_latest(run=run)
        if version is None:
            raise ValidationError({"settings": "The workflow has no published version."})
        found = Step.objects.filter(version=version, key=latest.step.key).first()
        if found is None:
            raise ValidationError(
                {
                    "settings": f"Version {version.number} of the workflow has no step "
                    f"{latest.step.key}: retry as it started."
                }
            )
        step, how = found, f"with the published settings (version {version.number})"
        if version.pk != run.version_id:
            run.version = version
            run.save(update_fields=["version"])
    retry = StepRun(run=run, step=step, actor=actor, number=latest.number)
    _step_run_move(retry, Step_.PENDING)
    _run_move(run, Run.RUNNING, finished_at=None)
    timeline_event_record(
        submission=run.submission,
        kind="retried",
        actor=actor,
        message=f"Retried by {actor.display_name} {how}",
        data={"settings": settings_from},
        step_run=retry,
    )
    _enqueue_advance(run, priority=PRIORITY_PERSON)
    return retry


@transaction.atomic
def workflow_run_cancel(*, actor: User, run: WorkflowRun) -> WorkflowRun:
    """An admin stops a run for good: its current step is skipped, nothing more runs, and it
    cannot be retried."""
    require_same_company(actor, run)
    require_admin(actor, to="cancel workflows")
    run = _lock(run.pk)
    if Run.CANCELLED not in RUN_MOVES[run.status]:
        raise ValidationError("This workflow has ended; there is nothing to cancel.")
    current = run.step_runs.select_related("step").order_by("-id").first()
    now = timezone.now()
    if current is not None and Step_.SKIPPED in STEP_RUN_MOVES[current.status]:
        current.run = run
        _step_run_move(
            current, Step_.SKIPPED, finished_at=now, lease_token="", lease_expires_at=None
        )
    _run_move(run, Run.CANCELLED, finished_at=now)
    timeline_event_record(
        submission=run.submission,
        kind="workflow_cancelled",
        actor=actor,
        message=f"Workflow cancelled by {actor.display_name}",
        step_run=current,
    )
    return run


def workflow_runs_resume_waiting(*, company: Company, step_type: str, reason: str = "") -> int:
    """Resume every run of the company waiting in a step of this type, for the type's app when
    what it waited for is back (an outside system the company reconnected); steps waiting for a
    person go on by that person's action instead. Returns how many."""
    waiting = StepRun.objects.filter(
        run__company=company, status=Step_.WAITING, step__type=step_type
    ).values_list("run_id", flat=True)
    return sum(_resume(run_id, step_type, reason) for run_id in list(waiting))


@transaction.atomic
def _resume(run_id: int, step_type: str, reason: str) -> bool:
    run = _lock(run_id)
    step_run = run.step_runs.select_related("step").order_by("-id").first()
    if step_run is None or step_run.status != Step_.WAITING:
        return False
    if step_run.step.type != step_type or run.status != Run.WAITING:
        return False
    step_run.run = run
    _step_run_move(step_run, Step_.PENDING, next_attempt_at=timezone.now())
    _run_move(run, Run.RUNNING)
    timeline_event_record(
        submission=run.submission,
        kind="resumed",
        message=f"{step_type_get(step_type).label} resumed" + (f": {reason}" if reason else ""),
        step_run=step_run,
    )
    _enqueue_advance(run, priority=PRIORITY_PERSON)
    return True


def workflow_sweep_ensure() -> None:
    """When a worker starts: make sure the periodic sweep is scheduled (it does all recovery)."""
    with transaction.atomic():
        _enqueue_sweep()


def _enqueue_sweep() -> None:
    """Save the next sweep unless one is already waiting (several workers share one)."""
    from workflows.engine.tasks import workflow_runs_sweep

    waiting = DBTaskResult.objects.filter(
        task_path=workflow_runs_sweep.module_path, status="READY"
    ).exists()
    if not waiting:
        at = timezone.now() + datetime.timedelta(seconds=settings.WORKFLOW_SWEEP_SECONDS)
        workflow_runs_sweep.using(run_after=at, priority=PRIORITY_NEW_RUN).enqueue()


def _runs_with_advance_waiting() -> set[int]:
    from workflows.engine.tasks import workflow_run_advance

    waiting = DBTaskResult.objects.filter(
        task_path=workflow_run_advance.module_path, status="READY"
    ).values_list("args_kwargs", flat=True)
    return {args_kwargs["args"][0] for args_kwargs in waiting}


def workflow_runs_sweep() -> int:
    """All recovery, every `WORKFLOW_SWEEP_SECONDS`: advance the running runs nobody carries (a
    step whose worker stopped, its lease run out; a step due long ago with no task), and end
    the task rows of killed workers, left running. Returns how many runs it advanced."""
    now = timezone.now()
    overdue = now - datetime.timedelta(seconds=settings.WORKFLOW_SWEEP_SECONDS)
    stale = StepRun.objects.filter(run__status=Run.RUNNING).filter(
        Q(status=Step_.RUNNING, lease_expires_at__lt=now)
        | Q(status=Step_.PENDING, next_attempt_at__lt=overdue)
    )
    run_ids = set(stale.values_list("run_id", flat=True)) - _runs_with_advance_waiting()
    for run_id in run_ids:
        with transaction.atomic():
            _enqueue_advance(_lock(run_id))
    _tasks_of_stopped_workers_end(now)
    with transaction.atomic():
        _enqueue_sweep()
    return len(run_ids)


def _tasks_of_stopped_workers_end(now: datetime.datetime) -> None:
    """Mark failed the task rows a killed worker left running: an advance that started longer
    than a lease ago and whose run no live lease holds (a live task executing a step renews its
    lease), a sweep (which takes a moment) that started longer than a lease ago, and any other
    task running for longer than `WORKFLOW_TASK_RUNNING_LIMIT_SECONDS`."""
    from workflows.engine.tasks import workflow_run_advance, workflow_runs_sweep

    lease_ago = now - datetime.timedelta(seconds=settings.WORKFLOW_STEP_LEASE_SECONDS)
    limit_ago = now - datetime.timedelta(seconds=settings.WORKFLOW_TASK_RUNNING_LIMIT_SECONDS)
    running = DBTaskResult.objects.filter(status="RUNNING")
    held = set(
        StepRun.objects.filter(status=Step_.RUNNING, lease_expires_at__gt=now).values_list(
            "run_id", flat=True
        )
    )
    stopped = [
        task.pk
        for task in running.filter(
            task_path=workflow_run_advance.module_path, started_at__lt=lease_ago
        ).only("pk", "args_kwargs")
        if task.args_kwargs["args"][0] not in held
    ]
    engine_tasks = (workflow_run_advance.module_path, workflow_runs_sweep.module_path)
    stopped += list(
        running.filter(
            task_path=workflow_runs_sweep.module_path, started_at__lt=lease_ago
        ).values_list("pk", flat=True)
    )
    stopped += list(
        running.exclude(task_path__in=engine_tasks)
        .filter(started_at__lt=limit_ago)
        .values_list("pk", flat=True)
    )
    if stopped:
        logger.warning("Ending %s task rows left running by stopped workers", len(stopped))
        DBTaskResult.objects.filter(pk__in=stopped, status="RUNNING").update(
            status="FAILED",
            finished_at=now,
            exception_class_path="workflows.engine.services.WorkerStopped",
            traceback="The worker running this task stopped before it ended.",
        )
