from rest_framework import serializers

from workflows.forms.serializers import PersonSerializer
from workflows.timeline.models import TimelineEvent


class TimelineEventSerializer(serializers.ModelSerializer[TimelineEvent]):
    actor = PersonSerializer(allow_null=True)

    class Meta:
        model = TimelineEvent
        fields = ("id", "at", "kind", "actor", "message", "data")
        read_only_fields = fields
