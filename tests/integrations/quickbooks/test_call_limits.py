"""Intuit's limits per company, kept by the client across processes: 500 calls a minute and 10
at once, counted in Redis when the run has `REDIS_URL`, else in the database. Real calls against
the sandbox; the sandbox's log says which calls reached it."""

import datetime
import time

import pytest
from django.utils import timezone

from integrations.qbo_sandbox.models import ApiRequest
from integrations.quickbooks import limits
from integrations.quickbooks.client import quickbooks_client
from integrations.quickbooks.errors import QuickBooksUnavailable
from integrations.quickbooks.models import QuickBooksConnection
from integrations.quickbooks.tokens import quickbooks_access_token
from tests.integrations.quickbooks.conftest import REALM_ID
from workflows.steps.base import LeaseLost

QUERY = "select * from Vendor MAXRESULTS 1"


def calls_received() -> int:
    return ApiRequest.objects.filter(company__realm_id=REALM_ID).count()


def _minute_spent(connection: QuickBooksConnection) -> None:
    """Every call of this minute made (connecting made some already)."""
    for _ in range(limits.CALLS_PER_MINUTE):
        slot = limits.call_slot_take(connection.pk)
        if not isinstance(slot, str):
            return
        limits.call_slot_give_back(connection.pk, slot)
    assert not isinstance(limits.call_slot_take(connection.pk), str)


def test_the_call_past_a_minutes_limit_waits_for_the_next_minute_without_calling(
    connection, monkeypatch
):
    monkeypatch.setattr(limits, "CALLS_PER_MINUTE", 5)
    _minute_spent(connection)
    before = calls_received()

    with (
        quickbooks_client(connection=connection) as client,
        pytest.raises(QuickBooksUnavailable) as waiting,
    ):
        client.query(QUERY)

    assert 55 <= waiting.value.retry_after <= 62
    assert calls_received() == before


@pytest.fixture
def one_second_minutes(monkeypatch):
    """Minutes of one second, from before connecting (whose calls start the first one)."""
    monkeypatch.setattr(limits, "MINUTE_SECONDS", 1)


def test_a_new_minute_starts_a_new_count(one_second_minutes, connection, monkeypatch):
    monkeypatch.setattr(limits, "CALLS_PER_MINUTE", 5)
    _minute_spent(connection)
    time.sleep(1.1)
    before = calls_received()

    with quickbooks_client(connection=connection) as client:
        for _ in range(limits.CALLS_PER_MINUTE):
            client.query(QUERY)

    assert calls_received() == before + limits.CALLS_PER_MINUTE


def _slots_held(connection: QuickBooksConnection, *, for_seconds: float) -> None:
    """Ten calls in flight, from processes that then died: nobody gives their slots back."""
    for _ in range(limits.CALLS_AT_ONCE):
        assert isinstance(limits.call_slot_take(connection.pk, lifetime=for_seconds), str)


def test_an_eleventh_call_at_once_waits_for_a_slot_and_dead_holders_slots_go(connection, settings):
    # Their slots stop counting when the calls would have timed out.
    settings.QBO_TIMEOUT_SECONDS = 0.5
    _slots_held(connection, for_seconds=1)
    before = calls_received()
    started = time.monotonic()

    with quickbooks_client(connection=connection) as client:
        client.query(QUERY)

    assert time.monotonic() - started >= 0.9
    assert calls_received() == before + 1
    assert limits.calls_in_flight() == 0  # nothing left held


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

    assert time.monotonic() - started < 10  # far from the 60 s the slots are held
    assert "10 calls at once" in waiting.value.message
    assert calls_received() == before
    assert limits.calls_in_flight() == 10


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

    assert time.monotonic() - started < 10  # far from the 60 s the slots are held
    assert limits.calls_in_flight() == 10


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
