"""Access tokens that stay fresh: one process refreshes a connection at a time, outside any
transaction, and the refresh token QuickBooks returns is saved at once."""

import datetime
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

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
        token, lease = token_or_refresh_lease(connection_id=connection_id, stale_token=stale_token)
        if token:
            return token
        if lease is not None:
            refreshed = quickbooks_connection_refresh(connection_id=connection_id, lease=lease)
            if refreshed:
                return refreshed
            # Our lease ran out and another process refreshed meanwhile: its token is the one.
            continue
        if time.monotonic() > deadline:
            raise QuickBooksUnavailable("QuickBooks did not answer the token refresh in time.")
        if lease_check is not None and time.monotonic() - checked >= 1:
            lease_check()
            checked = time.monotonic()
        time.sleep(0.1)  # another process is refreshing: its token will be in the row soon


@dataclass(frozen=True)
class RefreshLease:
    """The right to refresh a connection's tokens, held while the connection names `owner`."""

    owner: str
    refresh_token: str


@transaction.atomic
def token_or_refresh_lease(
    *, connection_id: int, stale_token: str = ""
) -> tuple[str, RefreshLease | None]:
    """Under the row lock: (fresh access token, None), or ("", a refresh lease just taken), or
    ("", None) while another process holds the lease."""
    now = timezone.now()
    connection = QuickBooksConnection.objects.select_for_update().get(pk=connection_id)
    if connection.status != QuickBooksConnection.Status.ACTIVE:
        raise QuickBooksNotConnected(
            "QuickBooks Online needs to be reconnected in Settings > Integrations."
            if connection.status == QuickBooksConnection.Status.NEEDS_RECONNECT
            else "QuickBooks Online is not connected."
        )
    if access_token_fresh(connection, stale_token=stale_token):
        return connection.access_token, None
    if connection.refreshing_until is not None and connection.refreshing_until > now:
        return "", None
    connection.refreshing_until = now + datetime.timedelta(seconds=2 * settings.QBO_TIMEOUT_SECONDS)
    connection.refreshing_owner = secrets.token_hex(16)
    connection.save(update_fields=["refreshing_until", "refreshing_owner"])
    return "", RefreshLease(
        owner=connection.refreshing_owner, refresh_token=connection.refresh_token
    )


def quickbooks_connection_refresh(*, connection_id: int, lease: RefreshLease) -> str:
    """Trade the lease's refresh token for new tokens; returns the access token, or "" when the
    lease was taken over meanwhile (the new holder's tokens stand; ours are not stored). A
    refused refresh token (`invalid_grant`) means the admin must reconnect, unless the lease was
    taken over: then the new holder spent that token, and its tokens stand."""
    connection = QuickBooksConnection.objects.get(pk=connection_id)
    try:
        with auth_client_make(discovery_url=connection.discovery_url) as auth:
            auth.refresh(refresh_token=lease.refresh_token)
    except AuthClientError as error:
        if error.status_code in (400, 401) and b"invalid_grant" in (error.content or b""):
            if not _connection_needs_reconnect(connection_id, lease.owner):
                return ""
            raise QuickBooksNotConnected(
                "QuickBooks Online refused the saved sign-in: reconnect it in Settings."
            ) from error
        _lease_release(connection_id, lease.owner)
        raise QuickBooksUnavailable(
            f"QuickBooks did not refresh the sign-in (HTTP {error.status_code})."
        ) from error
    except Exception:
        _lease_release(connection_id, lease.owner)
        raise
    stored = tokens_store(
        connection_id=connection_id,
        access_token=auth.access_token,
        refresh_token=auth.refresh_token,
        expires_in=auth.expires_in,
        refresh_expires_in=auth.x_refresh_token_expires_in,
        lease_owner=lease.owner,
    )
    return str(auth.access_token) if stored else ""


@transaction.atomic
def tokens_store(
    *,
    connection_id: int,
    access_token: str,
    refresh_token: str,
    expires_in: int | None,
    refresh_expires_in: int | None,
    lease_owner: str = "",
) -> bool:
    """Save tokens from QuickBooks at once: the old refresh token may already be spent. Tokens
    from a refresh are saved only while its lease is still the connection's (compare and set on
    its owner); tokens from connecting (no `lease_owner`) replace any. Whether they were saved."""
    now = timezone.now()
    connection = QuickBooksConnection.objects.filter(pk=connection_id)
    if lease_owner:
        connection = connection.filter(refreshing_owner=lease_owner)
    return bool(
        connection.update(
            access_token=access_token,
            refresh_token=refresh_token,
            access_expires_at=now + datetime.timedelta(seconds=int(expires_in or 3600)),
            refresh_expires_at=(
                now + datetime.timedelta(seconds=int(refresh_expires_in))
                if refresh_expires_in
                else None
            ),
            refreshing_until=None,
            refreshing_owner="",
        )
    )


@transaction.atomic
def _connection_needs_reconnect(connection_id: int, lease_owner: str) -> bool:
    """Mark the connection for reconnection if the refused refresh was the lease holder's."""
    marked = QuickBooksConnection.objects.filter(
        pk=connection_id,
        status=QuickBooksConnection.Status.ACTIVE,
        refreshing_owner=lease_owner,
    ).update(
        status=QuickBooksConnection.Status.NEEDS_RECONNECT,
        refreshing_until=None,
        refreshing_owner="",
    )
    if marked:
        logger.warning("QuickBooks connection %s needs reconnection", connection_id)
    return bool(marked)


@transaction.atomic
def _lease_release(connection_id: int, lease_owner: str) -> None:
    QuickBooksConnection.objects.filter(pk=connection_id, refreshing_owner=lease_owner).update(
        refreshing_until=None, refreshing_owner=""
    )
