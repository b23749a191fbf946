"""The access token is refreshed once however many workers find it expired at the same moment,
and only the holder of the refresh lease stores what a refresh returns."""

import datetime
import threading

import pytest
from django.db import connections
from django.utils import timezone

from integrations.qbo_sandbox.models import OAuthToken
from integrations.quickbooks.errors import QuickBooksNotConnected
from integrations.quickbooks.models import QuickBooksConnection
from integrations.quickbooks.tokens import (
    quickbooks_access_token,
    quickbooks_connection_refresh,
    token_or_refresh_lease,
)


def _access_tokens_issued(connection: QuickBooksConnection) -> int:
    return OAuthToken.objects.filter(
        kind=OAuthToken.Kind.ACCESS, grant__company__realm_id=connection.realm_id
    ).count()


def test_concurrent_workers_refresh_an_expired_token_once(connection):
    QuickBooksConnection.objects.filter(pk=connection.pk).update(access_expires_at=None)
    issued_before = _access_tokens_issued(connection)
    tokens: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def worker() -> None:
        try:
            start.wait()
            tokens.append(quickbooks_access_token(connection_id=connection.pk))
        except BaseException as error:  # the assertion below reports it
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(tokens) == 6 and len(set(tokens)) == 1
    assert _access_tokens_issued(connection) == issued_before + 1
    connection.refresh_from_db()
    assert connection.access_token == tokens[0]
    assert connection.refreshing_until is None


def test_a_fresh_token_is_used_without_asking_quickbooks(connection):
    issued_before = _access_tokens_issued(connection)
    assert quickbooks_access_token(connection_id=connection.pk) == connection.access_token
    assert _access_tokens_issued(connection) == issued_before


def test_a_refused_refresh_token_marks_the_connection_for_reconnection(connection):
    QuickBooksConnection.objects.filter(pk=connection.pk).update(
        access_expires_at=None, refresh_token="AB11-not-a-token-QuickBooks-issued"
    )
    with pytest.raises(QuickBooksNotConnected):
        quickbooks_access_token(connection_id=connection.pk)
    connection.refresh_from_db()
    assert connection.status == QuickBooksConnection.Status.NEEDS_RECONNECT


def _lease_overrun(connection: QuickBooksConnection):  # type: ignore[no-untyped-def]
    """Refresher A takes the refresh lease, then stalls past it (a long GC pause, a slow
    network): its lease has run out before it refreshes."""
    QuickBooksConnection.objects.filter(pk=connection.pk).update(access_expires_at=None)
    token, lease = token_or_refresh_lease(connection_id=connection.pk)
    assert token == "" and lease is not None
    QuickBooksConnection.objects.filter(pk=connection.pk).update(
        refreshing_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    return lease


def test_a_refresher_that_overran_its_lease_does_not_overwrite_the_newer_tokens(connection):
    slow = _lease_overrun(connection)
    newer = quickbooks_access_token(connection_id=connection.pk)  # refresher B: lease, refresh

    # A's refresh still succeeds at QuickBooks, but its lease is B's now.
    assert quickbooks_connection_refresh(connection_id=connection.pk, lease=slow) == ""

    connection.refresh_from_db()
    assert connection.access_token == newer
    assert connection.status == QuickBooksConnection.Status.ACTIVE
    assert (connection.refreshing_until, connection.refreshing_owner) == (None, "")
    assert quickbooks_access_token(connection_id=connection.pk) == newer


def test_a_stale_invalid_grant_of_a_refresher_that_overran_does_not_disconnect(connection):
    # The refresh token is over a day old: a refresh spends it and QuickBooks issues another,
    # as Intuit does.
    OAuthToken.objects.filter(
        kind=OAuthToken.Kind.REFRESH, grant__company__realm_id=connection.realm_id
    ).update(created_at=timezone.now() - datetime.timedelta(days=2))
    slow = _lease_overrun(connection)
    newer = quickbooks_access_token(connection_id=connection.pk)  # B spends the refresh token
    connection.refresh_from_db()
    assert connection.refresh_token != slow.refresh_token

    # A refreshes with the spent token: QuickBooks answers invalid_grant, about B's refresh.
    assert quickbooks_connection_refresh(connection_id=connection.pk, lease=slow) == ""

    connection.refresh_from_db()
    assert connection.status == QuickBooksConnection.Status.ACTIVE
    assert connection.access_token == newer
    assert quickbooks_access_token(connection_id=connection.pk) == newer
