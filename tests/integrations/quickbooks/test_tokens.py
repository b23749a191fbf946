"""The access token is refreshed once however many workers find it expired at the same moment."""

import threading

import pytest
from django.db import connections

from integrations.qbo_sandbox.models import OAuthToken
from integrations.quickbooks.errors import QuickBooksNotConnected
from integrations.quickbooks.models import QuickBooksConnection
from integrations.quickbooks.tokens import quickbooks_access_token


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
