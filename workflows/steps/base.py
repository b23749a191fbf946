"""What every step type is: the contract between the editor, the engine and each type's module.

A type is one class in its own module under `workflows/steps/` (or in another app, such as the
QuickBooks integration), registered with `workflows.steps.registry.register`.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from rest_framework import serializers

from ontraccr_clone.accounts.models import Company
from workflows.forms.models import FormTemplate

if TYPE_CHECKING:
    from workflows.engine.models import StepRun


@dataclass(frozen=True)
class Availability:
    """Whether a company may use a step type on a form; `reason` says why not, in words."""

    ok: bool
    reason: str = ""


AVAILABLE = Availability(ok=True)


@dataclass(frozen=True)
class Outcome:
    """The step is done; the run follows the transition of this outcome."""

    name: str
    output: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Wait:
    """The step cannot finish yet (a person must act, or an outside system must come back)."""

    reason: str


class StepFailed(Exception):
    """The step did not do its work. Transient failures are retried; others wait for a Retry."""

    def __init__(self, message: str, *, transient: bool = False, retry_after: float | None = None):
        super().__init__(message)
        self.message = message
        self.transient = transient
        self.retry_after = retry_after


class NoConfig(serializers.Serializer):
    """For types without settings."""


class StepType:
    """One kind of step. Subclasses set the class attributes and implement `execute`.

    `ConfigSerializer` validates a step's `config`; it receives the context
    `{"company": Company, "template": FormTemplate, "fields": [field definitions]}` so that settings
    referring to form fields or people are checked against the form and the company.
    """

    key: ClassVar[str]
    label: ClassVar[str]
    icon: ClassVar[str]
    description: ClassVar[str]
    outcomes: ClassVar[tuple[str, ...]] = ("next",)
    ConfigSerializer: ClassVar[type[serializers.Serializer]] = NoConfig
    # Whether the timeline says "started" when the engine begins the step.
    announce_start: ClassVar[bool] = True
    # Whether the step syncs the form to an outside system: the engine then keeps the submission's
    # `sync_state` from the step's latest try, and a succeeded try's output `reference` and `url`
    # (what the outside system calls the record, and where to see it) in its `sync_detail`.
    reports_sync_state: ClassVar[bool] = False

    def availability(self, *, company: Company, template: FormTemplate) -> Availability:
        return AVAILABLE

    def execute(self, *, step_run: "StepRun") -> Outcome | Wait:
        """Do the step's work, outside any database transaction; raise StepFailed if it fails.

        After a crash the same step run may be executed again (same `idempotency_key`): work done
        outside must either be idempotent under that key or refuse to repeat itself.
        """
        raise NotImplementedError

    def record(self, *, step_run: "StepRun", result: Outcome | Wait) -> None:
        """Save what the result changes in our database and say it on the timeline.

        Called in the engine's transaction with the step run's new state, so it happens exactly
        once per result. The default says the step finished, or what it waits for.
        """
        from workflows.timeline.models import TimelineEvent
        from workflows.timeline.services import timeline_event_record

        if isinstance(result, Wait):
            kind, message = TimelineEvent.Kind.STEP_WAITING, f"{self.label}: {result.reason}"
        else:
            kind, message = TimelineEvent.Kind.STEP_FINISHED, f"{self.label} finished"
        timeline_event_record(
            submission=step_run.run.submission, kind=kind, message=message, step_run=step_run
        )
