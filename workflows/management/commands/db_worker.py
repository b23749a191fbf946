from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string

from workflows.engine.worker import worker_process_run


class Command(BaseCommand):
    help = (
        "Run the task worker: several threads claiming and running tasks, after making sure the "
        "sweep that resumes stopped work is scheduled. Ctrl-C lets the tasks at hand end."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--threads",
            type=int,
            default=settings.WORKFLOW_WORKER_THREADS,
            help="tasks run at once (default: WORKFLOW_WORKER_THREADS, %(default)s)",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=settings.WORKFLOW_WORKER_POLL_SECONDS,
            help="seconds between looks for due tasks when idle (default: %(default)s)",
        )
        parser.add_argument(
            "--name",
            default=f"worker-{get_random_string(12)}",
            help="this worker's name in the task rows it claims (default: random)",
        )

    def handle(self, *args: Any, threads: int, interval: float, name: str, **options: Any) -> None:
        if threads < 1:
            raise CommandError("--threads must be 1 or more.")
        worker_process_run(name=name, threads=threads, interval=interval)
