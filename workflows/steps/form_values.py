"""How steps read a form: its fields (for settings that name one) and a submission's values."""

from decimal import Decimal
from typing import Any

from rest_framework import serializers


def field_named(fields: list[dict[str, Any]], field_id: str, *, types: tuple[str, ...]) -> dict:
    """The form's field with this id and one of these types, or a field error saying what fits."""
    for definition in fields:
        if definition.get("id") == field_id:
            if definition.get("type") not in types:
                raise serializers.ValidationError("This field cannot be used here.")
            return definition
    raise serializers.ValidationError("The form has no such field.")


def materials_total(rows: list[dict[str, Any]]) -> Decimal:
    return sum((Decimal(str(row.get("amount", "0"))) for row in rows), Decimal("0"))


def value_text(definition: dict[str, Any], value: Any) -> str:
    """A submitted value as a person reads it (names of chosen entries, a table's total)."""
    if value is None:
        return ""
    if definition["type"] == "choose":
        return ", ".join(str(choice.get("name", "")) for choice in value)
    if definition["type"] == "materials_table":
        return str(materials_total(value))
    if definition["type"] == "yes_no":
        return "Yes" if value else "No"
    return str(value)
