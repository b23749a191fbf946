"""Websockets belong to the browser session and the person that opened them, and close when the
session signs out or the person is deactivated.

Every consumer joins its session's and its person's channel groups; signing out sends
`session.ended` to the session's group and deactivating sends it to the person's (after commit,
through the channel layer, so it reaches consumers in every process when the layer is Redis), and
each consumer closes with code 4401.
"""

import asyncio
import hashlib
import threading
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.http import HttpRequest

CLOSE_SIGNED_OUT = 4401


def session_group(session_key: str) -> str:
    """The channel group of one browser session (hashed: group names are visible in Redis)."""
    return f"session.{hashlib.sha256(session_key.encode()).hexdigest()[:48]}"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def _close_group_on_commit(group: str) -> None:
    transaction.on_commit(
        lambda: async_to_sync(get_channel_layer().group_send)(group, {"type": "session.ended"}),
        robust=True,
    )


def user_sockets_close(*, user_id: int) -> None:
    """Close every websocket a person has open, once the change that shuts them out commits."""
    _close_group_on_commit(user_group(user_id))


def session_sockets_close(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """On sign-out, close the websockets this browser session opened."""
    session_key = request.session.session_key if request is not None else None
    if not session_key:
        return
    _close_group_on_commit(session_group(session_key))


_sender = threading.local()
SEND_TIMEOUT_SECONDS = 10


def channel_sends_through(loop: asyncio.AbstractEventLoop) -> None:
    """Send this thread's channel messages through the web server's event loop: a worker thread
    of the web process shares the in-memory channel layer of that loop's connections."""
    _sender.loop = loop


def channel_group_send(group: str, message: dict[str, Any]) -> None:
    """Send a message to a channel group from synchronous code, in any thread."""
    loop = getattr(_sender, "loop", None)
    if loop is None:
        async_to_sync(get_channel_layer().group_send)(group, message)
        return
    sending = asyncio.run_coroutine_threadsafe(get_channel_layer().group_send(group, message), loop)
    sending.result(timeout=SEND_TIMEOUT_SECONDS)
