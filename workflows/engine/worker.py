"""The task worker, in its own process (`manage.py db_worker`) or in a thread of the web process.

Either way it first makes sure the sweep is scheduled (`workflow_sweep_ensure`: the sweep alone
resumes what a stopped worker left), then runs django-tasks-db's worker loop. The thread is used
without Redis (see `workflows.engine`); it is woken as soon as a task saved by its own process
commits, so a run starts without waiting for the next poll.
"""

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.utils import OperationalError
from django.dispatch import receiver
from django.utils.crypto import get_random_string
from django_tasks.signals import task_enqueued
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from workflows.engine.services import workflow_sweep_ensure
from workflows.timeline.realtime import timeline_events_send_through

logger = logging.getLogger(__name__)
_started = threading.Event()
_task_saved = threading.Event()  # set when a task saved by this process commits


@receiver(task_enqueued)
def _wake_worker_on_commit(sender: Any, **kwargs: Any) -> None:
    if _started.is_set():
        transaction.on_commit(_task_saved.set)


class WorkerInWebProcessLoop(Worker):
    """django-tasks-db's worker loop (claim a ready task, run it), for a thread of the web process:
    between tasks it waits for one saved by this process or, at the latest, polls after
    `interval` (tasks due later, or saved by another process); after each task it pauses briefly
    so that the requests of its process get their turn at the database (SQLite lets one writer
    in at a time). `stop()` ends it after the task at hand."""

    def stop(self) -> None:
        self.running = False
        _task_saved.set()

    def run(self) -> None:
        while self.running:
            _task_saved.clear()  # a task committed from now on ends the wait below
            close_old_connections()
            tasks = DBTaskResult.objects.ready().filter(
                backend_name=self.backend_name, queue_name__in=self.queue_names
            )
            try:
                with exclusive_transaction(tasks.db):
                    task_result = tasks.get_locked()
                    if task_result is not None:
                        task_result.claim(self.worker_id)
            except OperationalError as error:
                if not is_locked_database_exception(error):
                    raise
                task_result = None  # busy with requests: look again after the wait
            if task_result is None:
                _task_saved.wait(self.interval)
                continue
            self.run_task(task_result)
            time.sleep(settings.WORKFLOW_WORKER_PAUSE_SECONDS)


def timeline_events_send_through_own_loop() -> None:
    """For the worker in its own process, which has no web server's event loop: send this
    thread's timeline events through one loop kept running in a thread. Without it, each event
    ran a new loop, which opened a new connection to Redis (5 ms per event instead of 0.2)."""
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, name="timeline-events", daemon=True).start()
    timeline_events_send_through(loop)


def run_until_it_returns(work: Callable[[], None], *, pause: float) -> None:
    """Run `work` again after any error. The web process has this one worker: a database locked
    past its timeout (SQLite under load) or a connection gone away must not stop it for good."""
    while True:
        try:
            work()
            return
        except Exception:
            logger.exception("The worker in the web process stopped on an error; restarting it")
            time.sleep(pause)


def worker_in_web_process_start(loop: asyncio.AbstractEventLoop) -> None:
    """Start the worker thread once per process; its timeline events go out through `loop`, the
    web server's, so the browsers connected to this process receive them."""
    if _started.is_set():
        return
    _started.set()

    def work() -> None:
        workflow_sweep_ensure()
        logger.info("Worker in the web process started")
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

    def supervised() -> None:
        timeline_events_send_through(loop)
        run_until_it_returns(work, pause=settings.WORKFLOW_WORKER_POLL_SECONDS)

    threading.Thread(target=supervised, name="workflow-worker", daemon=True).start()


class WorkerInWebProcess:
    """ASGI middleware starting the worker thread with the first connection, when configured."""

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: dict, receive: Any, send: Any) -> Any:
        if settings.WORKFLOW_WORKER_IN_WEB_PROCESS and not _started.is_set():
            worker_in_web_process_start(asyncio.get_running_loop())
        return await self.application(scope, receive, send)
