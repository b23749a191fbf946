from rest_framework import serializers

from workflows.engine.models import StepRun
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


class ApprovalSerializer(serializers.Serializer):
    """An approval waiting for the signed-in person."""

    step_run = serializers.IntegerField(source="pk")
    requested_at = serializers.DateTimeField(source="started_at")
    waiting_for = serializers.CharField(source="output.waiting_for", default="")
    submission = ApprovalSubmissionSerializer(source="run.submission")


class ApprovalListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = ApprovalSerializer(many=True)


class DecisionInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class PendingApprovalSerializer(serializers.Serializer):
    step_run = serializers.IntegerField()
    waiting_for = serializers.CharField()
    can_decide = serializers.BooleanField(help_text="Whether the signed-in person is an approver.")


class SubmissionRunSerializer(serializers.Serializer):
    """A submission's latest run: where it stands, its steps, and what the viewer may do."""

    run = RunSummarySerializer(allow_null=True)
    steps = StepRunSerializer(many=True)
    approval = PendingApprovalSerializer(allow_null=True)
    retry_step_run = serializers.IntegerField(
        allow_null=True, help_text="The failed step run an admin can retry, if any."
    )
