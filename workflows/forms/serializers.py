from functools import cached_property
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ontraccr_clone.api import ActiveFilterField, IdField, SearchFilterField
from workflows.engine.summary import RunSummarySerializer, run_summary
from workflows.forms.fields import FIELD_TYPES, ChooseField
from workflows.forms.models import (
    FormSubmission,
    FormTemplate,
    FormTemplateVersion,
    FormType,
)
from workflows.steps.registry import step_type_get


class FormTypeSerializer(serializers.ModelSerializer[FormType]):
    class Meta:
        model = FormType
        fields = ("id", "key", "name", "is_system", "number_prefix", "next_number")
        read_only_fields = fields


class FormTypeInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    number_prefix = serializers.CharField(max_length=20, allow_blank=True, required=False)
    next_number = serializers.IntegerField(min_value=1, max_value=2_000_000_000, required=False)


class FormTypeValidateSerializer(FormTypeInputSerializer):
    id = IdField(required=False, help_text="The form type being changed; none for a new one.")


NUMBER_SETTING = {
    "oneOf": [{"type": "number"}, {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}],
    "nullable": True,
    "description": "number and currency fields: the smallest or largest value allowed.",
}


@extend_schema_field(NUMBER_SETTING)
class NumberSettingField(serializers.JSONField):
    pass


class FieldDefinitionSerializer(serializers.Serializer):
    """One field of a template; the settings after `required` belong to the types they name."""

    id = serializers.RegexField(r"^[a-z][a-z0-9_]{0,49}$")
    type = serializers.ChoiceField(choices=list(FIELD_TYPES))
    label = serializers.CharField(max_length=200)  # type: ignore[assignment]
    help_text = serializers.CharField(max_length=500, allow_blank=True, required=False)  # type: ignore[assignment]
    required = serializers.BooleanField(required=False)  # type: ignore[assignment]
    max_length = serializers.IntegerField(
        min_value=1, max_value=20000, required=False, help_text="text and long_text fields."
    )
    min = NumberSettingField(required=False)
    max = NumberSettingField(required=False)
    options = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, help_text="dropdown fields."
    )
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=ChooseField.SOURCES, required=False, help_text="choose fields."
    )
    multiple = serializers.BooleanField(required=False, help_text="choose fields.")
    allow_free_text = serializers.BooleanField(required=False, help_text="materials_table fields.")


class SectionSerializer(serializers.Serializer):
    id = serializers.RegexField(r"^[a-z][a-z0-9_]{0,49}$")
    title = serializers.CharField(max_length=200, allow_blank=True, required=False)
    fields = FieldDefinitionSerializer(many=True)  # type: ignore[assignment]


@extend_schema_field(SectionSerializer(many=True))
class SectionsField(serializers.JSONField):
    """A template's sections, checked field by field by the form service."""


CHOICE = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
    "required": ["id", "name"],
}
MATERIAL_ROW = {
    "type": "object",
    "properties": {
        "material_id": {"type": "integer", "nullable": True},
        "name": {"type": "string"},
        "description": {"type": "string"},
        "quantity": {"type": "string"},
        "unit": {"type": "string"},
        "unit_cost": {"type": "string"},
        "amount": {"type": "string", "description": "quantity x unit cost, to the cent."},
    },
    "required": ["material_id", "name", "description", "quantity", "unit", "unit_cost", "amount"],
}
NUMBER_INPUT = {"oneOf": [{"type": "number"}, {"type": "string"}]}
MATERIAL_ROW_INPUT = {
    "type": "object",
    "properties": {
        "material_id": {"type": "integer", "nullable": True},
        "name": {"type": "string", "description": "A free-text material, when the table allows."},
        "description": {"type": "string"},
        "quantity": NUMBER_INPUT,
        "unit": {"type": "string"},
        "unit_cost": NUMBER_INPUT,
    },
}


