from rest_framework import serializers

from workflows.engine.models import StepRun
from workflows.engine.services import RetrySettings
from workflows.engine.summary import RunSummarySerializer
from workflows.forms.serializers import PersonSerializer
from workflows.steps.registry import step_type_get


class StepRunSerializer(serializers.ModelSerializer[StepRun]):
    step_key = serializers.CharField(source="step.key")
    step_type = serializers.CharField(source="step.type")
    step_label = serializers.SerializerMethodField()
    actor = PersonSerializer(allow_null=True)

    class Meta:
        model = StepRun
        fields = (
            "id", "step_key", "step_type", "step_label", "status", "attempt", "outcome", "error",
            "actor", "started_at", "finished_at", "next_attempt_at",
        )  # fmt: skip
        read_only_fields = fields

    def get_step_label(self, step_run: StepRun) -> str:
        return step_type_get(step_run.step.type).label


class ApprovalSubmissionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    template = serializers.CharField(source="template_version.template.name")
    status = serializers.CharField()
    submitted_by = PersonSerializer()
    submitted_at = serializers.DateTimeField()


class StepActionSerializer(serializers.Serializer):
    """Something the signed-in person may do now to the run's waiting step."""

    name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    note = serializers.ChoiceField(
        choices=["none", "optional", "required"], help_text="Whether it takes a note."
    )
    style = serializers.ChoiceField(choices=["primary", "danger", "secondary"])  # type: ignore[assignment]
    step_run = serializers.IntegerField()


class ApprovalSerializer(serializers.Serializer):
    """A waiting step the signed-in person may act on now (an approval)."""

    step_run = serializers.IntegerField(source="pk")
    requested_at = serializers.DateTimeField(source="started_at")
    waiting_for = serializers.CharField(source="output.waiting_for", default="")
    submission = ApprovalSubmissionSerializer(source="run.submission")
    actions = StepActionSerializer(many=True, help_text="What the person may do to it now.")


class ApprovalListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = ApprovalSerializer(many=True)


class RetryInputSerializer(serializers.Serializer):
    settings = serializers.ChoiceField(
        choices=RetrySettings.CHOICES,
        required=False,
        default="",
        help_text="Which settings the step runs with; by default as the run overview says.",
    )


class RetryChoiceSerializer(serializers.Serializer):
    value = serializers.ChoiceField(choices=RetrySettings.CHOICES)
    label = serializers.CharField()  # type: ignore[assignment]


class RetryOfferSerializer(serializers.Serializer):
    """The failed step run an admin can retry, and with which settings."""

    step_run = serializers.IntegerField()
    choices = RetryChoiceSerializer(many=True)
    default = serializers.ChoiceField(choices=RetrySettings.CHOICES)


class SubmissionRunSerializer(serializers.Serializer):
    """A submission's latest run: where it stands, its steps, and what the viewer may do."""

    run = RunSummarySerializer(allow_null=True)
    steps = StepRunSerializer(many=True)
    actions = StepActionSerializer(many=True)
    retry = RetryOfferSerializer(allow_null=True)
    can_cancel = serializers.BooleanField(help_text="Whether the viewer may cancel the run.")


class ReportFilterSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="For the submissions list's `?report=`.")
    label = serializers.CharField()  # type: ignore[assignment]
