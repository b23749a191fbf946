import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from ontraccr_clone.accounts.live import live_notice_send
from ontraccr_clone.accounts.models import User
from ontraccr_clone.accounts.services import require_same_company
from workflows.forms.models import FormSubmission
from workflows.timeline.kinds import timeline_kind_get
from workflows.timeline.models import TimelineEvent
from workflows.timeline.realtime import timeline_event_broadcast

if TYPE_CHECKING:
    from workflows.engine.models import StepRun


def timeline_event_record(
    *,
    submission: FormSubmission,
    kind: str,
    message: str,
    actor: User | None = None,
    data: dict[str, Any] | None = None,
    at: datetime.datetime | None = None,
    step_run: "StepRun | None" = None,
) -> TimelineEvent:
    """Add a line to a form's history, in the caller's transaction; watchers see it on commit.
    The kind must be registered (KeyError otherwise), so that every event can be shown."""
    timeline_kind_get(kind)
    if actor is not None:
        require_same_company(actor, submission)
    # One insert: atomic by itself, and no savepoint costing two more queries in every caller's.
    event = TimelineEvent.objects.create(
        submission=submission,
        kind=kind,
        message=message,
        actor=actor,
        data=data or {},
        at=at or timezone.now(),
        step_run=step_run,
    )
    # Robust: the event is saved either way; a page that missed the push shows it when it reloads.
    transaction.on_commit(lambda: timeline_event_broadcast(event), robust=True)
    live_notice_send(
        company_id=submission.company_id, subject="submission", subject_id=submission.pk
    )
    return event
