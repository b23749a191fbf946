"""What a revision changed in a form, field by field and, in a materials table, line by line,
worded for the timeline."""

from typing import Any

EMPTY = "(empty)"
LINE_COLUMNS = (("quantity", "quantity"), ("unit_cost", "unit cost"), ("unit", "unit"))
LINE_TEXT_COLUMNS = (("description", "description"),)


def _shown(field: dict[str, Any], value: Any) -> str:
    if value in (None, "", []):
        return EMPTY
    if field["type"] == "yes_no":
        return "Yes" if value else "No"
    if field["type"] == "choose":
        return ", ".join(choice.get("name", "") for choice in value)
    return str(value)


def _line_key(row: dict[str, Any]) -> str:
    return f"material:{row['material_id']}" if row.get("material_id") else f"name:{row['name']}"


def _line_changes(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[dict]:
    """Lines added, removed and changed; a line is the same line when it has the same material
    (or typed-in name), the first of the old ones paired with the first of the new ones."""
    unmatched: dict[str, list[dict[str, Any]]] = {}
    for row in before:
        unmatched.setdefault(_line_key(row), []).append(row)
    changes: list[dict[str, Any]] = []
    for row in after:
        olds = unmatched.get(_line_key(row))
        if not olds:
            changes.append({"change": "added", "name": row["name"], "after": _line_text(row)})
            continue
        old = olds.pop(0)
        columns = [
            {"column": label, "before": old.get(key) or EMPTY, "after": row.get(key) or EMPTY}
            for key, label in (*LINE_COLUMNS, *LINE_TEXT_COLUMNS)
            if (old.get(key) or "") != (row.get(key) or "")
        ]
        if columns:
            changes.append({"change": "changed", "name": row["name"], "columns": columns})
    for olds in unmatched.values():
        for old in olds:
            changes.append({"change": "removed", "name": old["name"], "before": _line_text(old)})
    return changes


def _line_text(row: dict[str, Any]) -> str:
    unit = f" {row['unit']}" if row.get("unit") else ""
    return f"{row['quantity']}{unit} at {row['unit_cost']}"


def submission_changes(
    *, fields: list[dict[str, Any]], before: dict[str, Any], after: dict[str, Any]
) -> list[dict[str, Any]]:
    """Each field whose value differs, in the form's order: `{"field", "label", "before",
    "after"}`, or for a materials table `{"field", "label", "lines": [...]}` with each line
    added, removed or changed (with its columns before and after)."""
    changes = []
    for field in fields:
        old, new = before.get(field["id"]), after.get(field["id"])
        if old == new:
            continue
        change: dict[str, Any] = {"field": field["id"], "label": field["label"]}
        if field["type"] == "materials_table":
            lines = _line_changes(old or [], new or [])
            if not lines:
                continue  # rows only reordered
            change["lines"] = lines
        else:
            change["before"], change["after"] = _shown(field, old), _shown(field, new)
        changes.append(change)
    return changes


def changes_in_words(changes: list[dict[str, Any]]) -> str:
    """The changes as one sentence for a timeline entry."""
    parts = []
    for change in changes:
        if "lines" not in change:
            parts.append(f"{change['label']} {change['before']} → {change['after']}")
            continue
        for line in change["lines"]:
            if line["change"] == "added":
                parts.append(f"{change['label']}: {line['name']} added ({line['after']})")
            elif line["change"] == "removed":
                parts.append(f"{change['label']}: {line['name']} removed")
            else:
                columns = ", ".join(
                    f"{column['column']} {column['before']} → {column['after']}"
                    for column in line["columns"]
                )
                parts.append(f"{change['label']}: {line['name']} {columns}")
    return "; ".join(parts)
