"""Websockets belong to the browser session and the person that opened them, and close when the
session signs out, the person is deactivated, or their password changes.

Every websocket consumer of a signed-in person is a `SignedInWebsocketConsumer`: it joins its
session's and its person's channel groups, and closes on the messages sent to them (after commit,
through the channel layer, so that they reach consumers in every process when the layer is Redis):
- signing out sends `session.ended` to the session's group, deactivating sends it to the person's:
  the consumer closes with 4401 (signed out: the browser does not reconnect);
- a password change or reset sends `sign_in.changed` to the person's group: the consumer closes
  with 4001 and the browser reconnects, as after any dropped connection; the handshake then lets
  in only a session that is still signed in (the one that changed the password), whose key has
  changed meanwhile.
"""

import asyncio
import hashlib
import threading
from typing import Any

from asgiref.sync import async_to_sync
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from django.db import transaction
from django.http import HttpRequest

from ontraccr_clone.accounts.models import User

CLOSE_SIGNED_OUT = 4401
CLOSE_NOT_FOUND = 4404
CLOSE_SIGN_IN_CHANGED = 4001


def session_group(session_key: str) -> str:
    """The channel group of one browser session (hashed: group names are visible in Redis)."""
    return f"session.{hashlib.sha256(session_key.encode()).hexdigest()[:48]}"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def _send_to_group_on_commit(group: str, message_type: str) -> None:
    transaction.on_commit(
        lambda: async_to_sync(get_channel_layer().group_send)(group, {"type": message_type}),
        robust=True,
    )


def user_sockets_close(*, user_id: int) -> None:
    """Close every websocket a person has open, once the change that shuts them out commits."""
    _send_to_group_on_commit(user_group(user_id), "session.ended")


def user_sockets_reconnect(*, user_id: int) -> None:
    """Close every websocket a person has open, once their new password commits; each browser
    reconnects, and only a session still signed in is let in again."""
    _send_to_group_on_commit(user_group(user_id), "sign_in.changed")


def session_sockets_close(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """On sign-out, close the websockets this browser session opened."""
    session_key = request.session.session_key if request is not None else None
    if not session_key:
        return
    _send_to_group_on_commit(session_group(session_key), "session.ended")


class SignedInWebsocketConsumer(AsyncJsonWebsocketConsumer):
    """A websocket that a signed-in person of a company opens, and that closes when their sign-in
    ends or changes. A subclass says, in `groups_for`, which groups of its own it joins."""

    groups_joined: list[str]

    async def groups_for(self, user: User) -> list[str] | None:
        """The groups this socket listens to besides its session's and person's; None refuses it
        as not found (not the person's to watch)."""
        raise NotImplementedError

    async def connect(self) -> None:
        self.groups_joined = []
        user = self.scope["user"]
        session_key = self.scope["session"].session_key
        if not user.is_authenticated or user.company_id is None or not session_key:
            await self.close(code=CLOSE_SIGNED_OUT)
            return
        groups = await self.groups_for(user)
        if groups is None:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        for group in (session_group(session_key), user_group(user.pk), *groups):
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.append(group)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def session_ended(self, message: dict[str, Any]) -> None:
        await self.close(code=CLOSE_SIGNED_OUT)

    async def sign_in_changed(self, message: dict[str, Any]) -> None:
        await self.close(code=CLOSE_SIGN_IN_CHANGED)


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
