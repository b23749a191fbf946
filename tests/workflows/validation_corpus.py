"""One corpus of good and bad values for every field type, with the message the server gives each.

The server's checks are run on it by tests/workflows/test_validation_api.py; the browser test
tests/e2e/test_validation_agreement.py types the entries marked `typed` into the real form and
finds the server's message for each at its input.
"""

from dataclasses import dataclass
from typing import Any

LONE_SURROGATE = "\ud800"
NUL = "\x00"
UNSTORABLE = "Text cannot contain NUL characters or unpaired surrogates."

# A form with a field of every type; only the vendor is required.
SECTIONS = [
    {
        "id": "every_type",
        "title": "Every type",
        "fields": [
            {"id": "title", "type": "text", "label": "Title", "max_length": 10},
            {"id": "memo", "type": "long_text", "label": "Memo", "max_length": 50},
            {"id": "count", "type": "number", "label": "Count", "min": 1, "max": 10},
            {"id": "price", "type": "currency", "label": "Price"},
            {"id": "due_date", "type": "date", "label": "Due date"},
            {"id": "urgent", "type": "yes_no", "label": "Urgent"},
            {"id": "priority", "type": "dropdown", "label": "Priority", "options": ["Low", "High"]},
            {"id": "vendor", "type": "choose", "label": "Vendor", "source": "vendors",
             "required": True},
            {"id": "crew", "type": "choose", "label": "Crew", "source": "users", "multiple": True},
            {"id": "materials", "type": "materials_table", "label": "Materials"},
        ],
    }
]  # fmt: skip


@dataclass(frozen=True)
class Entry:
    """`value` sent at `path` (a field, or a cell of the first materials line); `message` is what
    the server says, None when the value is good. `typed` entries are typed as they are into the
    form; a date is typed as the browser shows it (`typed_as`)."""

    path: tuple[str | int, ...]
    value: Any
    message: str | None
    typed: bool = False
    typed_as: str | None = None


def line(**cells: Any) -> list[dict[str, Any]]:
    return [{"name": "Rebar chairs", "quantity": "1", "unit_cost": "1", **cells}]


CORPUS = [
    # text and long text: limits, and what cannot be stored
    Entry(("title",), "Short", None, typed=True),
    Entry(("title",), "Much too long", "Use at most 10 characters.", typed=True),
    Entry(("memo",), "m" * 50, None, typed=True),
    Entry(("memo",), "m" * 51, "Use at most 50 characters.", typed=True),
    Entry(("memo",), f"a{NUL}b", UNSTORABLE),
    Entry(("memo",), f"a{LONE_SURROGATE}b", UNSTORABLE),
    Entry(("title",), 12, "Enter text."),
    # numbers: bounds, decimals, sizes
    Entry(("count",), "5", None, typed=True),
    Entry(("count",), "0", "Must be at least 1.", typed=True),
    Entry(("count",), "11", "Must be at most 10.", typed=True),
    Entry(("count",), "2.1234567", "Use at most 6 decimal places.", typed=True),
    Entry(("count",), "1e400", "This number is too large."),
    Entry(("count",), "NaN", "Enter a finite number."),
    Entry(("count",), 10**30, "This number is too large."),
    Entry(("price",), "19.90", None, typed=True),
    Entry(("price",), "1.005", "Use at most 2 decimal places.", typed=True),
    Entry(("price",), "ten", "Enter a number.", typed=True),
    Entry(("price",), "9" * 13, "This number is too large.", typed=True),
    Entry(("price",), "9" * 60, "Enter a number of at most 12 digits and 2 decimals.", typed=True),
    # dates, as the browser sends them; an impossible one is sent as 0000-00-00
    Entry(("due_date",), "2026-02-28", None, typed=True, typed_as="02282026"),
    Entry(("due_date",), "2026-02-31", "Enter a real date.", typed=True, typed_as="02312026"),
    Entry(("due_date",), "0000-00-00", "Enter a real date."),
    Entry(("due_date",), "02/31/2026", "Enter a date as YYYY-MM-DD."),
    # yes/no and dropdowns
    Entry(("urgent",), True, None),
    Entry(("urgent",), "yes", "Choose yes or no."),
    Entry(("priority",), "High", None),
    Entry(("priority",), "Urgent", "Choose one of the options."),
    # choices: unknown vendors, one where one is allowed, people
    Entry(("vendor",), 999_999, "No active vendor with id 999999."),
    Entry(("vendor",), "Cascade", "Choose by id."),
    Entry(("vendor",), None, "This field is required."),
    Entry(("crew",), [999_998, 999_999], "No active user with id 999998, 999999."),
    # materials: unknown materials, quantities and unit costs, typed at the first line
    Entry(("materials", 0, "material_id"), 999_999, "Choose an active material of your company."),
    Entry(("materials", 0, "name"), "", "Enter the material.", typed=True),
    Entry(("materials", 0, "quantity"), "2", None, typed=True),
    Entry(("materials", 0, "quantity"), "-2", "Must be greater than 0.", typed=True),
    Entry(("materials", 0, "quantity"), "0", "Must be greater than 0.", typed=True),
    Entry(("materials", 0, "quantity"), "1.23456", "Use at most 4 decimal places.", typed=True),
    Entry(("materials", 0, "quantity"), "1" * 25, "This number is too large.", typed=True),
    Entry(("materials", 0, "quantity"), "", "This field is required.", typed=True),
    Entry(("materials", 0, "unit_cost"), "-1", "Must be at least 0.", typed=True),
    Entry(("materials", 0, "unit_cost"), "1.555", "Use at most 2 decimal places.", typed=True),
    Entry(("materials", 0, "unit"), "u" * 31, "Enter text of at most 30 characters.", typed=True),
]


def data_with(entry: Entry, *, vendor_id: int) -> dict[str, Any]:
    """A good submission (its vendor chosen) with the entry's value in its place."""
    data: dict[str, Any] = {"vendor": vendor_id}
    if entry.path[0] == "materials":
        data["materials"] = line(**{str(entry.path[2]): entry.value})
    else:
        data[str(entry.path[0])] = entry.value
    return data


# Template definitions: good and bad, with the problem at its path.
TEMPLATE_CORPUS: list[tuple[list[dict[str, Any]], tuple[str | int, ...], str | None]] = [
    (SECTIONS, (), None),
    (
        [{"id": "s", "title": "", "fields": [
            {"id": "a", "type": "text", "label": "A"}, {"id": "a", "type": "text", "label": "B"},
        ]}],
        ("sections", 0, "fields", 1, "id"),
        "Another field has this id.",
    ),
    (
        [{"id": "s", "title": "", "fields": [{"id": "a", "type": "text", "label": ""}]}],
        ("sections", 0, "fields", 0, "label"),
        "Enter a label of 1 to 200 characters.",
    ),
    (
        [{"id": "s", "title": "", "fields": [{"id": "a", "type": "text"}]}],
        ("sections", 0, "fields", 0, "label"),
        "Enter a label of 1 to 200 characters.",
    ),
    (
        [{"id": "s", "title": "", "fields": [
            {"id": "p", "type": "dropdown", "label": "P", "options": ["Low", "low"]},
        ]}],
        ("sections", 0, "fields", 0, "options", 1),
        "This option is listed twice.",
    ),
    (
        [{"id": "s", "title": "", "fields": [
            {"id": "n", "type": "number", "label": "N", "min": 5, "max": 1},
        ]}],
        ("sections", 0, "fields", 0, "max"),
        "Must not be less than the minimum.",
    ),
    ([{"id": "s", "title": "", "fields": []}], ("sections",), "Add at least one field."),
]  # fmt: skip
