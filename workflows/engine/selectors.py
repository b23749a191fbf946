from django.shortcuts import get_object_or_404

from ontraccr_clone.accounts.models import Company, User
from workflows.engine.models import StepRun, WorkflowRun
from workflows.engine.services import (
    RUN_MOVES,
    RetrySettings,
    retry_default,
    step_run_actions_for,
)
from workflows.engine.summary import run_shown, run_summary
from workflows.forms.models import FormSubmission
from workflows.steps.base import StepAction
from workflows.steps.registry import step_type_list


def step_run_get(*, company: Company, pk: int) -> StepRun:
    """A step run of the company's runs; another company's id is a 404."""
    return get_object_or_404(
        StepRun.objects.select_related("run__submission", "step"), run__company=company, pk=pk
    )


def workflow_run_get(*, company: Company, pk: int) -> WorkflowRun:
    """A run of the company; another company's id is a 404."""
    return get_object_or_404(
        WorkflowRun.objects.select_related("submission"), company=company, pk=pk
    )


def approvals_waiting_for(*, user: User) -> list[StepRun]:
    """The waiting step runs this person may act on now (approvals, or any type with actions),
    oldest first."""
    waiting = (
        StepRun.objects.filter(
            run__company=user.tenant,
            run__status=WorkflowRun.Status.WAITING,
            status=StepRun.Status.WAITING,
        )
        .select_related(
            "run",
            "step",
            "run__submission__submitted_by",
            "run__submission__template_version__template",
        )
        .order_by("started_at", "id")
    )
    mine = []
    for step_run in waiting:
        actions = step_run_actions_for(step_run=step_run, user=user)
        if actions:
            step_run.actions = [_action(action, step_run) for action in actions]  # type: ignore[attr-defined]
            mine.append(step_run)
    return mine


def _action(action: StepAction, step_run: StepRun) -> dict:
    return {
        "name": action.name,
        "label": action.label,
        "note": action.note,
        "style": action.style,
        "step_run": step_run.pk,
    }


def submission_run_overview(*, submission: FormSubmission, viewer: User) -> dict:
    """The shown run of a submission (`run_shown`) with its step runs, and what `viewer` may
    do with it: the actions they may take on its waiting step, Retry (with its choices),
    Cancel."""
    run = run_shown(list(submission.workflow_runs.select_related("version")))
    if run is None:
        return {"run": None, "steps": [], "actions": [], "retry": None, "can_cancel": False}
    steps = list(run.step_runs.select_related("step", "actor").order_by("id"))
    current = steps[-1] if steps else None
    actions = []
    if current is not None and run.status == WorkflowRun.Status.WAITING:
        actions = [
            _action(action, current)
            for action in step_run_actions_for(step_run=current, user=viewer)
        ]
    retry = None
    failed_step = (
        current is not None
        and run.status == WorkflowRun.Status.FAILED
        and current.status == StepRun.Status.FAILED
    )
    if failed_step and viewer.is_admin and current is not None:
        retry = {
            "step_run": current.pk,
            "choices": [{"value": value, "label": label} for value, label in RetrySettings.CHOICES],
            "default": retry_default(run=run),
        }
    return {
        "run": run_summary(submission=submission),
        "steps": steps,
        "actions": actions,
        "retry": retry,
        "can_cancel": viewer.is_admin and WorkflowRun.Status.CANCELLED in RUN_MOVES[run.status],
    }


REPORT_STATES = (
    ("pending", "Pending"),
    ("waiting", "Waiting"),
    ("done", "Done"),
    ("failed", "Failed"),
)


def report_filters() -> list[dict[str, str]]:
    """`?report=` choices of the submissions list: each state of each type that reports."""
    return [
        {"value": f"{step_type.key}:{state}", "label": f"{step_type.report_title}: {label}"}
        for step_type in step_type_list()
        if step_type.report_title
        for state, label in REPORT_STATES
    ]