SUBMISSION_DATA_INPUT = {
    "type": "object",
    "description": "Each field's value by field id: text, a number, a date (YYYY-MM-DD), "
    "yes/no, the ids chosen, or the rows of a materials table.",
    "additionalProperties": {
        "nullable": True,
        "anyOf": [
            {"type": "string"},
            {"type": "number"},
            {"type": "boolean"},
            {"type": "array", "items": {"type": "integer"}},
            {"type": "array", "items": MATERIAL_ROW_INPUT},
        ],
    },
}


@extend_schema_field(SUBMISSION_DATA_INPUT)
class SubmissionDataInputField(serializers.JSONField):
    """The values submitted, checked against the template version's fields by the form service."""


@extend_schema_field(
    {
        "type": "object",
        "description": "Each filled field's value by field id: text (numbers and dates as text), "
        "yes/no, the vendors, users or materials chosen, or the rows of a materials table.",
        "additionalProperties": {
            "anyOf": [
                {"type": "string"},
                {"type": "boolean"},
                {"type": "array", "items": CHOICE},
                {"type": "array", "items": MATERIAL_ROW},
            ],
        },
    }
)
class SubmissionDataField(serializers.JSONField):
    pass


class FormTemplateVersionSerializer(serializers.ModelSerializer[FormTemplateVersion]):
    class Meta:
        model = FormTemplateVersion
        fields = ("id", "number", "sections", "created_at")
        read_only_fields = fields

    sections = SectionsField(read_only=True)


class FormTemplateSerializer(serializers.ModelSerializer[FormTemplate]):
    form_type = FormTypeSerializer(read_only=True)
    version = serializers.SerializerMethodField()

    class Meta:
        model = FormTemplate
        fields = ("id", "name", "form_type", "active", "updated_at", "version")
        read_only_fields = fields

    @extend_schema_field(FormTemplateVersionSerializer)
    def get_version(self, template: FormTemplate) -> dict:
        version = max(template.versions.all(), key=lambda version: version.number)
        return FormTemplateVersionSerializer(version).data


class FormTemplateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    form_type = IdField()
    sections = SectionsField()


class FormTemplateValidateSerializer(FormTemplateInputSerializer):
    id = IdField(required=False, help_text="The template being changed; none for a new one.")


class FormTemplateFilterSerializer(serializers.Serializer):
    active = ActiveFilterField()


class FieldTypeSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    settings = serializers.DictField(help_text="The type's own settings and their defaults.")


def field_type_catalog() -> list[dict[str, Any]]:
    return [
        {"key": field_type.key, "label": field_type.label, "settings": field_type.settings}
        for field_type in FIELD_TYPES.values()
    ]


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()


class SubmissionTemplateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    version = serializers.IntegerField()


def _report_title(step_type: str) -> str:
    """The title of what a step type reports; its key when the type is no longer installed."""
    try:
        return step_type_get(step_type).report_title
    except KeyError:
        return step_type


class SubmissionReportSerializer(serializers.Serializer):
    """What a step of its workflow reports to lists (where its sync to an outside system stands)."""

    step_type = serializers.CharField()
    title = serializers.CharField(help_text="What reports, in words (the step type's title).")
    state = serializers.ChoiceField(choices=["pending", "waiting", "done", "failed"])
    label = serializers.CharField(help_text="The state in words.")  # type: ignore[assignment]
    detail = serializers.DictField(
        help_text="A reference and a URL when done, the error when failed, the reason when waiting."
    )


