from django.shortcuts import get_object_or_404

from ontraccr_clone.accounts.models import Company, User
from workflows.engine.models import StepRun, WorkflowRun
from workflows.engine.summary import run_summary
from workflows.forms.models import FormSubmission


def step_run_get(*, company: Company, pk: int) -> StepRun:
    """A step run of the company's runs; another company's id is a 404."""
    return get_object_or_404(
        StepRun.objects.select_related("run__submission", "step"), run__company=company, pk=pk
    )


def approvals_waiting_for(*, user: User) -> list[StepRun]:
    """The approvals that wait for this person's decision, oldest first."""
    waiting = (
        StepRun.objects.filter(
            run__company=user.tenant,
            run__status=WorkflowRun.Status.WAITING,
            status=StepRun.Status.WAITING,
            step__type="approval",
        )
        .select_related(
            "step", "run__submission__submitted_by", "run__submission__template_version__template"
        )
        .order_by("started_at", "id")
    )
    return [step_run for step_run in waiting if user.pk in step_run.output.get("approver_ids", [])]


def submission_run_overview(*, submission: FormSubmission, viewer: User) -> dict:
    """The latest run of a submission with its step runs, and what `viewer` may do with it."""
    run = submission.workflow_runs.order_by("-id").first()
    if run is None:
        return {"run": None, "steps": [], "approval": None, "retry_step_run": None}
    steps = list(run.step_runs.select_related("step", "actor").order_by("id"))
    current = steps[-1] if steps else None
    approval = None
    if current and current.status == StepRun.Status.WAITING and current.step.type == "approval":
        approval = {
            "step_run": current.pk,
            "waiting_for": current.output.get("waiting_for", ""),
            "can_decide": viewer.pk in current.output.get("approver_ids", []),
        }
    failed = run.status == WorkflowRun.Status.FAILED and current is not None
    return {
        "run": run_summary(submission=submission),
        "steps": steps,
        "approval": approval,
        "retry_step_run": current.pk if failed and viewer.is_admin and current else None,
    }
