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
from integrations.quickbooks.tokens import quickbooks_access_token
from tests.integrations.quickbooks.conftest import REALM_ID
from workflows.steps.base import LeaseLost

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


def _slots_held(connection: QuickBooksConnection, *, for_seconds: float) -> None:
    now = timezone.now()
    for _ in range(10):
        QuickBooksCallSlot.objects.create(
            connection=connection,
            started_at=now,
            expires_at=now + datetime.timedelta(seconds=for_seconds),
        )


def test_an_eleventh_call_at_once_waits_for_a_slot_and_dead_holders_slots_go(connection, settings):
    # Ten calls in flight, from processes that then died: their slots stop counting when they
    # would have timed out, and the next call deletes them.
    settings.QBO_TIMEOUT_SECONDS = 0.5
    _slots_held(connection, for_seconds=1)
    before = calls_received()
    started = time.monotonic()

    with quickbooks_client(connection=connection) as client:
        client.query(QUERY)

    assert time.monotonic() - started >= 0.9
    assert calls_received() == before + 1
    assert not QuickBooksCallSlot.objects.exists()  # nothing left held


def test_a_wait_for_a_slot_is_bounded_and_calls_nothing(connection, settings):
    settings.QBO_TIMEOUT_SECONDS = 0.5
    _slots_held(connection, for_seconds=60)  # ten slow calls, still running
    before = calls_received()
    started = time.monotonic()

    with (
        quickbooks_client(connection=connection) as client,
        pytest.raises(QuickBooksUnavailable) as waiting,
    ):
        client.query(QUERY)

    assert time.monotonic() - started < 2
    assert "10 calls at once" in waiting.value.message
    assert calls_received() == before
    assert QuickBooksCallSlot.objects.count() == 10


def test_a_step_whose_lease_is_lost_stops_waiting_for_a_slot(connection, settings):
    settings.QBO_TIMEOUT_SECONDS = 5
    _slots_held(connection, for_seconds=60)
    checks = []

    def lease_check() -> None:
        checks.append(time.monotonic())
        if len(checks) == 3:
            raise LeaseLost("taken over")

    started = time.monotonic()
    with (
        quickbooks_client(connection=connection, lease_check=lease_check) as client,
        pytest.raises(LeaseLost),
    ):
        client.query(QUERY)

    assert time.monotonic() - started < 2
    assert QuickBooksCallSlot.objects.count() == 10


def test_a_refresh_lease_whose_holder_died_runs_out_and_the_waiter_refreshes(connection):
    # A process took the refresh lease and was killed: one second of it is left.
    QuickBooksConnection.objects.filter(pk=connection.pk).update(
        access_expires_at=None,
        refreshing_until=timezone.now() + datetime.timedelta(seconds=1),
    )
    started = time.monotonic()

    token = quickbooks_access_token(connection_id=connection.pk)

    assert 0.9 <= time.monotonic() - started < 5
    connection.refresh_from_db()
    assert token == connection.access_token
    assert connection.refreshing_until is None
    assert connection.access_expires_at > timezone.now()


def test_a_step_whose_lease_is_lost_stops_waiting_for_a_refresh(connection):
    QuickBooksConnection.objects.filter(pk=connection.pk).update(
        access_expires_at=None,
        refreshing_until=timezone.now() + datetime.timedelta(seconds=30),
    )

    def lease_check() -> None:
        raise LeaseLost("taken over")

    started = time.monotonic()
    with pytest.raises(LeaseLost):
        quickbooks_access_token(connection_id=connection.pk, lease_check=lease_check)

    assert time.monotonic() - started < 3
