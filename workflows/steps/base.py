"""What every step type is: the contract between the editor, the engine and each type's module.

A type is one class in its own module under `workflows/steps/` (or in another app, such as an
integration), registered with `workflows.steps.registry.register`.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from rest_framework import serializers

from ontraccr_clone.accounts.models import Company
from workflows.forms.models import FormTemplate

if TYPE_CHECKING:
    from ontraccr_clone.accounts.models import User
    from workflows.engine.models import StepRun
    from workflows.forms.models import SubmissionRevision


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


class LeaseLost(Exception):
    """This worker no longer holds the step run (its lease ran out and another worker took it
    over): it must stop at once and write nothing. Raised by the engine's lease checks."""


@dataclass(frozen=True)
class TimelineKind:
    """A kind of timeline event, as the timeline shows it: a tone (neutral, info, success,
    warning, danger) and a symbol. Step types declare their own (`StepType.timeline_kinds`);
    kinds are registered, not enumerated, so adding one needs no migration."""

    key: str
    label: str
    tone: str
    icon: str


@dataclass(frozen=True)
class StepAction:
    """Something a person can do to a step run that waits for them (Approval's approve and
    reject). `note` says whether the action takes a note: "none", "optional" or "required"."""

    name: str
    label: str
    note: Literal["none", "optional", "required"] = "none"
    style: Literal["primary", "danger", "secondary"] = "primary"


@dataclass(frozen=True)
class Report:
    """What a step tells lists about its latest try (a sync state): `state` is one of
    pending, waiting, done, failed; `label` says it in words; `detail` carries the rest
    (a reference and a URL for done, the reason for waiting or failed)."""

    state: Literal["pending", "waiting", "done", "failed"]
    label: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Advice:
    """What the reader of a timeline entry can do about it, or can expect, worded for them;
    `link` is (label, path) of the page of the app where they can do it."""

    text: str
    link: tuple[str, str] | None = None


class NoConfig(serializers.Serializer):
    """For types without settings."""


class StepType:
    """One kind of step. Subclasses set the class attributes and implement `execute`.

    `ConfigSerializer` validates a step's `config`; it receives the context
    `{"company": Company, "template": FormTemplate, "fields": [field definitions]}` so that settings
    referring to form fields or people are checked against the form and the company. Its
    validated output (defaults filled in) is what a published version stores and what `execute`
    reads, so a setting is read as `config["name"]`, never with a default of its own. Its fields
    (`workflows.steps.settings`) and their `style` are the schema the editor draws the settings
    from.
    """

    key: ClassVar[str]
    label: ClassVar[str]
    icon: ClassVar[str]
    description: ClassVar[str]
    outcomes: ClassVar[tuple[str, ...]] = ("next",)
    ConfigSerializer: ClassVar[type[serializers.Serializer]] = NoConfig
    # Panels the editor shows below the settings (a preview), by the name the editor registers
    # each under: for what the settings schema cannot describe.
    settings_panels: ClassVar[tuple[str, ...]] = ()
    # Why no arrow may lead into a step of this type (the start); empty: arrows may.
    arrows_in_refused: ClassVar[str] = ""
    # Whether the timeline says "started" when the engine begins the step.
    announce_start: ClassVar[bool] = True
    # The kinds of timeline event the type writes; registered with the type.
    timeline_kinds: ClassVar[tuple[TimelineKind, ...]] = ()
    # What people can do to a step run of this type while it waits (see `may_act`, `on_action`).
    actions: ClassVar[tuple[StepAction, ...]] = ()
    # The title of what the type reports to lists (a system it syncs to); empty: reports nothing.
    report_title: ClassVar[str] = ""

    def availability(self, *, company: Company, template: FormTemplate) -> Availability:
        return AVAILABLE

    def summary(self, *, config: dict[str, Any], fields: list[dict[str, Any]]) -> str:
        """One line saying what a step with these settings (validated) does, for the canvas;
        `fields` are the form's."""
        return ""

    def may_act(self, *, step_run: "StepRun", user: "User", action: StepAction) -> bool:
        """Whether this person may take this action now. Asked at the moment of acting, never
        from a snapshot: a person who lost the right since the step started gets a 403."""
        return False

    def on_action(
        self, *, step_run: "StepRun", actor: "User", action: StepAction, data: dict[str, Any]
    ) -> Outcome:
        """Take an action the engine has checked `actor` may take: validate `data` (raise
        Django's ValidationError with field errors), write the action's timeline event, and
        return the outcome the run follows. Called under the run's lock, in the engine's
        transaction."""
        raise NotImplementedError

    def report(self, *, step_run: "StepRun") -> Report | None:
        """What lists show of this step's latest try; None when the type reports nothing.
        The engine asks each time the step run changes status and keeps the answer."""
        return None

    def advice(self, *, step_run: "StepRun", kind: str, for_admin: bool) -> Advice | None:
        """What a reader of this type's timeline entry of `kind` can do or can expect, asked only
        while the step run is still where the entry left it; None when the entry says enough.
        Admins can fix and retry; members are told what happens next and who can act."""
        if kind == "retry_scheduled":
            if for_admin:
                return Advice("Nothing to do yet: it is tried again by itself for a while.")
            return Advice("Nothing to do: it is tried again by itself.")
        if kind == "step_failed":
            if for_admin:
                return Advice("Put right what the error says, then retry the step.")
            return Advice(
                "The workflow stops here until a company admin puts it right and retries the step."
            )
        return None

    def execute(self, *, step_run: "StepRun") -> Outcome | Wait:
        """Do the step's outside work, outside any database transaction, and return its result;
        raise StepFailed if it fails. Write nothing to the database here but the ledger of
        outside effects (`workflows.engine.ledger`), which says what was done under this step
        run's `idempotency_key`: look there first and never repeat an effect found there.

        After a crash the same step run may be executed again (same `idempotency_key`), or two
        workers may execute it at once: only the lease holder's result is recorded, and a worker
        whose lease is gone gets `LeaseLost` from the engine's checks and must stop.
        """
        raise NotImplementedError

    def on_revision(self, *, passed: "StepRun", revision: "SubmissionRevision") -> bool:
        """Whether a revision of a form whose run already passed this step (`passed`, its
        latest successful try) needs the step's work again (a record sent elsewhere updated),
        by the step's settings. When it does, the engine runs `execute_revision` and
        `record_revision` in a step run of its own, with a lease, the ledger and retries like
        any step, under a key of its own for each revision. The default: a revision changes
        nothing this step did."""
        return False

    def execute_revision(self, *, step_run: "StepRun") -> Outcome | Wait:
        """`execute` for a revision (`step_run.run.revision`) of a form the step had done:
        the same rules, the outside work of bringing what the step did up to the revision."""
        raise NotImplementedError

    def record_revision(self, *, step_run: "StepRun", result: Outcome | Wait) -> None:
        """`record` for a revision's step run."""
        self.record(step_run=step_run, result=result)

    def record(self, *, step_run: "StepRun", result: Outcome | Wait) -> None:
        """Save every database effect of the result and say it on the timeline.

        Called in the engine's transaction, under the run's lock, by the lease holder only, with
        the step run's new state: it happens exactly once per result. The default says the step
        finished, or what it waits for.
        """
        from workflows.timeline.services import timeline_event_record

        if isinstance(result, Wait):
            kind, message = "step_waiting", f"{self.label}: {result.reason}"
        else:
            kind, message = "step_finished", f"{self.label} finished"
        timeline_event_record(
            submission=step_run.run.submission, kind=kind, message=message, step_run=step_run
        )
