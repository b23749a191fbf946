"""Condition: compares a form field with a value and goes on by its true or false arrow.

Numbers and currency compare as numbers, a materials table by its total, dates by date, choices
by the names chosen, text without regard to case.
"""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from rest_framework import serializers

from workflows.engine.models import StepRun
from workflows.steps.base import Outcome, StepFailed, StepType, Wait
from workflows.steps.form_values import materials_total
from workflows.steps.registry import register
from workflows.steps.settings import FormFieldSetting, TextSetting
from workflows.timeline.services import timeline_event_record

NUMERIC = ("number", "currency", "materials_table")
ORDERED = (*NUMERIC, "date")
COMPARABLE = (*ORDERED, "text", "long_text", "dropdown", "yes_no", "choose")
OPERATORS = {
    "eq": "is", "ne": "is not", "lt": "is less than", "gt": "is more than",
    "contains": "contains", "empty": "is empty",
}  # fmt: skip
# The comparisons that compare with a value (all but "is empty").
COMPARING = tuple(operator for operator in OPERATORS if operator != "empty")


class ConditionConfig(serializers.Serializer):
    field = FormFieldSetting(
        label="Form field",
        fits=lambda definition: definition.get("type") in COMPARABLE,
        unfit="Choose a field that can be compared: text, a number, a date, a choice or a table.",
        help_text="A materials table compares by its total.",
    )
    operator = serializers.ChoiceField(label="Comparison", choices=list(OPERATORS.items()))
    value = TextSetting(
        label="Value",
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        style={"shown_when": {"setting": "operator", "values": [*COMPARING]}},
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        definition = next(f for f in self.context["fields"] if f["id"] == attrs["field"])
        operator, value = attrs["operator"], attrs["value"]
        if operator == "empty":
            return {**attrs, "value": ""}
        if operator in ("lt", "gt") and definition["type"] not in ORDERED:
            raise serializers.ValidationError(
                {"operator": "Use < and > with numbers, currency, dates or a materials total."}
            )
        if operator == "contains" and definition["type"] in (*ORDERED, "yes_no"):
            raise serializers.ValidationError({"operator": "Use contains with text or choices."})
        if not value:
            raise serializers.ValidationError({"value": "Enter the value to compare with."})
        try:
            comparable(definition, value)
        except ValueError as error:
            raise serializers.ValidationError({"value": str(error)}) from None
        return attrs


def comparable(definition: dict[str, Any], value: Any) -> Any:
    """A configured or submitted value in the form it is compared in; ValueError if it has none."""
    kind = definition["type"]
    if kind == "materials_table" and isinstance(value, list):
        return materials_total(value)
    if kind in NUMERIC:
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError("Enter a number.") from None
        if not number.is_finite():
            raise ValueError("Enter a number.")
        return number
    if kind == "date":
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            raise ValueError("Enter a date as YYYY-MM-DD.") from None
    if kind == "yes_no":
        if isinstance(value, bool):
            return value
        if str(value).lower() not in ("yes", "no", "true", "false"):
            raise ValueError("Enter yes or no.")
        return str(value).lower() in ("yes", "true")
    if kind == "choose" and isinstance(value, list):
        return [str(choice.get("name", "")).lower() for choice in value]
    return str(value).lower()


def holds(definition: dict[str, Any], operator: str, submitted: Any, expected: str) -> bool:
    if operator == "empty":
        return submitted in (None, "", [])
    if submitted in (None, "", []):
        return operator == "ne"
    left, right = comparable(definition, submitted), comparable(definition, expected)
    if isinstance(left, list):  # the names chosen
        if operator == "contains":
            return any(right in name for name in left)
        return (right in left) == (operator == "eq")
    if operator == "contains":
        return right in left
    return {
        "eq": left == right, "ne": left != right, "lt": left < right, "gt": left > right,
    }[operator]  # fmt: skip


def sentence(definition: dict[str, Any], config: dict[str, Any]) -> str:
    """The condition in words: "Total is more than 500"."""
    words = f"{definition['label']} {OPERATORS[config['operator']]} {config['value']}"
    return words.strip()


@register
class ConditionStep(StepType):
    key = "condition"
    label = "Condition"
    icon = "◇"
    description = "Go one way or another depending on a form field (=, ≠, <, >, contains, empty)."
    outcomes = ("true", "false")
    ConfigSerializer = ConditionConfig

    def summary(self, *, config: dict[str, Any], fields: list[dict[str, Any]]) -> str:
        definition = next(field for field in fields if field["id"] == config["field"])
        return f"If {sentence(definition, config)}"

    def execute(self, *, step_run: StepRun) -> Outcome | Wait:
        config = step_run.step.config
        submission = step_run.run.submission
        fields = submission.template_version.fields
        definition = next((field for field in fields if field["id"] == config["field"]), None)
        if definition is None:
            raise StepFailed(f"This form has no field {config['field']!r} to compare.")
        result = holds(
            definition, config["operator"], submission.data.get(config["field"]), config["value"]
        )
        return Outcome("true" if result else "false", {"condition": sentence(definition, config)})

    def record(self, *, step_run: StepRun, result: Outcome | Wait) -> None:
        assert isinstance(result, Outcome)
        timeline_event_record(
            submission=step_run.run.submission,
            kind="step_finished",
            message=f"Condition “{result.output['condition']}” is {result.name}",
            step_run=step_run,
        )
