"""Problems with what a client sent, each at the path of the value it is about.

A path is a list of keys and indexes (`["materials", 2, "quantity"]`), so a client places each
message at its input without parsing text. A 400 names the same path as text
(`materials[2].quantity`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions

PathPart = str | int
Path = tuple[PathPart, ...]
Result = TypeVar("Result")


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str
    code: str = "invalid"

    def as_json(self) -> dict[str, Any]:
        return {"path": list(self.path), "message": self.message, "code": self.code}


def path_text(path: Path) -> str:
    """`("materials", 2, "quantity")` as `materials[2].quantity`; the empty path as the form's."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or NON_FIELD_ERRORS


class InvalidInput(DjangoValidationError):
    """A ValidationError whose messages keep their paths; a 400 lists them by `path_text`."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        by_path: dict[str, list[DjangoValidationError]] = {}
        for problem in problems:
            by_path.setdefault(path_text(problem.path), []).append(
                DjangoValidationError(problem.message, code=problem.code)
            )
        super().__init__(by_path)


class InvalidBody(exceptions.ValidationError):
    """DRF's 400 for a body that cannot be accepted at all, keeping each problem's path."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        by_path: dict[str, list[str]] = {}
        for problem in problems:
            by_path.setdefault(path_text(problem.path), []).append(problem.message)
        super().__init__(by_path)


class Problems:
    """Collects problems so that every one is reported at once."""

    def __init__(self) -> None:
        self.found: list[Problem] = []

    def add(self, path: Path, message: str, code: str = "invalid") -> None:
        self.found.append(Problem(path, message, code))

    def collect(self, check: Callable[[], Result]) -> Result | None:
        """Run a check, keeping its problems to report with the others."""
        try:
            return check()
        except DjangoValidationError as error:
            self.found.extend(problems_of(error))
            return None

    def raise_if_any(self) -> None:
        if self.found:
            raise InvalidInput(self.found)


def problems_of(error: Exception) -> list[Problem]:
    """The problems that a service, a serializer or the JSON parser raised, with their paths."""
    if isinstance(error, InvalidInput):
        return error.problems
    if isinstance(error, InvalidBody):
        return error.problems
    if isinstance(error, DjangoValidationError):
        if not hasattr(error, "error_dict"):
            return [Problem((), message, error.code or "invalid") for message in error.messages]
        return [
            Problem(() if key == NON_FIELD_ERRORS else (key,), message, item.code or "invalid")
            for key, items in error.error_dict.items()
            for item in items
            for message in item.messages
        ]
    if isinstance(error, exceptions.ValidationError):
        return list(_detail_problems(error.detail, ()))
    raise TypeError(f"Not a validation error: {error!r}")


def _detail_problems(detail: Any, path: Path) -> Any:
    """Walk DRF's nested error detail: dicts by key, lists of errors per item or messages."""
    if isinstance(detail, dict):
        for key, inner in detail.items():
            part: PathPart = key if isinstance(key, int) else str(key)
            yield from _detail_problems(inner, path if key == NON_FIELD_ERRORS else (*path, part))
    elif isinstance(detail, list):
        for index, inner in enumerate(detail):
            if isinstance(inner, dict | list):
                yield from _detail_problems(inner, (*path, index))
            else:
                yield Problem(path, str(inner), getattr(inner, "code", None) or "invalid")
    else:
        yield Problem(path, str(detail), getattr(detail, "code", None) or "invalid")
