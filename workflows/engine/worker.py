"""The task worker, in its own process (`manage.py db_worker`) or in a thread of the web process.

Either way it first recovers the runs a stopped worker left (`workflow_runs_recover`), then runs
django-tasks-db's worker loop. The thread is used without Redis (see `workflows.engine`).
"""

import asyncio
import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from workflows.engine.services import workflow_runs_recover
from workflows.timeline.realtime import timeline_events_send_through

logger = logging.getLogger(__name__)
_started = threading.Event()


class WorkerInWebProcessLoop(Worker):
    """django-tasks-db's worker loop, pausing briefly after each task so that the requests of its
    process get their turn at the database (SQLite lets one writer in at a time)."""

    def run_task(self, db_task_result: Any) -> None:
        super().run_task(db_task_result)
        time.sleep(settings.WORKFLOW_WORKER_PAUSE_SECONDS)


def worker_in_web_process_start(loop: asyncio.AbstractEventLoop) -> None:
    """Start the worker thread once per process; its timeline events go out through `loop`, the
    web server's, so the browsers connected to this process receive them."""
    if _started.is_set():
        return
    _started.set()

    def work() -> None:
        timeline_events_send_through(loop)
        recovered = workflow_runs_recover()
        logger.info("Worker in the web process started; %s running runs resumed", recovered)
        WorkerInWebProcessLoop(
            queue_names=["default"],
            interval=settings.WORKFLOW_WORKER_POLL_SECONDS,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"web-{get_random_string(12)}",
            excluded_queue_names=[],
        ).run()

    threading.Thread(target=work, name="workflow-worker", daemon=True).start()


class WorkerInWebProcess:
    """ASGI middleware starting the worker thread with the first connection, when configured."""

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: dict, receive: Any, send: Any) -> Any:
        if settings.WORKFLOW_WORKER_IN_WEB_PROCESS and not _started.is_set():
            worker_in_web_process_start(asyncio.get_running_loop())
        return await self.application(scope, receive, send)
