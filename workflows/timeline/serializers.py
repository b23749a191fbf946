from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ontraccr_clone.accounts.models import User
from workflows.forms.serializers import PersonSerializer
from workflows.timeline.models import TimelineEvent
from workflows.timeline.selectors import timeline_event_advice, timeline_event_error


class AdviceLinkSerializer(serializers.Serializer):
    text = serializers.CharField()
    to = serializers.CharField(help_text="A path of this app.")


class AdviceSerializer(serializers.Serializer):
    text = serializers.CharField()
    link = AdviceLinkSerializer(allow_null=True)


class TimelineEventSerializer(serializers.ModelSerializer[TimelineEvent]):
    """An event with how to show it (`kind_label`, `tone`, `icon`), decided by the server, and
    worded for the person reading it (context `viewer`): `advice` says what they can do or can
    expect while the entry is current, `error` is a failure's error for those who can fix it."""

    actor = PersonSerializer(allow_null=True)
    kind = serializers.CharField(help_text="A registered kind; step types and apps add their own.")
    kind_label = serializers.CharField(source="look.label")
    tone = serializers.ChoiceField(
        source="look.tone", choices=["neutral", "info", "success", "warning", "danger"]
    )
    icon = serializers.CharField(source="look.icon")
    step_run = serializers.IntegerField(source="step_run_id", allow_null=True)
    advice = serializers.SerializerMethodField()
    error = serializers.SerializerMethodField(help_text="Empty when none, or not for this reader.")

    class Meta:
        model = TimelineEvent
        fields = (
            "id", "at", "kind", "kind_label", "tone", "icon", "actor", "message", "data",
            "step_run", "advice", "error",
        )  # fmt: skip
        read_only_fields = fields

    @property
    def viewer(self) -> User:
        return self.context["viewer"]

    @extend_schema_field(AdviceSerializer(allow_null=True))
    def get_advice(self, event: TimelineEvent) -> dict[str, Any] | None:
        advice = timeline_event_advice(event=event, viewer=self.viewer)
        if advice is None:
            return None
        link = {"text": advice.link[0], "to": advice.link[1]} if advice.link else None
        return {"text": advice.text, "link": link}

    def get_error(self, event: TimelineEvent) -> str:
        return timeline_event_error(event=event, viewer=self.viewer)
