from typing import Any

from django_tasks_db.management.commands import db_worker

from workflows.engine.services import workflow_sweep_ensure
from workflows.engine.worker import timeline_events_send_through_own_loop


class Command(db_worker.Command):
    help = "Run a task worker, first making sure the sweep that resumes stopped work is scheduled"

    def handle(self, *args: Any, **options: Any) -> None:
        timeline_events_send_through_own_loop()
        workflow_sweep_ensure()
        super().handle(*args, **options)
