"""Figures of the QuickBooks sync against a running server with the local sandbox (`make bench`).

Run by `manage.py bench` with the server's environment: the same database as the server, whose
sandbox counts every API call it receives, so the call counts are the sandbox's, not ours.
"""

import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from integrations.qbo_sandbox.models import ApiRequest
from integrations.quickbooks import services
from integrations.quickbooks.client import quickbooks_client
from integrations.quickbooks.models import (
    QuickBooksConnection,
    QuickBooksLink,
    QuickBooksSyncRecord,
)
from integrations.quickbooks.oauth import endpoints_for
from integrations.quickbooks.purchase_orders import purchase_order_sync
from ontraccr_clone.accounts.models import User
from ontraccr_clone.accounts.services import company_create, user_create
from ontraccr_clone.catalog.models import Material, Vendor
from workflows.definitions.services import (
    workflow_draft_save,
    workflow_get_or_create,
    workflow_publish,
)
from workflows.definitions.validation import GraphStep, GraphTransition
from workflows.engine.models import StepRun
from workflows.engine.worker import events_loop_start
from workflows.forms.models import FormSubmission, FormTemplate, FormType
from workflows.forms.services import form_template_create, submission_create
from workflows.timeline.realtime import timeline_events_send_through

MAPPING = {
    "vendor_field": "vendor",
    "materials_field": "materials",
    "memo_field": "memo",
    "due_date_field": "due_date",
    "create_unlinked_items": True,
}
SECTIONS = [
    {
        "id": "order",
        "title": "Purchase order",
        "fields": [
            {"id": "vendor", "type": "choose", "label": "Vendor", "required": True,
             "source": "vendors", "multiple": False},
            {"id": "materials", "type": "materials_table", "label": "Materials", "required": True},
            {"id": "memo", "type": "long_text", "label": "Memo"},
            {"id": "due_date", "type": "date", "label": "Due Date"},
        ],
    }
]  # fmt: skip


