"""Step types of the definition tests, standing in the registry for the duration of a test, so
that the rules are checked against types whose settings and availability the tests choose."""

import pytest
from rest_framework import serializers

from workflows.steps import registry
from workflows.steps.base import Availability, StepAction, StepType


class Submit(StepType):
    key, label, icon, description = "submit", "Submit", "send", "The form is submitted."
    arrows_in_refused = "Nothing can lead back to Submit."


class ReviewSettings(serializers.Serializer):
    reviewer = serializers.CharField()

    def validate_reviewer(self, value: str) -> str:
        field_ids = {field["id"] for field in self.context["fields"]}
        if value not in field_ids:
            raise serializers.ValidationError("Choose a field of this form.")
        return value


class Review(StepType):
    key, label, icon, description = "review", "Review", "check", "Someone reviews the form."
    outcomes = ("approved", "rejected")
    ConfigSerializer = ReviewSettings
    actions = (StepAction("approve", "Approve"), StepAction("reject", "Reject"))


class Note(StepType):
    key, label, icon, description = "note", "Note", "note", "Adds a note."


class Check(StepType):
    key, label, icon, description = "check", "Check", "check", "Goes one way or another."
    outcomes = ("true", "false")


class PurchaseOrdersOnly(StepType):
    key, label, icon, description = "po_only", "PO only", "cart", "Only for purchase orders."

    def availability(self, *, company, template) -> Availability:
        if template.form_type.key != "po":
            return Availability(ok=False, reason="The form is not a purchase order.")
        return Availability(ok=True)


@pytest.fixture
def step_types(monkeypatch):
    types = {t.key: t() for t in (Submit, Review, Note, Check, PurchaseOrdersOnly)}
    monkeypatch.setattr(registry, "_step_types", types)
    return types
