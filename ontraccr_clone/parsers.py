"""The parser of every JSON body: bounded in size and depth, in a text encoding, each key once,
with only text and integers that every database can store."""

import json
import math
import re
from collections import Counter
from typing import Any

from django.conf import settings
from django.utils.http import parse_header_parameters
from rest_framework import exceptions, parsers, status

from ontraccr_clone.problems import InvalidBody, Path, Problem

# Ids are 64-bit integers in every database; anything larger is not an id.
ID_MAX = 2**63 - 1
# The deepest JSON any endpoint needs is a template's sections (body, sections, fields, options).
MAX_JSON_DEPTH = 16
# NUL cannot be stored in PostgreSQL text, and a lone surrogate is not Unicode: neither is text.
UNSTORABLE_CHARACTERS = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_TEXT = "Text cannot contain NUL characters or unpaired surrogates."
# Parsers disagree on which of two values for one key wins: a body is refused rather than guessed.
REPEATED_KEY = "This key appears more than once in its object."


class RequestBodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


class UnsupportedCharset(exceptions.UnsupportedMediaType):
    def __init__(self, charset: str) -> None:
        super().__init__(
            charset, f'"{charset}" is not a text encoding this server knows; send JSON in UTF-8.'
        )


class JSONParser(parsers.JSONParser):
    """JSON bodies of a bounded size and depth whose texts and integers can all be stored."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = stream.read(limit + 1 if limit is not None else -1) if stream else b""
        if limit is not None and len(body) > limit:
            raise RequestBodyTooLarge()
        # Django drops a charset it does not know and keeps one that is no text encoding (rot13,
        # zlib): read the declared one, and refuse both.
        charset = parse_header_parameters(media_type or "")[1].get("charset", "utf-8")
        try:
            text = body.decode(charset)
        except LookupError:
            raise UnsupportedCharset(charset) from None
        except ValueError as error:
            raise exceptions.ParseError(f"JSON parse error - {error}") from None
        try:
            data = json.loads(
                text,
                object_pairs_hook=json_object,
                parse_constant=json_constant,
                parse_float=json_float,
            )
        except RecursionError:
            raise exceptions.ParseError(f"JSON nested more than {MAX_JSON_DEPTH} levels.") from None
        except ValueError as error:
            raise exceptions.ParseError(f"JSON parse error - {error}") from None
        problems = json_problems(data)
        if problems:
            raise InvalidBody(problems)
        return data


def json_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows.")


class ObjectWithRepeatedKeys(dict):
    """A JSON object that names a key more than once; the last value is kept, to report."""

    repeated: list[str]


def json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) == len(pairs):
        return data
    repeated = ObjectWithRepeatedKeys(data)
    counts = Counter(key for key, _ in pairs)
    repeated.repeated = [key for key, count in counts.items() if count > 1]
    return repeated


class OutOfRangeNumber(float):
    """A JSON number that a float cannot hold: beyond 1.8e308, or so small that it became 0."""


def json_float(text: str) -> float:
    number = float(text)
    mantissa = re.split("[eE]", text)[0]
    if math.isinf(number) or (number == 0 and mantissa.strip("-0.")):
        return OutOfRangeNumber(number)
    return number


def json_problems(data: Any) -> list[Problem]:
    """What cannot be accepted in a parsed JSON body, each at its path."""
    problems: list[Problem] = []
    pending: list[tuple[Any, Path]] = [(data, ())]
    while pending:
        value, path = pending.pop()
        message = None
        if len(path) >= MAX_JSON_DEPTH:
            problems.append(Problem((), f"JSON nested more than {MAX_JSON_DEPTH} levels."))
            break
        if isinstance(value, dict):
            if isinstance(value, ObjectWithRepeatedKeys):
                problems.extend(Problem((*path, key), REPEATED_KEY) for key in value.repeated)
            if any(UNSTORABLE_CHARACTERS.search(key) for key in value):
                message = f"Keys: {UNSTORABLE_TEXT}"
            else:
                pending.extend((item, (*path, key)) for key, item in value.items())
        elif isinstance(value, list):
            pending.extend((item, (*path, index)) for index, item in enumerate(value))
        elif isinstance(value, str) and UNSTORABLE_CHARACTERS.search(value):
            message = UNSTORABLE_TEXT
        elif isinstance(value, OutOfRangeNumber):
            message = "This number is out of range; send it as text."
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > ID_MAX:
            message = "This number is too large."
        if message:
            problems.append(Problem(path, message))
    return problems
