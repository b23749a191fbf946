"""Intuit's query language: parsing a statement and applying it to a company's records.

    SELECT * | COUNT(*) | *, Sku | Field, ... FROM Entity
    [WHERE Field op value [AND ...]]  with op one of = < > <= >= IN LIKE
    [ORDER BY | ORDERBY Field [ASC|DESC], ...] [STARTPOSITION n] [MAXRESULTS n]

Keywords, entity and field names are case-insensitive; string values are single-quoted with
backslash-escaped quotes; string comparisons ignore case, as QuickBooks' do.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from integrations.qbo_sandbox import faults
from integrations.qbo_sandbox.entities import KINDS_BY_LOWER_NAME, EntityKind, Record

DEFAULT_MAX_RESULTS = 100
MAX_RESULTS_LIMIT = 1000

TOKEN_PATTERN = re.compile(
    r"""
    \s*(?:
        (?P<string>'(?:\\.|[^'\\])*')
      | (?P<number>-?\d+(?:\.\d+)?)
      | (?P<operator><=|>=|<>|!=|=|<|>)
      | (?P<punctuation>[(),*])
      | (?P<word>[A-Za-z_][A-Za-z0-9_.]*)
    )""",
    re.VERBOSE,
)
KEYWORDS = {
    "select",
    "from",
    "where",
    "and",
    "or",
    "in",
    "like",
    "order",
    "orderby",
    "by",
    "asc",
    "desc",
    "startposition",
    "maxresults",
    "count",
}


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    position: int

    @property
    def keyword(self) -> str | None:
        return self.text.lower() if self.kind == "word" and self.text.lower() in KEYWORDS else None


@dataclass(frozen=True)
class Condition:
    field: str
    operator: str
    values: tuple[Any, ...]


@dataclass
class Query:
    kind: EntityKind
    count: bool = False
    fields: list[str] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    order_by: list[tuple[str, bool]] = field(default_factory=list)
    start_position: int = 1
    max_results: int = DEFAULT_MAX_RESULTS


def tokenize(statement: str) -> list[Token]:
    tokens = []
    position = 0
    statement = statement.rstrip().rstrip(";")
    while position < len(statement):
        if statement[position:].strip() == "":
            break
        match = TOKEN_PATTERN.match(statement, position)
        if match is None or match.end() == position:
            raise faults.query_parse_error(
                f"Invalid content. Lexical error at line 1, column {position + 1}."
            )
        kind = match.lastgroup or ""
        tokens.append(Token(kind, match.group(kind), match.start(kind)))
        position = match.end()
    return tokens


class Parser:
    """A recursive-descent parser over the tokens of one statement."""

    def __init__(self, statement: str) -> None:
        self.tokens = tokenize(statement)
        self.index = 0

    def peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise faults.query_parse_error('Encountered "<EOF>" at line 1.')
        self.index += 1
        return token

    def expect_keyword(self, *keywords: str) -> str:
        token = self.take()
        if token.keyword not in keywords:
            raise self.unexpected(token, " or ".join(f'"{keyword}"' for keyword in keywords))
        return token.keyword or ""

    def expect_text(self, text: str) -> None:
        token = self.take()
        if token.text != text:
            raise self.unexpected(token, f'"{text}"')

    def at_keyword(self, *keywords: str) -> bool:
        token = self.peek()
        return token is not None and token.keyword in keywords

    @staticmethod
    def unexpected(token: Token, expected: str) -> faults.SandboxFault:
        return faults.query_parse_error(
            f'Encountered "{token.text}" at line 1, column {token.position + 1}. '
            f"Was expecting: {expected}"
        )

    def parse(self) -> Query:
        self.expect_keyword("select")
        count, fields = self.parse_selection()
        self.expect_keyword("from")
        entity = self.take()
        if entity.kind != "word" or entity.keyword:
            raise self.unexpected(entity, "an entity name")
        kind = KINDS_BY_LOWER_NAME.get(entity.text.lower())
        if kind is None:
            raise faults.query_invalid(f"value {entity.text} is not a valid entity")
        query = Query(kind=kind, count=count)
        query.fields = [self.field_name(kind, name) for name in fields]
        if self.at_keyword("where"):
            self.take()
            query.conditions = self.parse_conditions(kind)
        while self.peek() is not None:
            keyword = self.expect_keyword("order", "orderby", "startposition", "maxresults")
            if keyword in ("order", "orderby"):
                if keyword == "order":
                    self.expect_keyword("by")
                query.order_by = self.parse_order(kind)
            elif keyword == "startposition":
                query.start_position = self.positive_integer("STARTPOSITION")
            else:
                query.max_results = min(self.positive_integer("MAXRESULTS"), MAX_RESULTS_LIMIT)
        return query

    def parse_selection(self) -> tuple[bool, list[str]]:
        if self.at_keyword("count"):
            self.take()
            self.expect_text("(")
            self.expect_text("*")
            self.expect_text(")")
            return True, []
        fields, star = [], False
        while True:
            token = self.take()
            if token.text == "*":
                star = True
            elif token.kind == "word" and not token.keyword:
                fields.append(token.text)
            else:
                raise self.unexpected(token, '"*" or a field name')
            if self.peek() is None or self.peek().text != ",":  # type: ignore[union-attr]
                # 'SELECT *, Sku' asks for the whole record; only a bare field list projects.
                return False, [] if star else fields
            self.take()

    def parse_conditions(self, kind: EntityKind) -> list[Condition]:
        conditions = [self.parse_condition(kind)]
        while self.at_keyword("and", "or"):
            if self.take().keyword == "or":
                raise faults.query_invalid("OR operation is not supported")
            conditions.append(self.parse_condition(kind))
        return conditions

    def parse_condition(self, kind: EntityKind) -> Condition:
        token = self.take()
        if token.kind != "word" or token.keyword:
            raise self.unexpected(token, "a field name")
        name = self.field_name(kind, token.text)
        operator_token = self.take()
        operator = operator_token.keyword or operator_token.text
        if operator in ("=", "<", ">", "<=", ">="):
            return Condition(name, operator, (self.value(),))
        if operator == "like":
            value = self.value()
            if not isinstance(value, str):
                raise faults.query_invalid("LIKE needs a quoted string")
            return Condition(name, "like", (value,))
        if operator == "in":
            self.expect_text("(")
            values = [self.value()]
            while self.peek() is not None and self.peek().text == ",":  # type: ignore[union-attr]
                self.take()
                values.append(self.value())
            self.expect_text(")")
            return Condition(name, "in", tuple(values))
        if operator in ("<>", "!="):
            raise faults.query_invalid(f"operator {operator} is not supported")
        raise self.unexpected(operator_token, "an operator (=, <, >, <=, >=, IN, LIKE)")

    def parse_order(self, kind: EntityKind) -> list[tuple[str, bool]]:
        order = []
        while True:
            token = self.take()
            if token.kind != "word" or token.keyword:
                raise self.unexpected(token, "a field name")
            descending = False
            if self.at_keyword("asc", "desc"):
                descending = self.take().keyword == "desc"
            order.append((self.field_name(kind, token.text), descending))
            if self.peek() is None or self.peek().text != ",":  # type: ignore[union-attr]
                return order
            self.take()

    def value(self) -> Any:
        token = self.take()
        if token.kind == "string":
            return re.sub(r"\\(.)", r"\1", token.text[1:-1])
        if token.kind == "number":
            return Decimal(token.text)
        if token.kind == "word" and token.text.lower() in ("true", "false"):
            return token.text.lower() == "true"
        raise self.unexpected(token, "a value")

    def positive_integer(self, clause: str) -> int:
        token = self.take()
        if token.kind != "number" or not token.text.isdigit() or int(token.text) < 1:
            raise faults.query_invalid(f"{clause} must be a positive whole number")
        return int(token.text)

    @staticmethod
    def field_name(kind: EntityKind, name: str) -> str:
        if name.lower() in ("sku", "metadata") or (kind.name != "Item" and name.lower() == "sku"):
            known = {field.lower(): field for field in kind.queryable | {"Sku", "MetaData"}}
        else:
            known = {field.lower(): field for field in kind.queryable}
        canonical = known.get(name.lower())
        if canonical is None:
            raise faults.query_invalid(f"property '{name}' is not queryable on {kind.name}")
        return canonical


def parse(statement: str) -> Query:
    if not statement.strip():
        raise faults.query_parse_error('Encountered "<EOF>" at line 0, column 0.')
    return Parser(statement).parse()


def field_value(record: Record, path: str) -> Any:
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    if isinstance(value, dict):
        # References compare by their value, e-mail addresses by their address.
        return value.get("value", value.get("Address"))
    return value


def _comparable(value: Any) -> tuple[int, Any]:
    """A sort and comparison key: numbers, then dates, then text without case."""
    if isinstance(value, bool):
        return (0, Decimal(int(value)))
    if isinstance(value, int | float | Decimal):
        return (0, Decimal(str(value)))
    if value is None:
        return (3, "")
    text = str(value)
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is not None and number.is_finite():
        return (0, number)
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return (2, text.lower())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return (1, moment)


def _matches(record: Record, condition: Condition) -> bool:
    actual = field_value(record, condition.field)
    if actual is None:
        return False
    if condition.operator == "like":
        pattern = "".join(
            ".*" if part == "%" else re.escape(part)
            for part in re.split(r"(%)", condition.values[0])
        )
        return re.fullmatch(pattern, str(actual), re.IGNORECASE | re.DOTALL) is not None
    left = _comparable(actual)
    rights = [_comparable(value) for value in condition.values]
    if condition.operator == "in":
        return left in rights
    right = rights[0]
    if left[0] != right[0]:
        # A text value compared with a number or a date: only equality of the text can hold.
        left, right = (2, str(actual).lower()), (2, str(condition.values[0]).lower())
    if condition.operator == "=":
        return left == right
    if condition.operator == "<":
        return left < right
    if condition.operator == ">":
        return left > right
    if condition.operator == "<=":
        return left <= right
    return left >= right


def _sort_key(name: str) -> Callable[[Record], tuple[int, Any]]:
    return lambda record: _comparable(field_value(record, name))


def run(query: Query, records: list[Record]) -> dict[str, Any]:
    """Filter, order and page the records; answer the body of a QueryResponse."""
    conditions = list(query.conditions)
    if query.kind.name_list and not any(c.field == "Active" for c in conditions):
        conditions.append(Condition("Active", "=", (True,)))
    selected = [record for record in records if all(_matches(record, c) for c in conditions)]
    if query.count:
        return {"totalCount": len(selected)}
    if not query.kind.fixed_list:
        selected.sort(key=_sort_key("Id"))
    for name, descending in reversed(query.order_by):
        selected.sort(key=_sort_key(name), reverse=descending)
    end = None if query.kind.fixed_list else query.start_position - 1 + query.max_results
    page = selected[query.start_position - 1 : end]
    if not page:
        return {}
    if query.fields:
        wanted = {name.split(".")[0] for name in query.fields} | {
            "Id",
            "SyncToken",
            "domain",
            "sparse",
        }
        page = [{key: value for key, value in record.items() if key in wanted} for record in page]
    return {
        query.kind.name: page,
        "startPosition": query.start_position,
        "maxResults": len(page),
    }
