"""How steps read a submission's values."""

from decimal import Decimal
from typing import Any


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
