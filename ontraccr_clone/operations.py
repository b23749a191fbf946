"""What whoever runs the app watches: `/readyz` (may this process take traffic?) and `/metrics`
(Prometheus). `/healthz` stays the cheap liveness check (views.healthz).

The counts that live in the database are read at scrape time, so every process answers the same
figures. Counters kept in memory by a process (the QuickBooks calls, registered by their
integration on Prometheus's default registry) are that process's own unless
PROMETHEUS_MULTIPROC_DIR is set, in which case the processes of one machine share them through
that folder (prometheus-client's multiprocess mode)."""

import os
from datetime import timedelta

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector

from workflows.engine import worker
from workflows.engine.models import StepRun, WorkerHeartbeat, WorkflowRun
from workflows.forms.models import FormSubmission

REDIS_TIMEOUT_SECONDS = 1


def _database_ready() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def _redis_ready() -> bool:
    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
    )
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def workers_seen_recently() -> int:
    since = timezone.now() - timedelta(seconds=settings.WORKFLOW_WORKER_SEEN_WITHIN_SECONDS)
    return WorkerHeartbeat.objects.filter(seen_at__gte=since).count()


def _workers_ready() -> bool:
    # Without Redis the worker runs inside each web process: this one's loops are what counts.
    if settings.WORKFLOW_WORKER_IN_WEB_PROCESS and worker.worker_started_here():
        return True
    return workers_seen_recently() > 0


@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when this process can serve: the database answers, Redis too when it is configured,
    and a worker was seen within a minute. Otherwise 503, naming what is missing."""
    database = _database_ready()
    checks = {"database": database}
    if settings.REDIS_URL:
        checks["redis"] = _redis_ready()
    checks["workers"] = database and _workers_ready()  # the heartbeats are in the database
    missing = [name for name, ready in checks.items() if not ready]
    if missing:
        return JsonResponse({"status": "unavailable", "missing": missing}, status=503)
    return JsonResponse({"status": "ok", "missing": []})


class DatabaseCollector:
    """The app's figures that live in the database, counted at scrape time."""

    def collect(self) -> list[Metric]:
        submissions = CounterMetricFamily(
            "ontraccr_submissions", "Form submissions saved since the start."
        )
        submissions.add_metric([], FormSubmission.objects.count())
        runs = GaugeMetricFamily(
            "ontraccr_workflow_runs", "Workflow runs by status.", labels=["status"]
        )
        by_status = dict(
            WorkflowRun.objects.values_list("status").annotate(n=Count("id")).order_by()
        )
        for status in WorkflowRun.Status.values:
            runs.add_metric([status], by_status.get(status, 0))
        failures = CounterMetricFamily(
            "ontraccr_step_failures", "Step attempts that failed (each automatic retry counts)."
        )
        failures.add_metric([], StepRun.objects.filter(status=StepRun.Status.FAILED).count())
        retries = CounterMetricFamily(
            "ontraccr_step_retries", "Automatic retries of a step (attempts after the first)."
        )
        retries.add_metric([], StepRun.objects.filter(attempt__gt=1).count())
        backlog = GaugeMetricFamily(
            "ontraccr_task_backlog", "Tasks due and waiting for a worker (the queue's length)."
        )
        backlog.add_metric([], DBTaskResult.objects.ready().count())
        workers = GaugeMetricFamily(
            "ontraccr_workers_alive", "Worker processes seen within the last minute."
        )
        workers.add_metric([], workers_seen_recently())
        return [submissions, runs, failures, retries, backlog, workers]


def _process_metrics() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus's scrape, for a bearer of METRICS_TOKEN; without that setting there is none."""
    if not settings.METRICS_TOKEN:
        raise Http404
    scheme, _, sent = request.headers.get("Authorization", "").partition(" ")
    if scheme != "Bearer" or not constant_time_compare(sent, settings.METRICS_TOKEN):
        return HttpResponse(
            "Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.",
            status=401,
            content_type="text/plain",
        )
    database = CollectorRegistry()
    database.register(DatabaseCollector())
    return HttpResponse(
        _process_metrics() + generate_latest(database), content_type=CONTENT_TYPE_LATEST
    )