class Command(BaseCommand):
    help = "Print JSON figures of the QuickBooks sync (calls per PO, throughput, latency ratio)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base-url", required=True)
        parser.add_argument("--backlog", type=int, default=1000)
        # Each worker makes one QuickBooks call at a time: fewer than Intuit's 10 at once.
        parser.add_argument("--workers", type=int, default=6)
        parser.add_argument("--samples", type=int, default=20)

    def handle(self, *args: Any, **options: Any) -> None:
        timeline_events_send_through(events_loop_start())  # as a worker process sends them
        origin = options["base_url"].rstrip("/")
        admin = self.company_connected(origin)
        template = form_template_create(
            actor=admin,
            name="Purchase Order",
            form_type=FormType.objects.get(company=admin.company, key="po"),
            sections=SECTIONS,
        )
        figures: dict[str, Any] = {}
        figures.update(self.calls_per_po(admin, template))
        self.publish(admin, template)
        figures.update(self.latency_ratio(admin, template, options["samples"]))
        figures.update(self.drain(admin, template, options["backlog"], options["workers"], origin))
        self.stdout.write(json.dumps(figures))

    def company_connected(self, origin: str) -> User:
        company = company_create(name=f"Bench {time.time_ns()}")
        admin = user_create(
            company=company,
            email=f"bench-{time.time_ns()}@example.com",
            password="bench-password-Long-1",
            role=User.Role.ADMIN,
        )
        # Production settings keep the sandbox's consent cookies to https, so the bench takes a
        # refresh token as Intuit's OAuth playground gives one (the consent flow has its tests).
        from integrations.qbo_sandbox import services as sandbox

        realm_id = sandbox.sandbox_default_realm_id()
        endpoints = endpoints_for(origin=origin)
        connection = QuickBooksConnection.objects.create(
            company=company,
            realm_id=realm_id,
            discovery_url=endpoints.discovery_url,
            api_url=endpoints.api_url,
            refresh_token=sandbox.sandbox_refresh_token_issue(realm_id=realm_id),
            connected_by=admin,
        )
        services.quickbooks_connection_describe(connection=connection)
        return admin

    def order_data(self, vendor: Vendor, materials: list[Material]) -> dict:
        return {
            "vendor": vendor.pk,
            "materials": [{"material_id": m.pk, "quantity": "3"} for m in materials],
            "memo": "Bench",
            "due_date": "2026-12-31",
        }

    def calls(self, realm_id: str) -> int:
        """The API calls the sandbox logged for the company (its log, not our own count)."""
        return ApiRequest.objects.filter(company__realm_id=realm_id).count()

    def calls_per_po(self, admin: User, template: FormTemplate) -> dict[str, int]:
        stamp = time.time_ns()
        vendor = Vendor.objects.create(company=admin.tenant, name=f"Bench Vendor {stamp}")
        materials = [
            Material.objects.create(company=admin.tenant, name=f"Bench item {stamp}-{n}")
            for n in range(3)
        ]
        realm = QuickBooksConnection.objects.get(company=admin.company).realm_id
        figures = {}
        for label in ("calls_first_po_new_vendor_and_items", "calls_linked_po"):
            data = self.order_data(vendor, materials)
            submission = submission_create(actor=admin, template=template, data=data)
            before = self.calls(realm)
            purchase_order_sync(submission=submission, config=MAPPING, key=f"bench-{submission.pk}")
            figures[label] = self.calls(realm) - before
        return figures

    def publish(self, admin: User, template: FormTemplate) -> None:
        workflow, _ = workflow_get_or_create(actor=admin, template=template)
        draft = workflow.versions.get(state="draft")
        version, _ = workflow_draft_save(
            actor=admin,
            workflow=workflow,
            revision=draft.revision,
            steps=[
                GraphStep(key="submit", type="submit"),
                GraphStep(key="sync", type="sync_quickbooks", config=MAPPING),
            ],
            transitions=[GraphTransition(source="submit", outcome="next", target="sync")],
        )
        workflow_publish(actor=admin, workflow=workflow, revision=version.revision)

    def linked(self, admin: User) -> tuple[Vendor, list[Material]]:
        links = QuickBooksLink.objects.filter(company=admin.company)
        vendor = Vendor.objects.filter(
            pk__in=links.filter(kind=QuickBooksLink.Kind.VENDOR).values("object_id")
        ).first()
        materials = list(
            Material.objects.filter(
                pk__in=links.filter(kind=QuickBooksLink.Kind.ITEM).values("object_id")
            )
        )
        assert vendor is not None and materials
        return vendor, materials

    def latency_ratio(self, admin: User, template: FormTemplate, samples: int) -> dict:
        """Ours: submit, then the engine's tasks until the PO is recorded; bare: one create."""
        from quickbooks.objects.purchaseorder import PurchaseOrder

        vendor, materials = self.linked(admin)
        worker = _worker("bench-latency")
        ours = []
        for _ in range(samples):
            _run_tasks(worker, until=lambda: False)  # the webhooks of the previous sample
            started = time.perf_counter()
            submission = submission_create(
                actor=admin, template=template, data=self.order_data(vendor, materials)
            )
            synced = QuickBooksSyncRecord.objects.filter(submission=submission)
            _run_tasks(worker, until=synced.exists, wait_seconds=60)
            ours.append(time.perf_counter() - started)
            if not synced.exists():
                raise CommandError(f"Submission {submission.pk} did not sync within a minute.")
        connection = QuickBooksConnection.objects.get(company=admin.company)
        record = QuickBooksSyncRecord.objects.filter(company=admin.company).latest("id")
        body = {key: value for key, value in record.payload.items() if key != "DocNumber"}
        bare = []
        with quickbooks_client(connection=connection) as client:
            for index in range(samples):
                order = PurchaseOrder.from_json(
                    {**body, "DocNumber": f"B{index}-{time.time_ns() % 10**9}"}
                )
                started = time.perf_counter()
                order.save(qb=client.qb, request_id=f"bare-{time.time_ns()}-{index}")
                bare.append(time.perf_counter() - started)
        return {
            "submit_to_synced_ms_median": round(statistics.median(ours) * 1000, 1),
            "bare_po_create_ms_median": round(statistics.median(bare) * 1000, 1),
            "ratio": round(statistics.median(ours) / statistics.median(bare), 2),
            "samples": samples,
        }

    def drain(self, admin: User, template: FormTemplate, backlog: int, workers: int, origin: str):  # type: ignore[no-untyped-def]
        """Submit a backlog, then let real `db_worker` processes drain it against the limits."""
        vendor, materials = self.linked(admin)
        data = self.order_data(vendor, materials)
        submissions = [
            submission_create(actor=admin, template=template, data=data).pk for _ in range(backlog)
        ]
        started = time.perf_counter()
        cpu_before = _children_cpu_seconds()
        processes = [
            subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--interval", "0.05", "--threads", "1"],
                cwd=settings.BASE_DIR,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(workers)
        ]
        try:
            deadline = time.monotonic() + max(600, backlog / 4)
            while time.monotonic() < deadline:
                synced = QuickBooksSyncRecord.objects.filter(submission_id__in=submissions).count()
                finished = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count()
                if synced == backlog or finished == 0:
                    break
                time.sleep(0.5)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=60)
        elapsed = time.perf_counter() - started
        worker_cpu = _children_cpu_seconds() - cpu_before
        step_runs = StepRun.objects.filter(run__submission_id__in=submissions, step__key="sync")
        throttled = step_runs.filter(error__icontains="slow down").count()
        throttled += step_runs.filter(error__icontains="500 calls").count()
        return {
            "backlog": backlog,
            "workers": workers,
            "synced": synced,
            "seconds": round(elapsed, 1),
            "pos_per_minute": round(synced / elapsed * 60, 1),
            "worker_cpu_ms_per_po": round(worker_cpu / max(synced, 1) * 1000, 1),
            "failed_steps": step_runs.filter(status="failed").count(),
            "attempts_throttled": throttled,
            "runs_failed": FormSubmission.objects.filter(
                pk__in=submissions, workflow_runs__status="failed"
            ).count(),
        }


def _children_cpu_seconds() -> float:
    """CPU time (user + system) of the child processes that ended: here, the workers."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _worker(worker_id: str) -> Worker:
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def _run_tasks(worker: Worker, *, until: Callable[[], bool], wait_seconds: float = 0) -> None:
    """Run due tasks one at a time, as `db_worker` does, until `until()`, or until none is due
    for `wait_seconds` (a retry may be due in a moment)."""
    deadline = time.monotonic() + wait_seconds
    while not until():
        with transaction.atomic():
            task_result = DBTaskResult.objects.ready().get_locked()
            if task_result is not None:
                task_result.claim(worker.worker_id)
        if task_result is None:
            if time.monotonic() >= deadline:
                return
            time.sleep(0.01)
            continue
        worker.run_task(task_result)
