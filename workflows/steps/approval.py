"""Approval: the run waits until one of the approvers approves or rejects (with a note).

Who the approvers are is decided when someone acts, never from a list taken when the step
started: a person who is no longer an admin cannot approve a step waiting for the admins.
"""

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from rest_framework import serializers

from ontraccr_clone.accounts.models import User
from workflows.engine.models import StepRun
from workflows.steps.base import Outcome, StepAction, StepFailed, StepType, TimelineKind, Wait
from workflows.steps.registry import register
from workflows.steps.settings import FormFieldSetting, PeopleSetting, picks_people
from workflows.timeline.services import timeline_event_record

APPROVE = StepAction("approve", "Approve", note="optional", style="primary")
REJECT = StepAction("reject", "Reject", note="required", style="danger")
MAX_NOTE_LENGTH = 1000


class ApprovalConfig(serializers.Serializer):
    approvers = serializers.ChoiceField(
        label="Approvers",
        choices=[("users", "These people"), ("role", "Everyone with a role"),
                 ("field", "The person chosen in a form field")],
        style={"placeholder": "Choose who approves"},
    )  # fmt: skip
    users = PeopleSetting(
        label="People",
        required=False,
        default=list,
        style={"shown_when": {"setting": "approvers", "values": ["users"]}},
    )
    role = serializers.ChoiceField(
        label="Role",
        choices=User.Role.choices,
        required=False,
        default=User.Role.ADMIN,
        style={"shown_when": {"setting": "approvers", "values": ["role"]}},
    )
    field = FormFieldSetting(
        label="Form field",
        required=False,
        fits=picks_people,
        unfit="Choose a field that picks people.",
        style={
            "shown_when": {"setting": "approvers", "values": ["field"]},
            "placeholder": "Choose a field that picks people",
        },
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["approvers"] == "users" and not attrs["users"]:
            raise serializers.ValidationError({"users": "Choose at least one approver."})
        if attrs["approvers"] == "field" and not attrs["field"]:
            raise serializers.ValidationError({"field": "Choose a field that picks people."})
        return attrs


@register
class ApprovalStep(StepType):
    key = "approval"
    label = "Approval"
    icon = "✔"
    description = "Wait until an approver approves or rejects the form; a rejection needs a note."
    outcomes = ("approved", "rejected")
    ConfigSerializer = ApprovalConfig
    announce_start: ClassVar[bool] = False
    timeline_kinds = (
        TimelineKind("approval_requested", "Approval requested", "warning", "⏳"),
        TimelineKind("approved", "Approved", "success", "✔"),
        TimelineKind("rejected", "Rejected", "danger", "✖"),
    )
    actions = (APPROVE, REJECT)

    def approvers(self, *, step_run: StepRun) -> list[User]:
        """The people who may decide now, as they are at this moment."""
        config = step_run.step.config
        people = User.objects.filter(company_id=step_run.run.company_id, is_active=True)
        if config["approvers"] == "users":
            people = people.filter(pk__in=config["users"])
        elif config["approvers"] == "role":
            people = people.filter(role=config["role"])
        else:
            chosen = step_run.run.submission.data.get(config["field"]) or []
            people = people.filter(pk__in=[choice["id"] for choice in chosen])
        return list(people.order_by("name", "email"))

    def summary(self, *, config: dict[str, Any], fields: list[dict[str, Any]]) -> str:
        if config["approvers"] == "users":
            people = User.objects.filter(pk__in=config["users"]).order_by("name", "email")
            return f"Approval by {', '.join(person.display_name for person in people)}"
        if config["approvers"] == "role":
            return f"Approval by every {User.Role(config['role']).label.lower()}"
        label = next(field["label"] for field in fields if field["id"] == config["field"])
        return f"Approval by the person in {label}"

    def execute(self, *, step_run: StepRun) -> Outcome | Wait:
        approvers = self.approvers(step_run=step_run)
        if not approvers:
            raise StepFailed("Nobody can approve this form: the approvers chosen are gone.")
        names = ", ".join(person.display_name for person in approvers)
        return Wait(f"Waiting for approval from {names}")

    def record(self, *, step_run: StepRun, result: Outcome | Wait) -> None:
        assert isinstance(result, Wait)
        approvers = self.approvers(step_run=step_run)
        timeline_event_record(
            submission=step_run.run.submission,
            kind="approval_requested",
            message=result.reason.replace("Waiting for approval", "Approval requested", 1),
            data={"approvers": [person.display_name for person in approvers]},
            step_run=step_run,
        )

    def may_act(self, *, step_run: StepRun, user: User, action: StepAction) -> bool:
        return any(person.pk == user.pk for person in self.approvers(step_run=step_run))

    def on_action(
        self, *, step_run: StepRun, actor: User, action: StepAction, data: dict[str, Any]
    ) -> Outcome:
        note = data.get("note", "")
        if not isinstance(note, str):
            raise ValidationError({"note": "Enter the note as text."})
        note = note.strip()
        if len(note) > MAX_NOTE_LENGTH:
            raise ValidationError({"note": f"Keep the note under {MAX_NOTE_LENGTH} characters."})
        if action == REJECT and not note:
            raise ValidationError({"note": "Say why you reject it."})
        approved = action == APPROVE
        timeline_event_record(
            submission=step_run.run.submission,
            kind="approved" if approved else "rejected",
            actor=actor,
            message=f"{'Approved' if approved else 'Rejected'} by {actor.display_name}",
            data={"note": note} if note else {},
            step_run=step_run,
        )
        return Outcome("approved" if approved else "rejected", {"note": note})
