"""The QuickBooks calls counted for Prometheus (/metrics), over real HTTP against the sandbox."""

import os
import subprocess
import sys

import pytest
from django.test import Client
from prometheus_client import REGISTRY

from integrations.qbo_sandbox import services as sandbox
from integrations.quickbooks.errors import QuickBooksUnavailable
from integrations.quickbooks.purchase_orders import purchase_order_sync
from tests.integrations.quickbooks.conftest import REALM_ID, SYNC_CONFIG
from tests.integrations.quickbooks.test_purchase_orders import calls_received

TOKEN = "a-metrics-token-for-the-tests"


def _sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_calls_429s_and_latency_are_counted_and_served_on_metrics(connection, submit, settings):
    settings.METRICS_TOKEN = TOKEN
    submission = submit()
    before = {
        "ok": _sample("ontraccr_quickbooks_calls_total", outcome="ok"),
        "unavailable": _sample("ontraccr_quickbooks_calls_total", outcome="unavailable"),
        "throttled": _sample("ontraccr_quickbooks_throttled_total"),
        "timed": _sample("ontraccr_quickbooks_call_seconds_count"),
    }
    calls_before = calls_received()
    sandbox.sandbox_inject_faults(realm_id=REALM_ID, status_or_kind="429")

    with pytest.raises(QuickBooksUnavailable):
        purchase_order_sync(submission=submission, config=SYNC_CONFIG, key="run:sync")
    purchase_order_sync(submission=submission, config=SYNC_CONFIG, key="run:sync")

    calls = calls_received() - calls_before
    ok = _sample("ontraccr_quickbooks_calls_total", outcome="ok") - before["ok"]
    assert (
        _sample("ontraccr_quickbooks_calls_total", outcome="unavailable") - before["unavailable"]
        == 1
    )
    assert ok == calls - 1
    assert _sample("ontraccr_quickbooks_throttled_total") - before["throttled"] == 1
    assert _sample("ontraccr_quickbooks_call_seconds_count") - before["timed"] == calls
    scrape = Client().get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert scrape.status_code == 200
    assert b"ontraccr_quickbooks_throttled_total" in scrape.content


@pytest.mark.django_db
def test_the_call_counters_of_several_processes_add_up_with_a_multiprocess_dir(
    tmp_path, monkeypatch, settings
):
    count_a_call = (
        "from integrations.quickbooks import metrics; metrics.calls.labels('ok').inc();"
        " metrics.throttled.inc()"
    )
    environment = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for _ in range(2):
        subprocess.run([sys.executable, "-c", count_a_call], env=environment, check=True)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    settings.METRICS_TOKEN = TOKEN

    scrape = Client().get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    lines = scrape.content.decode().splitlines()
    assert 'ontraccr_quickbooks_calls_total{outcome="ok"} 2.0' in lines
    assert "ontraccr_quickbooks_throttled_total 2.0" in lines
