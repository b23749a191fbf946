"""What an operator watches: /readyz (database, Redis when set, a live worker) and /metrics."""

import signal
import threading
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import form_template, published_workflow
from tests.worker_process import worker_process_start
from tests.workflows.conftest import run_tasks
from workflows.engine import worker
from workflows.engine.worker import worker_heartbeat_record
from workflows.forms.services import submission_create
from workflows.models import WorkerHeartbeat

TOKEN = "a-metrics-token-for-the-tests"


@pytest.mark.django_db
def test_readyz_is_ready_with_the_configured_services_and_a_worker_seen(client):
    worker_heartbeat_record("worker-1")

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "missing": []}


@pytest.mark.django_db
@pytest.mark.parametrize("seconds_ago", [None, 61])
def test_readyz_names_the_workers_missing_when_none_was_seen_within_a_minute(client, seconds_ago):
    if seconds_ago is not None:
        WorkerHeartbeat.objects.create(
            name="worker-1", seen_at=timezone.now() - timedelta(seconds=seconds_ago)
        )

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "missing": ["workers"]}


@pytest.mark.django_db
def test_readyz_names_redis_when_it_is_configured_and_does_not_answer(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    worker_heartbeat_record("worker-1")

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["missing"] == ["redis"]


@pytest.mark.django_db
def test_readyz_counts_the_worker_running_in_the_web_process(client, settings, monkeypatch):
    settings.WORKFLOW_WORKER_IN_WEB_PROCESS = True
    assert client.get("/readyz").status_code == 503  # not started here, none seen elsewhere

    started = threading.Event()
    started.set()
    monkeypatch.setattr(worker, "_started", started)  # as the first connection to it does
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_a_heartbeat_forgets_workers_gone_for_a_day():
    WorkerHeartbeat.objects.create(name="gone", seen_at=timezone.now() - timedelta(days=2))
    WorkerHeartbeat.objects.create(name="asleep", seen_at=timezone.now() - timedelta(hours=1))

    worker_heartbeat_record("worker-1")

    assert set(WorkerHeartbeat.objects.values_list("name", flat=True)) == {"asleep", "worker-1"}


@pytest.mark.django_db(transaction=True)
def test_readyz_becomes_ready_once_a_worker_process_runs(client):
    assert client.get("/readyz").status_code == 503

    worker = worker_process_start()
    try:
        deadline = time.monotonic() + 30
        while client.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline, "the worker never recorded its heartbeat"
            time.sleep(0.1)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=10)
    assert WorkerHeartbeat.objects.count() == 1


@pytest.mark.django_db
def test_metrics_do_not_exist_without_a_token_setting(client, settings):
    settings.METRICS_TOKEN = ""

    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("authorization", [None, "Bearer wrong", TOKEN, f"Bearer {TOKEN}x"])
def test_metrics_refuse_a_missing_or_wrong_token(client, settings, authorization):
    settings.METRICS_TOKEN = TOKEN
    headers = {"Authorization": authorization} if authorization else {}

    response = client.get("/metrics", headers=headers)

    assert response.status_code == 401
    assert b"METRICS_TOKEN" in response.content


def _samples(text: str) -> dict[str, float]:
    lines = (line for line in text.splitlines() if line and not line.startswith("#"))
    return {name: float(value) for name, value in (line.rsplit(" ", 1) for line in lines)}


@pytest.mark.django_db
def test_metrics_count_submissions_runs_step_failures_retries_and_the_task_backlog(
    client, settings, admin, po_data, ledger
):
    settings.METRICS_TOKEN = TOKEN
    settings.WORKFLOW_RETRY_BASE_SECONDS = 0
    template = form_template(admin=admin)
    published_workflow(
        template=template,
        steps={"start": ("submit", {}), "record": ("record", {"fail_attempts": 2})},
        transitions=[("start", "next", "record")],
    )
    submission_create(actor=admin, template=template, data=po_data)
    run_tasks()  # the record step fails twice, then succeeds on its third attempt
    submission_create(actor=admin, template=template, data=po_data)  # its step left queued
    worker_heartbeat_record("worker-1")

    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    samples = _samples(response.content.decode())
    assert samples["ontraccr_submissions_total"] == 2
    assert samples['ontraccr_workflow_runs{status="succeeded"}'] == 1
    assert samples['ontraccr_workflow_runs{status="running"}'] == 1
    assert samples['ontraccr_workflow_runs{status="failed"}'] == 0
    assert samples["ontraccr_step_failures_total"] == 2
    assert samples["ontraccr_step_retries_total"] == 2
    assert samples["ontraccr_task_backlog"] == 1
    assert samples["ontraccr_workers_alive"] == 1
