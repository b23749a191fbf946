"""Approval: the run waits until one of the approvers approves or rejects (with a note)."""

from typing import Any, ClassVar

from rest_framework import serializers

from ontraccr_clone.accounts.models import User
from workflows.engine.models import StepRun
from workflows.steps.base import Outcome, StepFailed, StepType, Wait
from workflows.steps.form_values import field_named
from workflows.steps.registry import register
from workflows.timeline.models import TimelineEvent
from workflows.timeline.services import timeline_event_record


class ApprovalConfig(serializers.Serializer):
    approvers = serializers.ChoiceField(
        choices=[("users", "These people"), ("role", "Everyone with a role"),
                 ("field", "The person chosen in a form field")],
    )  # fmt: skip
    users = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    role = serializers.ChoiceField(choices=User.Role.choices, required=False, default="admin")
    field = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["approvers"] == "users":
            ids = attrs["users"]
            if not ids:
                raise serializers.ValidationError({"users": "Choose at least one approver."})
            found = User.objects.filter(
                company=self.context["company"], is_active=True, pk__in=ids
            ).count()
            if found != len(set(ids)):
                raise serializers.ValidationError(
                    {"users": "Choose active people of your company."}
                )
        if attrs["approvers"] == "field":
            try:
                definition = field_named(self.context["fields"], attrs["field"], types=("choose",))
            except serializers.ValidationError as error:
                raise serializers.ValidationError({"field": error.detail}) from None
            if definition.get("source") != "users":
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

    def approvers(self, *, step_run: StepRun) -> list[User]:
        """The people who may decide, as they are when the step starts."""
        config = step_run.step.config
        people = User.objects.filter(company_id=step_run.run.company_id, is_active=True)
        if config["approvers"] == "users":
            people = people.filter(pk__in=config.get("users", []))
        elif config["approvers"] == "role":
            people = people.filter(role=config.get("role", "admin"))
        else:
            chosen = step_run.run.submission.data.get(config.get("field", ""), [])
            people = people.filter(pk__in=[choice["id"] for choice in chosen])
        return list(people.order_by("name", "email"))

    def execute(self, *, step_run: StepRun) -> Outcome | Wait:
        approvers = self.approvers(step_run=step_run)
        if not approvers:
            raise StepFailed("Nobody can approve this form: the approvers chosen are gone.")
        names = ", ".join(person.display_name for person in approvers)
        return Wait(f"Waiting for approval from {names}")

    def record(self, *, step_run: StepRun, result: Outcome | Wait) -> None:
        assert isinstance(result, Wait)
        approvers = self.approvers(step_run=step_run)
        step_run.output = {**step_run.output, "approver_ids": [person.pk for person in approvers]}
        step_run.save(update_fields=["output"])
        timeline_event_record(
            submission=step_run.run.submission,
            kind=TimelineEvent.Kind.APPROVAL_REQUESTED,
            message=result.reason.replace("Waiting for approval", "Approval requested", 1),
            data={"approvers": [person.display_name for person in approvers]},
            step_run=step_run,
        )
