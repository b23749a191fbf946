"""Live timelines: each submission's new events go to the browsers watching it.

Events are sent to the channel group `submission.<id>` only after their transaction commits, so a
browser never sees an event that was rolled back. Browsers subscribe at `/ws/submissions/<id>/`.
"""

import asyncio
from typing import Any

from channels.db import database_sync_to_async
from django.http import Http404

from ontraccr_clone.accounts.models import User
from ontraccr_clone.accounts.realtime import (
    SignedInWebsocketConsumer,
    channel_group_send,
    channel_sends_through,
)
from workflows.forms import selectors
from workflows.timeline.models import TimelineEvent
from workflows.timeline.serializers import TimelineEventSerializer

# Browsers only listen; whatever they send is refused ("policy violation").
CLOSE_CLIENT_FRAME = 1008


def submission_group(submission_id: int) -> str:
    return f"submission.{submission_id}"


def timeline_events_send_through(loop: asyncio.AbstractEventLoop) -> None:
    """Send the events of this thread (and the live notices that go with them) through the web
    server's event loop: a worker thread of the web process shares the in-memory channel layer of
    that loop's connections."""
    channel_sends_through(loop)


def timeline_event_broadcast(event: TimelineEvent) -> None:
    """Tell everyone watching its submission of a committed event; each socket sends it worded
    for its own reader."""
    message = {"type": "timeline.event", "event_id": event.pk}
    channel_group_send(submission_group(event.submission_id), message)


class SubmissionTimelineConsumer(SignedInWebsocketConsumer):
    """One browser watching one submission's timeline; only people of its company may watch,
    and only while they stay signed in and active."""

    async def groups_for(self, user: User) -> list[str] | None:
        submission_id = int(self.scope["url_route"]["kwargs"]["submission_id"])
        if not await self.may_watch(user, submission_id):
            return None
        return [submission_group(submission_id)]

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        await self.close(code=CLOSE_CLIENT_FRAME)

    async def timeline_event(self, message: dict[str, Any]) -> None:
        event = await self.event_for_reader(message["event_id"])
        if event is not None:
            await self.send_json(event)

    @database_sync_to_async
    def event_for_reader(self, event_id: int) -> dict[str, Any] | None:
        # The person as they are now (a role changed since the socket opened counts).
        reader = User.objects.filter(pk=self.scope["user"].pk).first()
        event = (
            TimelineEvent.objects.select_related("actor", "step_run__run", "step_run__step")
            .filter(pk=event_id)
            .first()
        )
        if reader is None or event is None:
            return None
        return dict(TimelineEventSerializer(event, context={"viewer": reader}).data)

    @database_sync_to_async
    def may_watch(self, user: User, submission_id: int) -> bool:
        try:
            selectors.submission_get(company=user.tenant, pk=submission_id)
        except Http404:
            return False
        return True
