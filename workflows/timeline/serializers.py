from rest_framework import serializers

from workflows.forms.serializers import PersonSerializer
from workflows.timeline.models import TimelineEvent


class TimelineEventSerializer(serializers.ModelSerializer[TimelineEvent]):
    """An event with how to show it (`kind_label`, `tone`, `icon`), decided by the server."""

    actor = PersonSerializer(allow_null=True)
    kind = serializers.CharField(help_text="A registered kind; step types and apps add their own.")
    kind_label = serializers.CharField(source="look.label")
    tone = serializers.ChoiceField(
        source="look.tone", choices=["neutral", "info", "success", "warning", "danger"]
    )
    icon = serializers.CharField(source="look.icon")
    step_run = serializers.IntegerField(source="step_run_id", allow_null=True)

    class Meta:
        model = TimelineEvent
        fields = (
            "id", "at", "kind", "kind_label", "tone", "icon", "actor", "message", "data",
            "step_run",
        )  # fmt: skip
        read_only_fields = fields
