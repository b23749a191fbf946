"""Form field types: how each is defined in a template and how a submitted value is checked.

A template version holds `sections`: `[{"id", "title", "fields": [field, ...]}]`, where every field
has `id`, `type`, `label`, `help_text` and `required`, plus the settings of its type. Submitted data
is `{field_id: value}`; each problem is reported at its path (`("materials", 2, "quantity")`) so
the form can show it next to its input.
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, ClassVar

from ontraccr_clone.accounts.models import Company, User
from ontraccr_clone.catalog.models import Customer, Material, Vendor
from ontraccr_clone.parsers import ID_MAX
from ontraccr_clone.problems import InvalidInput, Path, Problems

FIELD_ID = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
MAX_SECTIONS = 20
MAX_FIELDS = 100
MAX_TABLE_ROWS = 200
MAX_DIGITS = 12  # before the decimal point
NUMBER_PLACES = 6  # after it, for a number field; currency has 2, a quantity 4
LONGEST_NUMBER_TEXT = 40
CENTS = Decimal("0.01")


class Invalid(Exception):
    """A value's problem; the caller files it under the value's path."""


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def is_id(value: Any) -> bool:
    """A database id as JSON sends it: a positive 64-bit integer, never a boolean (which Python
    counts as one)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= ID_MAX


def parse_decimal(value: Any, *, places: int, minimum: Decimal | None = None) -> Decimal:
    """A finite number (JSON number or numeric string) of at most MAX_DIGITS digits before the
    point and `places` after it."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise Invalid("Enter a number.")
    text = str(value).strip()
    if len(text) > LONGEST_NUMBER_TEXT:
        raise Invalid(f"Enter a number of at most {MAX_DIGITS} digits and {places} decimals.")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise Invalid("Enter a number.") from None
    if not number.is_finite():
        raise Invalid("Enter a finite number.")
    # Counted from the digits, not with normalize(), whose context an exponent such as 1e-1000000
    # would overflow.
    _, digits, exponent = number.as_tuple()
    significant = "".join(map(str, digits)).rstrip("0")
    decimals = max(0, -int(exponent) - (len(digits) - len(significant))) if significant else 0
    if decimals > places:
        raise Invalid(f"Use at most {places} decimal places.")
    if significant and number.adjusted() >= MAX_DIGITS:
        raise Invalid("This number is too large.")
    if minimum is not None and number < minimum:
        raise Invalid(f"Must be at least {minimum}.")
    return number


def decimal_text(number: Decimal, places: int | None = None) -> str:
    """A number as plain text: `places` decimals when given, else as few as needed (never 1E+2)."""
    if places is not None:
        return str(number.quantize(Decimal(1).scaleb(-places)))
    return format(number.normalize(), "f")


class FieldType:
    key: ClassVar[str]
    label: ClassVar[str]
    settings: ClassVar[dict[str, Any]] = {}

    def check_definition(self, definition: dict[str, Any], path: Path, problems: Problems) -> None:
        """Check this type's own settings; the common keys are checked by `check_sections`."""

    def clean(self, value: Any, definition: dict[str, Any], company: Company) -> Any:
        """Return the value to store; raise Invalid, or InvalidInput by path for nested values.

        References (vendors, users, materials) must be active ones of the submitter's company.
        """
        raise NotImplementedError


def _check_int_setting(
    definition: dict[str, Any], name: str, path: Path, problems: Problems, *, low: int, high: int
) -> None:
    value = definition.get(name)
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high
    ):
        problems.add((*path, name), f"Must be a whole number from {low} to {high}.")


class TextField(FieldType):
    key, label = "text", "Text"
    default_max_length, longest = 255, 1000
    settings = {"max_length": default_max_length}

    def check_definition(self, definition: dict[str, Any], path: Path, problems: Problems) -> None:
        _check_int_setting(definition, "max_length", path, problems, low=1, high=self.longest)

    def clean(self, value: Any, definition: dict[str, Any], company: Company) -> str:
        if not isinstance(value, str):
            raise Invalid("Enter text.")
        limit = definition.get("max_length") or self.default_max_length
        if len(value) > limit:
            raise Invalid(f"Use at most {limit} characters.")
        return value.strip()


class LongTextField(TextField):
    key, label = "long_text", "Long text"
    default_max_length, longest = 5000, 20000
    settings = {"max_length": default_max_length}


