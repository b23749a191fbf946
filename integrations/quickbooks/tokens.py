"""Access tokens that stay fresh: one process refreshes a connection at a time, outside any
transaction, and the refresh token QuickBooks returns is saved at once."""

import datetime
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from intuitlib.exceptions import AuthClientError

from integrations.quickbooks.errors import QuickBooksNotConnected, QuickBooksUnavailable
from integrations.quickbooks.models import QuickBooksConnection
from integrations.quickbooks.oauth import auth_client_make

logger = logging.getLogger(__name__)

# Raises `LeaseLost` when the workflow step run waiting on QuickBooks was taken over.
LeaseCheck = Callable[[], None]

# Refresh a little before QuickBooks would refuse the token, so no slow call carries a dead one.
REFRESH_MARGIN = datetime.timedelta(minutes=5)


def access_token_fresh(connection: QuickBooksConnection, *, stale_token: str = "") -> bool:
    """Whether the connection's access token can be sent for a while yet."""
    return bool(
        connection.status == QuickBooksConnection.Status.ACTIVE
        and connection.access_token
        and connection.access_token != stale_token
        and connection.access_expires_at is not None
        and connection.access_expires_at > timezone.now() + REFRESH_MARGIN
    )


def quickbooks_access_token(
    *, connection_id: int, stale_token: str = "", lease_check: LeaseCheck | None = None
) -> str:
    """An access token that QuickBooks will accept: the stored one, or a refreshed one.

    `stale_token` is one that QuickBooks just refused (401), which must not be returned again.
    While another process refreshes, this one waits, at most until that refresh lease runs out
    (then it takes the lease itself), asking `lease_check` each second whether its own step run
    is still held.
    """
    deadline = time.monotonic() + 3 * settings.QBO_TIMEOUT_SECONDS
    checked = time.monotonic()
    while True:
        token, refresh_token = _token_or_lease(connection_id, stale_token)
        if token:
            return token
        if refresh_token:
            return quickbooks_connection_refresh(
                connection_id=connection_id, refresh_token=refresh_token
            )
        if time.monotonic() > deadline:
            raise QuickBooksUnavailable("QuickBooks did not answer the token refresh in time.")
        if lease_check is not None and time.monotonic() - checked >= 1:
            lease_check()
            checked = time.monotonic()
        time.sleep(0.1)  # another process is refreshing: its token will be in the row soon


@transaction.atomic
def _token_or_lease(connection_id: int, stale_token: str) -> tuple[str, str]:
    """Under the row lock: (fresh access token, "") or ("", refresh token) to refresh with,
    having taken the refresh lease, or ("", "") while another process holds it."""
    now = timezone.now()
    connection = QuickBooksConnection.objects.select_for_update().get(pk=connection_id)
    if connection.status != QuickBooksConnection.Status.ACTIVE:
        raise QuickBooksNotConnected(
            "QuickBooks Online needs to be reconnected in Settings > Integrations."
            if connection.status == QuickBooksConnection.Status.NEEDS_RECONNECT
            else "QuickBooks Online is not connected."
        )
    if access_token_fresh(connection, stale_token=stale_token):
        return connection.access_token, ""
    if connection.refreshing_until is not None and connection.refreshing_until > now:
        return "", ""
    connection.refreshing_until = now + datetime.timedelta(seconds=2 * settings.QBO_TIMEOUT_SECONDS)
    connection.save(update_fields=["refreshing_until"])
    return "", connection.refresh_token


def quickbooks_connection_refresh(*, connection_id: int, refresh_token: str) -> str:
    """Trade the refresh token for new tokens (the caller holds the lease); returns the access
    token. A refused refresh token (`invalid_grant`) means the admin must reconnect."""
    connection = QuickBooksConnection.objects.get(pk=connection_id)
    try:
        with auth_client_make(discovery_url=connection.discovery_url) as auth:
            auth.refresh(refresh_token=refresh_token)
    except AuthClientError as error:
        if error.status_code in (400, 401) and b"invalid_grant" in (error.content or b""):
            _connection_needs_reconnect(connection_id)
            raise QuickBooksNotConnected(
                "QuickBooks Online refused the saved sign-in: reconnect it in Settings."
            ) from error
        _lease_release(connection_id)
        raise QuickBooksUnavailable(
            f"QuickBooks did not refresh the sign-in (HTTP {error.status_code})."
        ) from error
    except Exception:
        _lease_release(connection_id)
        raise
    tokens_store(
        connection_id=connection_id,
        access_token=auth.access_token,
        refresh_token=auth.refresh_token,
        expires_in=auth.expires_in,
        refresh_expires_in=auth.x_refresh_token_expires_in,
    )
    return str(auth.access_token)


@transaction.atomic
def tokens_store(
    *,
    connection_id: int,
    access_token: str,
    refresh_token: str,
    expires_in: int | None,
    refresh_expires_in: int | None,
) -> None:
    """Save tokens from QuickBooks at once: the old refresh token may already be spent."""
    now = timezone.now()
    QuickBooksConnection.objects.filter(pk=connection_id).update(
        access_token=access_token,
        refresh_token=refresh_token,
        access_expires_at=now + datetime.timedelta(seconds=int(expires_in or 3600)),
        refresh_expires_at=(
            now + datetime.timedelta(seconds=int(refresh_expires_in))
            if refresh_expires_in
            else None
        ),
        refreshing_until=None,
    )


@transaction.atomic
def _connection_needs_reconnect(connection_id: int) -> None:
    QuickBooksConnection.objects.filter(
        pk=connection_id, status=QuickBooksConnection.Status.ACTIVE
    ).update(status=QuickBooksConnection.Status.NEEDS_RECONNECT, refreshing_until=None)
    logger.warning("QuickBooks connection %s needs reconnection", connection_id)


@transaction.atomic
def _lease_release(connection_id: int) -> None:
    QuickBooksConnection.objects.filter(pk=connection_id).update(refreshing_until=None)
