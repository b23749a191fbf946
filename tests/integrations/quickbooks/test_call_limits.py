"""Intuit's limits per company, kept by the client across processes: 500 calls a minute and 10
at once. Real calls against the sandbox; the sandbox's log says which calls reached it."""

import datetime
import time

import pytest
from django.utils import timezone

from integrations.qbo_sandbox.models import ApiRequest
from integrations.quickbooks.client import quickbooks_client
from integrations.quickbooks.errors import QuickBooksUnavailable
from integrations.quickbooks.models import QuickBooksCallSlot, QuickBooksConnection
from tests.integrations.quickbooks.conftest import REALM_ID

QUERY = "select * from Vendor MAXRESULTS 1"


def calls_received() -> int:
    return ApiRequest.objects.filter(company__realm_id=REALM_ID).count()


def test_the_501st_call_of_a_minute_waits_for_the_next_minute_without_calling(connection):
    QuickBooksConnection.objects.filter(pk=connection.pk).update(
        window_started_at=timezone.now() - datetime.timedelta(seconds=10), window_calls=500
    )
    before = calls_received()

    with (
        quickbooks_client(connection=connection) as client,
        pytest.raises(QuickBooksUnavailable) as waiting,
    ):
        client.query(QUERY)

    assert 49 <= waiting.value.retry_after <= 52
    assert calls_received() == before
    connection.refresh_from_db()
    assert connection.window_calls == 500


def test_a_new_minute_starts_a_new_count(connection):
    QuickBooksConnection.objects.filter(pk=connection.pk).update(
        window_started_at=timezone.now() - datetime.timedelta(seconds=61), window_calls=500
    )

    with quickbooks_client(connection=connection) as client:
        client.query(QUERY)
        client.query(QUERY)

    connection.refresh_from_db()
    assert connection.window_calls == 2
    assert timezone.now() - connection.window_started_at < datetime.timedelta(seconds=5)


def test_an_eleventh_call_at_once_waits_for_a_slot(connection, settings):
    # Ten calls in flight, from processes that then died: their slots free up once stale.
    settings.QBO_TIMEOUT_SECONDS = 0.5
    for _ in range(10):
        QuickBooksCallSlot.objects.create(connection=connection, started_at=timezone.now())
    before = calls_received()
    started = time.monotonic()

    with quickbooks_client(connection=connection) as client:
        client.query(QUERY)

    assert time.monotonic() - started >= 0.9
    assert calls_received() == before + 1
    assert QuickBooksCallSlot.objects.count() == 10  # the dead calls' only; its own is freed