class NumberField(FieldType):
    key, label = "number", "Number"
    places = NUMBER_PLACES
    shown_places: int | None = None  # as few as the value needs
    settings = {"min": None, "max": None}

    def check_definition(self, definition: dict[str, Any], path: Path, problems: Problems) -> None:
        bounds = {}
        for name in ("min", "max"):
            if definition.get(name) is not None:
                try:
                    bounds[name] = parse_decimal(definition[name], places=self.places)
                except Invalid as problem:
                    problems.add((*path, name), str(problem))
        if len(bounds) == 2 and bounds["min"] > bounds["max"]:
            problems.add((*path, "max"), "Must not be less than the minimum.")

    def clean(self, value: Any, definition: dict[str, Any], company: Company) -> str:
        number = parse_decimal(value, places=self.places)
        if definition.get("min") is not None and number < Decimal(str(definition["min"])):
            raise Invalid(f"Must be at least {definition['min']}.")
        if definition.get("max") is not None and number > Decimal(str(definition["max"])):
            raise Invalid(f"Must be at most {definition['max']}.")
        return decimal_text(number, self.shown_places)


class CurrencyField(NumberField):
    key, label = "currency", "Currency"
    places = shown_places = 2


class DateField(FieldType):
    key, label = "date", "Date"

    def clean(self, value: Any, definition: dict[str, Any], company: Company) -> str:
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise Invalid("Enter a date as YYYY-MM-DD.")
        try:
            return datetime.date.fromisoformat(value).isoformat()
        except ValueError:
            raise Invalid("Enter a real date.") from None


class YesNoField(FieldType):
    key, label = "yes_no", "Yes/No"

    def clean(self, value: Any, definition: dict[str, Any], company: Company) -> bool:
        if not isinstance(value, bool):
            raise Invalid("Choose yes or no.")
        return value


class DropdownField(FieldType):
    key, label = "dropdown", "Dropdown"
    settings = {"options": []}

    def check_definition(self, definition: dict[str, Any], path: Path, problems: Problems) -> None:
        options = definition.get("options")
        if not isinstance(options, list) or not options:
            problems.add((*path, "options"), "Add at least one option.")
            return
        seen: set[str] = set()
        for index, option in enumerate(options):
            if not isinstance(option, str) or not option.strip() or len(option) > 200:
                problems.add((*path, "options", index), "Options are texts of 1 to 200 characters.")
            elif option.strip().lower() in seen:
                problems.add((*path, "options", index), "This option is listed twice.")
            else:
                seen.add(option.strip().lower())

    def clean(self, value: Any, definition: dict[str, Any], company: Company) -> str:
        if value not in definition["options"]:
            raise Invalid("Choose one of the options.")
        return str(value)


class ChooseField(FieldType):
    """'Choose one or more' from the company's vendors, users, materials, customers (with their
    projects, as "Customer:Project") or projects only."""

    key, label = "choose", "Choose one or more"
    SOURCES = ("vendors", "users", "materials", "customers", "projects")
    settings = {"source": "vendors", "multiple": False}
    NOUNS = {
        "vendors": "vendor",
        "users": "user",
        "materials": "material",
        "customers": "customer or project",
        "projects": "project",
    }
    # Which customers each customer source offers: all, or only projects (those with a parent).
    CUSTOMER_SOURCES: ClassVar[dict[str, dict[str, bool]]] = {
        "customers": {},
        "projects": {"parent__isnull": False},
    }

    def check_definition(self, definition: dict[str, Any], path: Path, problems: Problems) -> None:
        if definition.get("source") not in self.SOURCES:
            problems.add(
                (*path, "source"),
                "Choose vendors, users, materials, customers or projects.",
            )
        if not isinstance(definition.get("multiple", False), bool):
            problems.add((*path, "multiple"), "Must be true or false.")

    def clean(self, value: Any, definition: dict[str, Any], company: Company) -> list[dict]:
        ids = value if isinstance(value, list) else [value]
        if not all(is_id(pk) for pk in ids):
            raise Invalid("Choose by id.")
        if len(set(ids)) != len(ids):
            raise Invalid("The same choice is listed twice.")
        if len(ids) > 1 and not definition.get("multiple"):
            raise Invalid("Choose only one.")
        found = self.lookup(definition["source"], ids, company)
        missing = [pk for pk in ids if pk not in found]
        if missing:
            noun = self.NOUNS[definition["source"]]
            raise Invalid(f"No active {noun} with id {', '.join(map(str, missing))}.")
        return [{"id": pk, "name": found[pk]} for pk in ids]

    def lookup(self, source: str, ids: list[int], company: Company) -> dict[int, str]:
        if source == "users":
            users = User.objects.filter(company=company, is_active=True, pk__in=ids)
            return {user.pk: user.display_name for user in users}
        if source in self.CUSTOMER_SOURCES:
            customers = Customer.objects.filter(
                company=company, active=True, pk__in=ids, **self.CUSTOMER_SOURCES[source]
            ).select_related("parent")
            return {customer.pk: customer.full_name for customer in customers}
        model = Vendor if source == "vendors" else Material
        entries = model.objects.filter(company=company, active=True, pk__in=ids)
        return {entry.pk: entry.name for entry in entries}


