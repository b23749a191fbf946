"""The kinds of timeline event, registered rather than enumerated: the core registers its own
here, each step type declares its kinds (`StepType.timeline_kinds`, registered with the type), and
an app registers kinds of its own from its `AppConfig.ready`. Adding a kind needs no migration."""

from workflows.steps.base import TimelineKind

_kinds: dict[str, TimelineKind] = {}


def timeline_kind_register(kind: TimelineKind) -> TimelineKind:
    """Add a kind. Declaring the same kind again is harmless (two modules may both write it);
    another kind under a key already taken is refused."""
    known = _kinds.get(kind.key)
    if known is not None and known != kind:
        raise ValueError(f"The timeline kind {kind.key!r} is already registered as {known}.")
    _kinds[kind.key] = kind
    return kind


def timeline_kind_get(key: str) -> TimelineKind:
    """The registered kind with this key; KeyError if there is none."""
    return _kinds[key]


def timeline_kind_look(key: str) -> TimelineKind:
    """How to show an event of this kind; a kind no app registers any more (its app was removed)
    is shown plainly under its key."""
    return _kinds.get(key) or TimelineKind(key, key.replace("_", " ").capitalize(), "neutral", "•")


CORE_KINDS = (
    TimelineKind("submitted", "Submitted", "info", "✉"),
    TimelineKind("revised", "Revised", "info", "✎"),
    TimelineKind("step_started", "Step started", "neutral", "▶"),
    TimelineKind("step_finished", "Step finished", "neutral", "✓"),
    TimelineKind("step_waiting", "Waiting", "warning", "⏸"),
    TimelineKind("step_failed", "Step failed", "danger", "⚠"),
    TimelineKind("retry_scheduled", "Retry scheduled", "warning", "↻"),
    TimelineKind("retried", "Retried", "info", "↻"),
    TimelineKind("resumed", "Resumed", "info", "▶"),
    TimelineKind("workflow_finished", "Workflow finished", "success", "⚐"),
    TimelineKind("workflow_cancelled", "Workflow cancelled", "danger", "■"),
)
for _kind in CORE_KINDS:
    timeline_kind_register(_kind)
