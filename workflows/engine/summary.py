"""Where a submission's run stands, in words: for the submission list and the form page."""

from django.db.models import Prefetch
from rest_framework import serializers

from workflows.engine.models import StepRun, WorkflowRun
from workflows.forms.models import FormSubmission
from workflows.steps.registry import step_type_get


class RunSummarySerializer(serializers.Serializer):
    """Where a submission's run stands."""

    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=WorkflowRun.Status.choices)
    stage = serializers.CharField(help_text="Where the run stands, in words.")
    version = serializers.IntegerField(help_text="The workflow version the run is pinned to.")
    started_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    current_step_run = serializers.IntegerField(allow_null=True)


def runs_prefetch() -> Prefetch:
    """Each submission's runs, newest first, with their step runs: for `run_summary` in lists."""
    return Prefetch(
        "workflow_runs",
        queryset=WorkflowRun.objects.select_related("version")
        .prefetch_related(Prefetch("step_runs", queryset=StepRun.objects.select_related("step")))
        .order_by("-id"),
    )


def _current(run: WorkflowRun) -> StepRun | None:
    step_runs = list(run.step_runs.all())
    return max(step_runs, key=lambda step_run: step_run.pk) if step_runs else None


def run_shown(runs: list[WorkflowRun]) -> WorkflowRun | None:
    """The run that lists and the form page show: the latest, passing over a revision's run
    that has ended (the timeline tells its work), so that the main run's place stays in view."""
    newest_first = sorted(runs, key=lambda each: each.pk, reverse=True)
    ended = (WorkflowRun.Status.SUCCEEDED, WorkflowRun.Status.CANCELLED)
    for run in newest_first:
        if run.revision_id is None or run.status not in ended:
            return run
    return newest_first[0] if newest_first else None


def run_summary(*, submission: FormSubmission) -> dict | None:
    """Where the submission's shown run stands, in words: for lists and the form page."""
    run = run_shown(list(submission.workflow_runs.all()))
    if run is None:
        return None
    current = _current(run)
    label = step_type_get(current.step.type).label if current else ""
    if run.status == WorkflowRun.Status.SUCCEEDED:
        stage = "Finished"
    elif run.status == WorkflowRun.Status.FAILED:
        stage = f"Failed at {label}"
    elif run.status == WorkflowRun.Status.WAITING and current is not None:
        stage = current.output.get("waiting_for") or f"Waiting at {label}"
    else:
        stage = f"At {label}" if label else "Starting"
    return {
        "id": run.pk,
        "status": run.status,
        "stage": stage,
        "version": run.version.number,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "current_step_run": current.pk if current else None,
    }