class MaterialsTableField(FieldType):
    """Rows of material (from the catalog, or free text when allowed), quantity and unit cost."""

    key, label = "materials_table", "Materials table"
    settings = {"allow_free_text": True}
    ROW_KEYS = frozenset({"material_id", "name", "description", "quantity", "unit", "unit_cost"})

    def check_definition(self, definition: dict[str, Any], path: Path, problems: Problems) -> None:
        if not isinstance(definition.get("allow_free_text", True), bool):
            problems.add((*path, "allow_free_text"), "Must be true or false.")

    def clean(self, value: Any, definition: dict[str, Any], company: Company) -> list[dict]:
        if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
            raise Invalid("Send a list of rows.")
        if len(value) > MAX_TABLE_ROWS:
            raise Invalid(f"Use at most {MAX_TABLE_ROWS} rows.")
        wanted = [row.get("material_id") for row in value if is_id(row.get("material_id"))]
        materials = {
            material.pk: material
            for material in Material.objects.filter(company=company, active=True, pk__in=wanted)
        }
        problems = Problems()
        rows = [
            self.clean_row(row, index, definition, materials, problems)
            for index, row in enumerate(value)
        ]
        problems.raise_if_any()
        return rows

    def clean_row(
        self,
        row: dict[str, Any],
        index: int,
        definition: dict[str, Any],
        materials: dict[int, Material],
        problems: Problems,
    ) -> dict[str, Any]:
        def problem(key: str, message: str) -> None:
            problems.add((index, key), message)

        for key in sorted(set(row) - self.ROW_KEYS):
            problem(key, "Unknown column.")
        material_id = row.get("material_id")
        material = None
        name = row.get("name")
        if material_id is not None:
            material = materials.get(material_id) if is_id(material_id) else None
            if material is None:
                problem("material_id", "Choose an active material of your company.")
            else:
                name = material.name
        elif not definition.get("allow_free_text", True):
            problem("material_id", "Choose a material from the catalog.")
        elif not isinstance(name, str) or not name.strip():
            problems.add((index, "name"), "Enter the material.", code="required")
        elif len(name) > 200:
            problem("name", "Use at most 200 characters.")
        texts = {}
        for key, limit in (("description", 1000), ("unit", 30)):
            text = row.get(key, "")
            if text is None:
                text = ""
            if not isinstance(text, str) or len(text) > limit:
                problem(key, f"Enter text of at most {limit} characters.")
                text = ""
            texts[key] = text.strip()
        if material is not None:
            texts["unit"] = texts["unit"] or material.unit
            texts["description"] = texts["description"] or material.description
        numbers: dict[str, Decimal] = {}
        for key, places, minimum in (("quantity", 4, None), ("unit_cost", 2, Decimal("0"))):
            raw = row.get(key)
            if is_empty(raw) and key == "unit_cost" and material_id is not None:
                if material is None:
                    continue  # the unknown material is the problem to report, not its price
                raw = material.unit_cost
            if is_empty(raw):
                problems.add((index, key), "This field is required.", code="required")
                continue
            try:
                numbers[key] = parse_decimal(raw, places=places, minimum=minimum)
            except Invalid as error:
                problem(key, str(error))
        if "quantity" in numbers and numbers["quantity"] <= 0:
            problem("quantity", "Must be greater than 0.")
        quantity = numbers.get("quantity", Decimal("0"))
        unit_cost = numbers.get("unit_cost", Decimal("0"))
        return {
            "material_id": material.pk if material else None,
            "name": (name or "").strip() if isinstance(name, str) else "",
            "description": texts["description"],
            "quantity": decimal_text(quantity),
            "unit": texts["unit"],
            "unit_cost": decimal_text(unit_cost, 2),
            "amount": str((quantity * unit_cost).quantize(CENTS, rounding=ROUND_HALF_UP)),
        }


FIELD_TYPES: dict[str, FieldType] = {
    field_type.key: field_type
    for field_type in (
        TextField(),
        LongTextField(),
        NumberField(),
        CurrencyField(),
        DateField(),
        YesNoField(),
        DropdownField(),
        ChooseField(),
        MaterialsTableField(),
    )
}
COMMON_KEYS = {"id", "type", "label", "help_text", "required"}


