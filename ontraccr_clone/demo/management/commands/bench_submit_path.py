"""Queries and CPU time per submission, in-process (`make bench`): the web side, a purchase order
POSTed through Django's whole request path (middleware, sign-in, DRF, services); then the worker
side, the task each submission queued (its run's first steps) run as `db_worker` runs it.

Run by `manage.py bench` in a target's environment (production settings, its seeded database).
Prints one line of JSON.
"""

import contextlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from ontraccr_clone.demo.management.commands.seed_demo import DEMO_PASSWORD, MEMBER_EMAIL
from workflows.engine.worker import WorkerLoop, events_loop_start
from workflows.timeline.realtime import timeline_events_send_through

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


class Command(BaseCommand):
    help = "Print JSON: queries and CPU ms per submission (web) and per first task (worker)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=300)

    def handle(self, *args: Any, **options: Any) -> None:
        timeline_events_send_through(events_loop_start())  # as a worker process sends them
        count = options["count"]
        client = Client(HTTP_HOST="127.0.0.1")
        signed_in = client.post(
            "/api/auth/session/",
            {"email": MEMBER_EMAIL, "password": DEMO_PASSWORD},
            content_type="application/json",
        )
        assert signed_in.status_code == 200, signed_in.content
        order = _purchase_order(client)
        csrf = client.cookies["csrftoken"].value

        def submit() -> None:
            answer = client.post(
                "/api/submissions/", order, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
            )
            assert answer.status_code == 201, answer.content

        worker = WorkerLoop(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="bench-submit-path",
            excluded_queue_names=[],
        )

        def run_task() -> None:
            with transaction.atomic():
                task_result = DBTaskResult.objects.ready().get_locked()
                assert task_result is not None, "a submission queued no task"
                task_result.claim(worker.worker_id)
            worker.run_task(task_result)

        with _as_in_the_server():
            for _ in range(20):  # warm-up: caches, the first connection, imports
                submit()
                run_task()
            web = _per_call(submit, count)
            worker_side = _per_call(run_task, count)
        self.stdout.write(
            json.dumps(
                {
                    "web_queries": web[0],
                    "web_cpu_ms": web[1],
                    "worker_queries": worker_side[0],
                    "worker_cpu_ms": worker_side[1],
                    "count": count,
                }
            )
        )


def _purchase_order(client: Client) -> dict[str, Any]:
    """A six-line purchase order on the demo company's PO form (as `manage.py bench` sends)."""
    templates = client.get("/api/form-templates/").json()
    template = next(t for t in templates if t["form_type"]["key"] == "po")
    vendors = client.get("/api/vendors/").json()["results"]
    materials = client.get("/api/materials/").json()["results"][:5]
    return {
        "template": template["id"],
        "data": {
            "vendor": vendors[0]["id"],
            "materials": [{"material_id": m["id"], "quantity": 3} for m in materials]
            + [{"name": "Delivery", "quantity": 1, "unit_cost": "45.00"}],
            "memo": "Benchmark order",
            "due_date": "2026-12-31",
        },
    }


def _per_call(action: Callable[[], None], count: int) -> tuple[int, float]:
    """The statements one call sends (transaction control aside: PostgreSQL's driver sends it
    unseen) and the CPU milliseconds of this process per call over `count` calls."""
    with CaptureQueriesContext(connection) as captured:
        action()
    statements = sum(
        not query["sql"].upper().startswith(TRANSACTION_CONTROL)
        for query in captured.captured_queries
    )
    started = time.process_time()
    for _ in range(count):
        action()
    return statements, round((time.process_time() - started) * 1000 / count, 2)


@contextlib.contextmanager
def _as_in_the_server() -> Iterator[None]:
    """On SQLite, a second connection held open, as the server's worker thread holds one: each
    request closes its own, and the last connection to close checkpoints the write-ahead log,
    which in the server it never is."""
    if connection.vendor != "sqlite":
        yield
        return
    held = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        yield
    finally:
        held.close()
