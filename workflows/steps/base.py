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

    def availability(self, *, company: Company, template: FormTemplate) -> Availability:
        return AVAILABLE

    def execute(self, *, step_run: "StepRun") -> Outcome | Wait:
        """Do the step's work, outside any database transaction; raise StepFailed if it fails."""
        raise NotImplementedError
