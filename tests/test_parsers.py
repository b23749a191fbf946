"""The JSON parser of every body, property by property: a declared charset is used when it is a
text encoding and refused otherwise, and every key repeated in an object is reported at its path."""

import codecs
import encodings
import encodings.aliases
import io
import json
import pkgutil
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework import exceptions

from ontraccr_clone.parsers import REPEATED_KEY, JSONParser, UnsupportedCharset
from ontraccr_clone.problems import InvalidBody

CODEC_NAMES = sorted(
    set(encodings.aliases.aliases)
    | set(encodings.aliases.aliases.values())
    | {module.name for module in pkgutil.iter_modules(encodings.__path__)}
)
charsets = st.sampled_from(CODEC_NAMES) | st.from_regex(r"[A-Za-z0-9_.-]{0,12}", fullmatch=True)
keys = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=5)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | keys,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(keys, children, max_size=3),
    max_leaves=10,
)


def parse(body: bytes, content_type: str = "application/json") -> Any:
    return JSONParser().parse(io.BytesIO(body), content_type, {})


def is_text_encoding(charset: str) -> bool:
    try:
        return codecs.lookup(charset)._is_text_encoding
    except LookupError:
        return False


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=json_values, charset=charsets)
def test_a_body_is_read_in_its_declared_text_encoding_and_any_other_is_refused(data, charset):
    text = json.dumps({"value": data}, ensure_ascii=False)
    content_type = f'application/json; charset="{charset}"'
    if not is_text_encoding(charset):
        with pytest.raises(UnsupportedCharset) as refused:
            parse(text.encode(), content_type)
        assert refused.value.status_code == 415
        return
    try:
        body = text.encode(charset)
    except (UnicodeError, ValueError):
        body = text.encode()  # the text has characters the charset cannot write: a client's error
    try:
        parsed = parse(body, content_type)
    except (exceptions.ParseError, InvalidBody):
        return  # a 400: what the bytes say in that charset is not JSON that can be stored
    if body.decode(charset) == text:
        assert parsed == {"value": data}


def with_key_repeated(data: Any, draw: Any) -> tuple[str, list[str | int]]:
    """`data` as JSON text in which one object, somewhere, names one of its keys twice."""
    objects: list[tuple[list[str | int], dict]] = []

    def walk(value: Any, path: list[str | int]) -> None:
        if isinstance(value, dict):
            if value:
                objects.append((path, value))
            for key, item in value.items():
                walk(item, [*path, key])
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, [*path, index])

    walk(data, [])
    path, target = draw(st.sampled_from(objects))
    key = draw(st.sampled_from(sorted(target)))

    def dump(value: Any) -> str:
        if isinstance(value, dict):
            members = [f"{json.dumps(k)}: {dump(v)}" for k, v in value.items()]
            if value is target:
                members.insert(0, f"{json.dumps(key)}: null")
            return "{" + ", ".join(members) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(dump(item) for item in value) + "]"
        return json.dumps(value)

    return dump(data), [*path, key]


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.dictionaries(keys, json_values, min_size=1, max_size=4), choice=st.data())
def test_a_key_repeated_anywhere_is_refused_at_its_path(data, choice):
    assert parse(json.dumps(data).encode()) == data
    body, path = with_key_repeated(data, choice.draw)
    with pytest.raises(InvalidBody) as refused:
        parse(body.encode())
    assert [problem.path for problem in refused.value.problems] == [tuple(path)]
    assert refused.value.problems[0].message == REPEATED_KEY
