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


SETTING_KINDS = ["text", "long_text", "number", "boolean", "choice", "form_field", "email_list",
                 "id_list", "widget"]  # fmt: skip


class SettingChoiceSerializer(serializers.Serializer):
    value = serializers.JSONField()
    label = serializers.CharField()  # type: ignore[assignment]


class ShownWhenSerializer(serializers.Serializer):
    setting = serializers.CharField()
    values = serializers.ListField(child=serializers.JSONField())


class SettingSchemaSerializer(serializers.Serializer):
    """One setting of a step type, as the editor draws it."""

    name = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=SETTING_KINDS,
        help_text="The kind of value; `widget`, when set, names the editor's widget to draw it.",
    )
    label = serializers.CharField()  # type: ignore[assignment]
    help = serializers.CharField(allow_blank=True)
    required = serializers.BooleanField()  # type: ignore[assignment]
    default = serializers.JSONField(allow_null=True)  # type: ignore[assignment]
    choices = SettingChoiceSerializer(many=True)
    fits = serializers.ListField(
        child=serializers.CharField(),
        help_text="form_field: the ids of the form's fields that fit, in the form's order.",
    )
    suggestions = serializers.ListField(
        child=serializers.CharField(), help_text="text: values to offer; others may be typed."
    )
    placeholder = serializers.CharField(allow_blank=True, help_text="The words of no choice.")
    widget = serializers.CharField(allow_blank=True)
    shown_when = ShownWhenSerializer(
        allow_null=True, help_text="Shown only while another setting has one of these values."
    )


class StepTypeActionSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    note = serializers.ChoiceField(choices=["none", "optional", "required"])
    style = serializers.ChoiceField(choices=["primary", "danger", "secondary"])  # type: ignore[assignment]


class ArrowRulesSerializer(serializers.Serializer):
    into = serializers.CharField(
        allow_blank=True,
        help_text="Why no arrow may lead into a step of this type; empty: any may.",
    )
    to_itself = serializers.CharField(
        allow_blank=True, help_text="Why a step of this type may not lead to itself."
    )


class StepTypeSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    icon = serializers.CharField()
    description = serializers.CharField()
    outcomes = serializers.ListField(
        child=serializers.CharField(), help_text="One arrow may leave a step by each."
    )
    available = serializers.BooleanField()
    reason = serializers.CharField(help_text="Why the type cannot be used here; empty if it can.")
    settings = SettingSchemaSerializer(many=True)
    settings_panels = serializers.ListField(
        child=serializers.CharField(),
        help_text="Panels the editor shows below the settings, by the name it registers them.",
    )
    arrows = ArrowRulesSerializer()
    actions = StepTypeActionSerializer(
        many=True, help_text="What people can do to a step of this type while it waits."
    )
    report_title = serializers.CharField(
        allow_blank=True, help_text="The title of what the type reports to lists; empty: nothing."
    )


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
    summaries = serializers.DictField(
        child=serializers.CharField(),
        help_text="By step key: one line saying what each step with valid settings does.",
    )
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