class SubmissionListSerializer(serializers.ModelSerializer[FormSubmission]):
    template = serializers.SerializerMethodField()
    form_type = serializers.CharField(source="template_version.template.form_type.name")
    submitted_by = PersonSerializer()
    run = serializers.SerializerMethodField(help_text="Where its workflow run stands, if any.")
    reports = serializers.SerializerMethodField(
        help_text="What the steps of its workflow report (a sync state), one per step type."
    )

    class Meta:
        model = FormSubmission
        fields: tuple[str, ...] = (
            "id",
            "number",
            "template",
            "form_type",
            "status",
            "submitted_by",
            "submitted_at",
            "run",
            "reports",
        )
        read_only_fields = fields

    @extend_schema_field(SubmissionTemplateSerializer)
    def get_template(self, submission: FormSubmission) -> dict:
        template = submission.template_version.template
        return {
            "id": template.pk,
            "name": template.name,
            "version": submission.template_version.number,
        }

    @cached_property
    def _run_summary_serializer(self) -> RunSummarySerializer:
        # One for the whole list: building a serializer copies its fields, once per row otherwise.
        return RunSummarySerializer()

    @extend_schema_field(RunSummarySerializer(allow_null=True))
    def get_run(self, submission: FormSubmission) -> dict | None:
        summary = run_summary(submission=submission)
        return self._run_summary_serializer.to_representation(summary) if summary else None

    @extend_schema_field(SubmissionReportSerializer(many=True))
    def get_reports(self, submission: FormSubmission) -> list[dict]:
        return [
            {
                "step_type": report.step_type,
                "title": _report_title(report.step_type),
                "state": report.state,
                "label": report.label,
                "detail": report.detail,
            }
            for report in sorted(submission.step_reports.all(), key=lambda each: each.step_type)
        ]


class ReviseRightSerializer(serializers.Serializer):
    allowed = serializers.BooleanField()
    reason = serializers.CharField(help_text="Why not, in words; empty when allowed.")


class SubmissionDetailSerializer(SubmissionListSerializer):
    """A form with its values; `revise` says whether the person asking may revise it now
    (given as the context's `revise_refusal`, the service's words)."""

    sections = SectionsField(source="template_version.sections", read_only=True)
    data = SubmissionDataField(read_only=True)  # type: ignore[assignment]
    revisions = serializers.IntegerField(
        source="revisions.count", read_only=True, help_text="How many times it was revised."
    )
    revise = serializers.SerializerMethodField()

    class Meta(SubmissionListSerializer.Meta):
        fields = (*SubmissionListSerializer.Meta.fields, "data", "sections", "revisions", "revise")
        read_only_fields = fields

    @extend_schema_field(ReviseRightSerializer)
    def get_revise(self, submission: FormSubmission) -> dict:
        refusal = self.context.get("revise_refusal")
        if refusal is None:
            return {"allowed": False, "reason": ""}
        return {"allowed": not refusal, "reason": refusal}


class SubmissionReviseInputSerializer(serializers.Serializer):
    # Not required here: the form service says who may revise before it checks the values.
    data = SubmissionDataInputField(required=False, default=dict)  # type: ignore[assignment]


class IdempotencyKeyField(serializers.RegexField):
    """The Idempotency-Key header of a submit request: a token, not free text."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            r"\A[A-Za-z0-9_.:-]+\Z",
            max_length=255,
            error_messages={
                "blank": "The Idempotency-Key header is empty: send a new key (a UUID, say) "
                "for each new form, or no header.",
                "max_length": "The Idempotency-Key header is longer than {max_length} characters.",
                "invalid": "The Idempotency-Key header may hold only letters, digits, "
                "'-', '_', '.' and ':'.",
            },
            **kwargs,
        )


class SubmissionInputSerializer(serializers.Serializer):
    template = IdField()
    data = SubmissionDataInputField()  # type: ignore[assignment]


class SubmissionFilterSerializer(serializers.Serializer):
    template = IdField(required=False, source="template_id")
    status = serializers.CharField(max_length=100, allow_blank=True, required=False, default="")
    submitted_by = IdField(required=False, source="submitted_by_id")
    search = SearchFilterField(help_text="Part of the number, the vendor, a text or a material.")
    report = serializers.RegexField(
        r"^[a-z0-9_]+:(pending|waiting|done|failed)$",
        required=False,
        allow_blank=True,
        default="",
        help_text="Only the forms whose step of this type reports this state: `<type>:<state>`.",
    )

    def validate_report(self, value: str) -> tuple[str, str] | None:
        return tuple(value.split(":", 1)) if value else None  # type: ignore[return-value]
