"""The live channel: one websocket per signed-in browser (`/ws/live/`) that carries small "this
changed" notices, such as `{"subject": "submission", "id": 12}`, which the browser turns into
refreshes of what it shows.

A notice names what changed, never what it now holds, and goes to a whole group at once: the
company's people (`live.company.<id>`) or only its admins (`live.company.<id>.admins`), so sending
costs one group send however many browsers listen, and a person is told only of what their role
lets them see. Notices are sent after the change commits, once per subject per transaction.
"""

from typing import Any, Literal

from django.db import transaction

from ontraccr_clone.accounts.models import User
from ontraccr_clone.accounts.realtime import SignedInWebsocketConsumer, channel_group_send

# Browsers only listen; whatever they send is refused ("policy violation").
CLOSE_CLIENT_FRAME = 1008

# What changed, named by the app that changed it: "submission", "workflow", "session", or an
# app's own subject (an integration's import); the browser knows which lists each one touches.
LiveSubject = str
LiveAudience = Literal["company", "admins"]


def live_company_group(company_id: int, audience: LiveAudience = "company") -> str:
    group = f"live.company.{company_id}"
    return f"{group}.admins" if audience == "admins" else group


def live_person_group(user_id: int) -> str:
    """A person's live sockets only (the timeline's join `user_group`, and would not understand
    the live channel's own messages)."""
    return f"live.user.{user_id}"


class _LiveNoticeSend:
    """The send of one notice after commit; equal to any other send of the same notice, so that
    a transaction recording many changes of one submission sends one notice."""

    def __init__(self, group: str, notice: dict[str, Any]) -> None:
        self.group = group
        self.notice = notice
        # What Django's robust on_commit names in its log when a send fails.
        self.__qualname__ = f"live notice {notice} to {group}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _LiveNoticeSend) and (self.group, self.notice) == (
            other.group,
            other.notice,
        )

    def __hash__(self) -> int:
        return hash((self.group, tuple(sorted(self.notice.items()))))

    def __call__(self) -> None:
        channel_group_send(self.group, {"type": "live.notice", "notice": self.notice})


def live_notice_send(
    *, company_id: int, subject: LiveSubject, subject_id: int, audience: LiveAudience = "company"
) -> None:
    """Tell the company's browsers (or only its admins') that something changed, once the change
    commits; nothing is sent for a change rolled back."""
    send = _LiveNoticeSend(
        live_company_group(company_id, audience), {"subject": subject, "id": subject_id}
    )
    connection = transaction.get_connection()
    # Django keeps the callbacks of the open transaction here, and drops them on rollback.
    if any(callback == send for _, callback, _ in connection.run_on_commit):
        return
    # Robust: the change is saved either way; a browser that missed a notice refreshes on reconnect.
    transaction.on_commit(send, robust=True)


def live_role_changed(*, user: User) -> None:
    """After commit, move the person's open live sockets into (or out of) the admins' group."""
    message = {"type": "live.role_changed", "user_id": user.pk, "is_admin": user.is_admin}
    group = live_person_group(user.pk)
    transaction.on_commit(lambda: channel_group_send(group, message), robust=True)


class LiveNoticeConsumer(SignedInWebsocketConsumer):
    """One browser's live channel: the notices of its person's company, and of its admins when
    the person is one, while the person stays signed in and active."""

    async def groups_for(self, user: User) -> list[str] | None:
        if user.company_id is None:  # refused before this is asked; said for the type checker
            return None
        self.company_id: int = user.company_id
        groups = [live_person_group(user.pk), live_company_group(self.company_id)]
        if user.is_admin:
            groups.append(live_company_group(self.company_id, "admins"))
        return groups

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        await self.close(code=CLOSE_CLIENT_FRAME)

    async def live_notice(self, message: dict[str, Any]) -> None:
        await self.send_json(message["notice"])

    async def live_role_changed(self, message: dict[str, Any]) -> None:
        admins = live_company_group(self.company_id, "admins")
        if message["is_admin"] and admins not in self.groups_joined:
            await self.channel_layer.group_add(admins, self.channel_name)
            self.groups_joined.append(admins)
        elif not message["is_admin"] and admins in self.groups_joined:
            await self.channel_layer.group_discard(admins, self.channel_name)
            self.groups_joined.remove(admins)
        # What the person may see and use changed: the browser asks for the session again.
        await self.send_json({"subject": "session", "id": message["user_id"]})
