from typing import Any

from rest_framework import serializers

from workflows.forms.fields import FIELD_TYPES
from workflows.forms.models import (
    FormSubmission,
    FormTemplate,
    FormTemplateVersion,
    FormType,
)


class FormTypeSerializer(serializers.ModelSerializer[FormType]):
    class Meta:
        model = FormType
        fields = ("id", "key", "name", "is_system", "number_prefix", "next_number")
        read_only_fields = fields


class FormTypeInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    number_prefix = serializers.CharField(max_length=20, allow_blank=True, required=False)
    next_number = serializers.IntegerField(min_value=1, max_value=2_000_000_000, required=False)


class FormTemplateVersionSerializer(serializers.ModelSerializer[FormTemplateVersion]):
    class Meta:
        model = FormTemplateVersion
        fields = ("id", "number", "sections", "created_at")
        read_only_fields = fields


class FormTemplateSerializer(serializers.ModelSerializer[FormTemplate]):
    form_type = FormTypeSerializer(read_only=True)
    version = serializers.SerializerMethodField()

    class Meta:
        model = FormTemplate
        fields = ("id", "name", "form_type", "active", "updated_at", "version")
        read_only_fields = fields

    def get_version(self, template: FormTemplate) -> dict:
        version = max(template.versions.all(), key=lambda version: version.number)
        return FormTemplateVersionSerializer(version).data


class FormTemplateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    form_type = serializers.IntegerField()
    sections = serializers.JSONField()


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


class SubmissionListSerializer(serializers.ModelSerializer[FormSubmission]):
    template = serializers.SerializerMethodField()
    form_type = serializers.CharField(source="template_version.template.form_type.name")
    submitted_by = PersonSerializer()

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
        )
        read_only_fields = fields

    def get_template(self, submission: FormSubmission) -> dict:
        template = submission.template_version.template
        return {
            "id": template.pk,
            "name": template.name,
            "version": submission.template_version.number,
        }


class SubmissionDetailSerializer(SubmissionListSerializer):
    sections = serializers.JSONField(source="template_version.sections")

    class Meta(SubmissionListSerializer.Meta):
        fields = (*SubmissionListSerializer.Meta.fields, "data", "sections")
        read_only_fields = fields


class SubmissionInputSerializer(serializers.Serializer):
    template = serializers.IntegerField()
    data = serializers.JSONField()  # type: ignore[assignment]
