from typing import Any

from django_tasks_db.management.commands import db_worker

from workflows.engine.services import workflow_runs_recover
from workflows.engine.worker import timeline_events_send_through_own_loop


class Command(db_worker.Command):
    help = "Run a task worker, first resuming the workflow runs a stopped worker left behind"

    def handle(self, *args: Any, **options: Any) -> None:
        timeline_events_send_through_own_loop()
        recovered = workflow_runs_recover()
        if options["verbosity"]:
            self.stdout.write(f"Resuming {recovered} running workflow runs")
        super().handle(*args, **options)
