from django_tasks import task

from workflows.engine import services


@task()
def workflow_run_advance(run_id: int) -> None:
    """Carry a run one step further (see `workflows.engine`)."""
    services.workflow_run_advance(run_id=run_id)
