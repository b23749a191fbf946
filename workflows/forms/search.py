"""What the submissions list's search box finds a submission by."""

from typing import Any

SEARCHED_TEXT_TYPES = frozenset({"text", "long_text", "dropdown"})


def submission_search_text(*, number: str, fields: list[dict], data: dict[str, Any]) -> str:
    """The number, the texts, the names chosen and the material lines of a submission, lower-cased
    so that a case-blind search can use a plain (trigram) index."""
    parts = [number]
    for field in fields:
        value = data.get(field["id"])
        if not value:
            continue
        if field["type"] in SEARCHED_TEXT_TYPES:
            parts.append(str(value))
        elif field["type"] == "choose":
            parts += [choice["name"] for choice in value]
        elif field["type"] == "materials_table":
            parts += [text for row in value for text in (row.get("name"), row.get("description"))]
    return "\n".join(part for part in parts if part).lower()


def search_term(query: str) -> str:
    """A search box's query in the form the search text is stored."""
    return query.strip().lower()
