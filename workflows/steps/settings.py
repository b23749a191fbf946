"""The kinds of setting a step type's settings serializer is made of, and the schema the editor
draws a step's settings from (n8n's node `properties`): each setting's kind, label, help, whether
it is required, its default, its choices, the form fields that fit it, and when it is shown.

A serializer's context is `{"company", "template", "fields"}` (see `StepType`): settings that name
form fields or people are checked against the form and the company, and the schema lists the form
fields that fit each setting of the form being drawn. UI hints go in a field's `style`:
`shown_when={"setting": name, "values": [...]}`, `placeholder` (the words of the empty choice),
`suggestions` (values offered for free text), `input="textarea"`, and `widget` (the name of a
widget the editor registers, for a setting no schema can describe).
"""

from collections.abc import Callable
from typing import Any

from rest_framework import serializers

from ontraccr_clone.accounts.models import User

FieldDefinition = dict[str, Any]


class TextSetting(serializers.CharField):
    """Text, and only text: a number where words belong is a mistake to show, not to convert."""

    default_error_messages = {"invalid": "Enter text."}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class FormFieldSetting(TextSetting):
    """The id of one of the form's fields that fits (`fits` says which do); blank when optional
    and unset. `unfit` tells the person what would fit."""

    def __init__(self, *, fits: Callable[[FieldDefinition], bool], unfit: str, **kwargs: Any):
        kwargs.setdefault("max_length", 50)
        if not kwargs.get("required", True):
            kwargs.setdefault("allow_blank", True)
            kwargs.setdefault("default", "")
        super().__init__(**kwargs)
        self.fits = fits
        self.unfit = unfit

    def fitting(self, fields: list[FieldDefinition]) -> list[FieldDefinition]:
        return [definition for definition in fields if self.fits(definition)]

    def to_internal_value(self, data: Any) -> str:
        field_id = super().to_internal_value(data)
        if not field_id:
            return field_id
        definition = next((f for f in self.context["fields"] if f.get("id") == field_id), None)
        if definition is None:
            raise serializers.ValidationError(f"The form has no field {field_id!r}.")
        if not self.fits(definition):
            raise serializers.ValidationError(self.unfit)
        return field_id


class PeopleSetting(serializers.ListField):
    """Active people of the company, by id; drawn by the editor's "people" widget."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("style", {})["widget"] = "people"
        super().__init__(child=serializers.IntegerField(min_value=1), **kwargs)

    def to_internal_value(self, data: Any) -> list[int]:
        ids = super().to_internal_value(data)
        found = User.objects.filter(company=self.context["company"], is_active=True, pk__in=ids)
        if found.count() != len(set(ids)):
            raise serializers.ValidationError("Choose active people of your company.")
        return list(dict.fromkeys(ids))


def picks_people(definition: FieldDefinition) -> bool:
    return definition.get("type") == "choose" and definition.get("source") == "users"


def _kind(field: serializers.Field) -> str:
    if isinstance(field, FormFieldSetting):
        return "form_field"
    if isinstance(field, PeopleSetting):
        return "id_list"
    if isinstance(field, serializers.ListField) and isinstance(field.child, serializers.EmailField):
        return "email_list"
    if isinstance(field, serializers.BooleanField):
        return "boolean"
    if isinstance(field, serializers.ChoiceField):
        return "choice"
    if isinstance(field, serializers.IntegerField | serializers.FloatField):
        return "number"
    if isinstance(field, serializers.CharField):
        return "long_text" if field.style.get("input") == "textarea" else "text"
    if field.style.get("widget"):
        return "widget"
    raise TypeError(
        f"{type(field).__name__} cannot be drawn from a schema: give it a `widget` style."
    )


def _default(field: serializers.Field) -> Any:
    if field.default is serializers.empty:
        return None
    return field.default() if callable(field.default) else field.default


def setting_schema(field: serializers.Field, *, fields: list[FieldDefinition]) -> dict[str, Any]:
    """How the editor draws one bound setting for a form with these fields."""
    choices = getattr(field, "choices", None) or {}
    return {
        "name": field.field_name,
        "kind": _kind(field),
        "label": str(field.label or ""),
        "help": str(field.help_text or ""),
        "required": field.required,
        "default": _default(field),
        "choices": [{"value": value, "label": str(label)} for value, label in choices.items()],
        "fits": (
            [definition["id"] for definition in field.fitting(fields)]
            if isinstance(field, FormFieldSetting)
            else []
        ),
        "suggestions": list(field.style.get("suggestions", [])),
        "placeholder": field.style.get("placeholder", ""),
        "widget": field.style.get("widget", ""),
        "shown_when": field.style.get("shown_when"),
    }


def settings_schema(
    serializer_class: type[serializers.Serializer], *, context: dict[str, Any]
) -> list[dict[str, Any]]:
    """Every setting of a step type, in the serializer's order."""
    serializer = serializer_class(context=context)
    return [
        setting_schema(field, fields=context["fields"])
        for field in serializer.fields.values()
        if not field.read_only
    ]
