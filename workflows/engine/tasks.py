from django_tasks import task

from workflows.engine import services


@task()
def workflow_run_advance(run_id: int) -> None:
    """Carry a run one step further (see `workflows.engine`)."""
    services.workflow_run_advance(run_id=run_id)


@task()
def workflow_runs_sweep() -> None:
    """Pick up the runs nobody carries (see `services.workflow_runs_sweep`); repeats itself."""
    services.workflow_runs_sweep()
