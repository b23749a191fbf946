from rest_framework import serializers

from workflows.forms.serializers import PersonSerializer

MAX_STEPS = 1000


class StepTypeFilterSerializer(serializers.Serializer):
    template = serializers.IntegerField(
        min_value=1, required=False, help_text="The form whose workflow is drawn."
    )
    workflow = serializers.IntegerField(
        min_value=1, required=False, help_text="Or the workflow itself (one of the two)."
    )

    def validate(self, attrs: dict[str, int]) -> dict[str, int]:
        if len(attrs) != 1:
            raise serializers.ValidationError("Name either a template or a workflow.")
        return attrs


class StepTypeSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    icon = serializers.CharField()
    description = serializers.CharField()
    outcomes = serializers.ListField(child=serializers.CharField())
    available = serializers.BooleanField()
    reason = serializers.CharField(help_text="Why the type cannot be used here; empty if it can.")


class WorkflowStepSerializer(serializers.Serializer):
    key = serializers.RegexField(r"^[A-Za-z0-9_-]+$", max_length=40)
    type = serializers.CharField(max_length=40)
    config = serializers.DictField(required=False, default=dict)
    x = serializers.FloatField(min_value=-1e6, max_value=1e6)
    y = serializers.FloatField(min_value=-1e6, max_value=1e6)


class WorkflowTransitionSerializer(serializers.Serializer):
    source = serializers.CharField(max_length=40)  # type: ignore[assignment]
    outcome = serializers.CharField(max_length=40)
    target = serializers.CharField(max_length=40)


class WorkflowDraftInputSerializer(serializers.Serializer):
    revision = serializers.IntegerField(
        min_value=0, help_text="The revision this drawing was based on, from the last load or save."
    )
    steps = WorkflowStepSerializer(many=True, max_length=MAX_STEPS)  # type: ignore[call-arg]
    transitions = WorkflowTransitionSerializer(many=True, max_length=3 * MAX_STEPS)  # type: ignore[call-arg]


class WorkflowRevisionInputSerializer(serializers.Serializer):
    revision = serializers.IntegerField(min_value=0)


class OpenWorkflowInputSerializer(serializers.Serializer):
    template = serializers.IntegerField(min_value=1)


class WorkflowProblemSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    step = serializers.CharField(allow_null=True, help_text="The key of the step to fix.")
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="The step's settings with their errors.",
    )


class WorkflowTemplateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    form_type = serializers.CharField(source="form_type.name")


class WorkflowDetailSerializer(serializers.Serializer):
    """The drawing the editor opens: the draft, or the latest published version if none."""

    id = serializers.IntegerField()
    template = WorkflowTemplateSerializer()
    revision = serializers.IntegerField(help_text="Name it when saving or publishing.")
    state = serializers.CharField(help_text="draft, or published when nothing changed since.")
    steps = WorkflowStepSerializer(many=True)
    transitions = WorkflowTransitionSerializer(many=True)
    problems = WorkflowProblemSerializer(many=True)
    updated_by = PersonSerializer(allow_null=True)
    updated_at = serializers.DateTimeField()
    published_number = serializers.IntegerField(
        allow_null=True, help_text="The newest published version's number."
    )


class WorkflowVersionSummarySerializer(serializers.Serializer):
    number = serializers.IntegerField()
    published_by = PersonSerializer(allow_null=True)
    published_at = serializers.DateTimeField()


class WorkflowVersionDetailSerializer(WorkflowVersionSummarySerializer):
    steps = WorkflowStepSerializer(many=True)
    transitions = WorkflowTransitionSerializer(many=True)


class WorkflowDraftStateSerializer(serializers.Serializer):
    revision = serializers.IntegerField()
    updated_by = PersonSerializer(allow_null=True)
    updated_at = serializers.DateTimeField()


class WorkflowOverviewSerializer(serializers.Serializer):
    """A form and where its workflow stands."""

    template = WorkflowTemplateSerializer()
    workflow_id = serializers.IntegerField(allow_null=True)
    published = WorkflowVersionSummarySerializer(allow_null=True)
    draft = WorkflowDraftStateSerializer(allow_null=True, help_text="Unpublished changes, if any.")
    step_count = serializers.IntegerField(help_text="Steps in the published version.")
