"""The task worker: threads running django-tasks-db's worker loop, in a process of their own
(`manage.py db_worker`) or in the web process.

Either way the process first makes sure the sweep is scheduled (`workflow_sweep_ensure`: the sweep
alone resumes what a stopped worker left), then runs `WORKFLOW_WORKER_THREADS` loops. Several
loops let one process carry several runs at once: a step waiting on QuickBooks (a slow answer, a
`Retry-After`) or on a killed worker's lease no longer holds up every other run. The web process
runs them without Redis (see `workflows.engine`), so that its timeline events reach its own
browsers; a loop there is woken as soon as a task saved by its process commits.
"""

import asyncio
import logging
import signal
import sys
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from types import FrameType
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.utils import OperationalError
from django.dispatch import receiver
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks.signals import task_enqueued
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from ontraccr_clone import logs
from ontraccr_clone.tasks import task_request_id
from workflows.engine.models import WorkerHeartbeat
from workflows.engine.services import workflow_sweep_ensure
from workflows.timeline.realtime import timeline_events_send_through

logger = logging.getLogger(__name__)
_started = threading.Event()
_task_saved = threading.Event()  # set when a task saved by this process commits


@receiver(task_enqueued)
def _wake_worker_on_commit(sender: Any, **kwargs: Any) -> None:
    if _started.is_set():
        transaction.on_commit(_task_saved.set)


class WorkerLoop(Worker):
    """django-tasks-db's worker loop (claim a ready task, run it), for one of several threads of a
    process: between tasks it waits for one saved by this process or, at the latest, polls after
    `interval` (tasks due later, or saved by another process); after each task it pauses briefly
    so that the other threads and requests of its process get their turn at the database (SQLite
    lets one writer in at a time). `stop()` ends it after the task at hand."""

    def stop(self) -> None:
        self.running = False
        _task_saved.set()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        # The task binds its request id itself while it runs (ontraccr_clone.tasks); bound here
        # too, the worker's own lines about it (started, succeeded, failed) carry it as well.
        stored = task_request_id(db_task_result.args_kwargs.get("kwargs") or {})
        with logs.request_id_bound(stored):
            super().run_task(db_task_result)

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
            self.running_task = True
            try:
                self.run_task(task_result)
            finally:
                self.running_task = False
            time.sleep(settings.WORKFLOW_WORKER_PAUSE_SECONDS)


def run_until_it_returns(work: Callable[[], None], *, pause: float) -> None:
    """Run `work` again after any error. A database locked past its timeout (SQLite under load), a
    connection gone away, or a task row deleted while its task ran must not stop a worker for good
    (nothing would restart it)."""
    while True:
        try:
            work()
            return
        except Exception:
            logger.exception("A worker loop stopped on an error; restarting it")
            time.sleep(pause)


def worker_started_here() -> bool:
    return _started.is_set()


def worker_heartbeat_record(name: str) -> None:
    """Record the worker `name` as alive now, and forget workers gone for a day (a worker named
    at random, as by default, leaves its row behind when it stops)."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"seen_at": now})
    WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()


def _heartbeat_forever(name: str) -> None:
    """Record this process as alive every WORKFLOW_WORKER_HEARTBEAT_SECONDS, for /readyz."""
    while True:
        close_old_connections()
        try:
            worker_heartbeat_record(name)
        except Exception:
            logger.exception("Worker %s could not record its heartbeat", name)
        time.sleep(settings.WORKFLOW_WORKER_HEARTBEAT_SECONDS)


def worker_loops_start(
    *, events_loop: asyncio.AbstractEventLoop, name: str, threads: int, interval: float
) -> list[WorkerLoop]:
    """Make sure the sweep is scheduled, then start `threads` worker loops, each in a thread that
    restarts it after an error; their timeline events go out through `events_loop`. Call it
    from a thread that may use the database (not an event loop's)."""
    run_until_it_returns(workflow_sweep_ensure, pause=interval)
    _started.set()
    loops = [
        WorkerLoop(
            queue_names=["default"],
            interval=interval,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"{name}-{index}",
            excluded_queue_names=[],
        )
        for index in range(threads)
    ]

    def supervised(loop: WorkerLoop) -> None:
        timeline_events_send_through(events_loop)
        run_until_it_returns(loop.run, pause=interval)

    for loop in loops:
        threading.Thread(target=supervised, args=(loop,), name=loop.worker_id, daemon=True).start()
    threading.Thread(
        target=_heartbeat_forever, args=(name,), name=f"{name}-heartbeat", daemon=True
    ).start()
    logger.info("Worker %s started with %s threads", name, threads)
    return loops


def events_loop_start() -> asyncio.AbstractEventLoop:
    """For a process with no web server's event loop: one loop kept running in a thread, for
    the timeline events of its threads (a new loop per event would start a thread and open a
    new connection to Redis each time)."""
    events_loop = asyncio.new_event_loop()
    threading.Thread(target=events_loop.run_forever, name="timeline-events", daemon=True).start()
    return events_loop


def worker_process_run(*, name: str, threads: int, interval: float) -> None:
    """The `db_worker` command: run the worker loops until a signal. The first SIGINT or SIGTERM
    lets the tasks at hand end (a task not ended is resumed by the sweep anyway), a second one
    exits at once."""
    loops = worker_loops_start(
        events_loop=events_loop_start(), name=name, threads=threads, interval=interval
    )
    stopping = threading.Event()

    def shutdown(signum: int, frame: FrameType | None) -> None:
        if stopping.is_set():
            sys.exit(1)
        stopping.set()
        logger.warning("%s: ending the tasks at hand (again to stop now)", signal.strsignal(signum))
        for loop in loops:
            loop.stop()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, shutdown)
    while not (stopping.is_set() and not any(loop.running_task for loop in loops)):
        time.sleep(0.1)


def worker_in_web_process_start(events_loop: asyncio.AbstractEventLoop) -> None:
    """Start the worker loops once per process; their timeline events go out through the web
    server's loop, so the browsers connected to this process receive them."""
    if _started.is_set():
        return
    _started.set()
    threading.Thread(
        target=worker_loops_start,
        kwargs={
            "events_loop": events_loop,
            "name": f"web-{get_random_string(12)}",
            "threads": settings.WORKFLOW_WORKER_THREADS,
            "interval": settings.WORKFLOW_WORKER_POLL_SECONDS,
        },
        daemon=True,
    ).start()


class WorkerInWebProcess:
    """ASGI middleware starting the worker loops with the first connection, when configured."""

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: dict, receive: Any, send: Any) -> Any:
        if settings.WORKFLOW_WORKER_IN_WEB_PROCESS and not _started.is_set():
            worker_in_web_process_start(asyncio.get_running_loop())
        return await self.application(scope, receive, send)
