from django.db.models import QuerySet

from ontraccr_clone.accounts.models import User
from workflows.engine.models import StepRun, WorkflowRun
from workflows.forms.models import FormSubmission
from workflows.steps.base import Advice
from workflows.steps.registry import step_type_get
from workflows.timeline.models import TimelineEvent


def timeline_list(*, submission: FormSubmission) -> QuerySet[TimelineEvent]:
    return submission.timeline.select_related("actor", "step_run__run", "step_run__step").order_by(
        "at", "id"
    )


def _still_so(event: TimelineEvent, step_run: StepRun) -> bool:
    """Whether the step run is still where the event left it: advice on what to do next is for
    now, not for an entry that later ones have overtaken."""
    run = step_run.run
    if event.kind == "step_waiting":
        return step_run.status == StepRun.Status.WAITING
    if event.kind == "step_failed":
        return (
            run.status == WorkflowRun.Status.FAILED
            and not run.step_runs.filter(pk__gt=step_run.pk).exists()
        )
    if event.kind == "retry_scheduled":
        return run.step_runs.filter(
            idempotency_key=step_run.idempotency_key,
            status__in=(StepRun.Status.PENDING, StepRun.Status.RUNNING),
        ).exists()
    return True


def timeline_event_advice(*, event: TimelineEvent, viewer: User) -> Advice | None:
    """What this person can do about an entry, or can expect, as its step's type words it for
    them (an admin can fix and retry; a member is told what happens next)."""
    step_run = event.step_run
    if step_run is None or not _still_so(event, step_run):
        return None
    try:
        step_type = step_type_get(step_run.step.type)
    except KeyError:  # a type no app registers any more: its entries are shown as they are
        return None
    return step_type.advice(step_run=step_run, kind=event.kind, for_admin=viewer.is_admin)


def timeline_event_error(*, event: TimelineEvent, viewer: User) -> str:
    """A failure's error, for admins: they are the ones who can put it right and retry."""
    error = event.data.get("error") if isinstance(event.data, dict) else None
    return error if viewer.is_admin and isinstance(error, str) else ""