def check_sections(sections: Any) -> list[dict[str, Any]]:
    """Validate a template's sections and fields; return them normalized or raise by path."""
    problems = Problems()
    if not isinstance(sections, list) or not sections:
        problems.add(("sections",), "Add at least one section.")
        problems.raise_if_any()
    if len(sections) > MAX_SECTIONS:
        problems.add(("sections",), f"Use at most {MAX_SECTIONS} sections.")
    field_ids: set[str] = set()
    section_ids: set[str] = set()
    normalized = []
    for index, section in enumerate(sections):
        path: Path = ("sections", index)
        if not isinstance(section, dict):
            problems.add(path, "A section is an object with id, title and fields.")
            continue
        section_id = section.get("id")
        if not isinstance(section_id, str) or not FIELD_ID.match(section_id):
            problems.add((*path, "id"), "Use lowercase letters, digits and underscores.")
        elif section_id in section_ids:
            problems.add((*path, "id"), "Another section has this id.")
        section_ids.add(str(section_id))
        title = section.get("title", "")
        if not isinstance(title, str) or len(title) > 200:
            problems.add((*path, "title"), "Use a title of at most 200 characters.")
            title = ""
        fields = section.get("fields")
        if not isinstance(fields, list):
            problems.add((*path, "fields"), "Send a list of fields.")
            continue
        normalized.append(
            {
                "id": section_id,
                "title": title.strip(),
                "fields": [
                    _check_field(definition, (*path, "fields", number), field_ids, problems)
                    for number, definition in enumerate(fields)
                ],
            }
        )
    if not field_ids and not problems.found:
        problems.add(("sections",), "Add at least one field.")
    if len(field_ids) > MAX_FIELDS:
        problems.add(("sections",), f"Use at most {MAX_FIELDS} fields.")
    problems.raise_if_any()
    return normalized


def _check_field(
    definition: Any, path: Path, field_ids: set[str], problems: Problems
) -> dict[str, Any]:
    if not isinstance(definition, dict):
        problems.add(path, "A field is an object with id, type and label.")
        return {}
    field_type = FIELD_TYPES.get(definition.get("type"))  # type: ignore[arg-type]
    if field_type is None:
        problems.add((*path, "type"), f"Choose one of: {', '.join(FIELD_TYPES)}.")
        return {}
    field_id = definition.get("id")
    if not isinstance(field_id, str) or not FIELD_ID.match(field_id):
        problems.add(
            (*path, "id"), "Use lowercase letters, digits and underscores, starting with a letter."
        )
    elif field_id in field_ids:
        problems.add((*path, "id"), "Another field has this id.")
    field_ids.add(str(field_id))
    label = definition.get("label")
    if not isinstance(label, str) or not label.strip() or len(label) > 200:
        problems.add((*path, "label"), "Enter a label of 1 to 200 characters.")
    help_text = definition.get("help_text", "")
    if not isinstance(help_text, str) or len(help_text) > 500:
        problems.add((*path, "help_text"), "Use at most 500 characters.")
    if not isinstance(definition.get("required", False), bool):
        problems.add((*path, "required"), "Must be true or false.")
    for key in sorted(set(definition) - COMMON_KEYS - set(field_type.settings)):
        problems.add((*path, key), f"Not a setting of a {field_type.label.lower()} field.")
    field_type.check_definition(definition, path, problems)
    return {
        "id": field_id,
        "type": field_type.key,
        "label": label.strip() if isinstance(label, str) else "",
        "help_text": help_text.strip() if isinstance(help_text, str) else "",
        "required": definition.get("required", False) is True,
        **{key: definition.get(key, default) for key, default in field_type.settings.items()},
    }


def clean_submission_data(
    *, fields: list[dict[str, Any]], data: Any, company: Company
) -> dict[str, Any]:
    """Check submitted values against a version's fields; return what to store or raise by path."""
    problems = Problems()
    if not isinstance(data, dict):
        problems.add(("data",), "Send the form's values as an object.")
        problems.raise_if_any()
    known = {definition["id"] for definition in fields}
    for key in sorted(set(data) - known):
        problems.add((str(key),), "Unknown field.")
    cleaned: dict[str, Any] = {}
    for definition in fields:
        value = data.get(definition["id"])
        if not is_empty(value):
            try:
                value = FIELD_TYPES[definition["type"]].clean(value, definition, company)
            except Invalid as problem:
                problems.add((definition["id"],), str(problem))
                continue
            except InvalidInput as nested:
                for inner in nested.problems:
                    problems.add((definition["id"], *inner.path), inner.message, inner.code)
                continue
        if not is_empty(value):
            cleaned[definition["id"]] = value
        elif definition["required"]:
            problems.add((definition["id"],), "This field is required.", code="required")
    problems.raise_if_any()
    return cleaned
