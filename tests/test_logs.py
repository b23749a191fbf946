"""Request ids: given to every request, answered in X-Request-ID and carried by its log lines, one
JSON object each with LOG_FORMAT=json (the tasks it queues: tests/workflows/test_request_ids.py)."""

import json
import logging
import os
import subprocess
import sys

import pytest

from ontraccr_clone import logs

pytestmark = pytest.mark.django_db

logger = logging.getLogger(__name__)


def test_a_request_without_an_id_gets_a_new_one_back(client):
    first = client.get("/healthz")
    second = client.get("/healthz")

    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.parametrize(
    "offered", ["0f8fad5b-d9cb-469f-a165-70867728950e", "Root=1-67891233-abcdef012345678912345678"]
)
def test_a_request_with_a_sane_id_gets_it_back(client, offered):
    assert client.get("/healthz", headers={"X-Request-ID": offered})["X-Request-ID"] == offered


@pytest.mark.parametrize(
    "hostile",
    ["", "a\x00b", "\ud800\udfff", "x" * 10_000, "two words", "a\nfake log line", 'a"b', "é"],
)
def test_a_hostile_id_is_replaced_by_a_new_one(client, json_logs, hostile):
    answer = client.get("/api/nothing-here/", headers={"X-Request-ID": hostile})

    given = answer["X-Request-ID"]
    assert given != hostile
    assert len(given) == 32
    assert [line["request_id"] for line in json_logs() if line["logger"] == "django.request"] == [
        given
    ]


def test_a_json_line_carries_the_request_id_of_the_answer_it_is_about(client, json_logs):
    # Django logs a 4xx answer after the middleware returned it: the id is still bound then.
    client.get("/api/submissions/", headers={"X-Request-ID": "req-401"})

    (line,) = [line for line in json_logs() if line["logger"] == "django.request"]
    assert line["request_id"] == "req-401"
    assert line["level"] == "WARNING"
    assert line["message"] == "Unauthorized: /api/submissions/"
    assert line["status_code"] == 401  # an `extra` field of Django's
    assert line["time"].endswith("+00:00")


def test_a_json_line_has_the_exception_and_the_extra_fields(json_logs):
    with logs.request_id_bound("req-1"):
        try:
            raise ValueError("the reason")
        except ValueError:
            logger.exception("It failed for %s", "a reason", extra={"submission": 7})

    (line,) = json_logs()
    assert line["message"] == "It failed for a reason"
    assert line["request_id"] == "req-1"
    assert line["submission"] == 7
    assert line["exception"].startswith("Traceback")
    assert "ValueError: the reason" in line["exception"]


def test_outside_a_request_the_request_id_is_null(json_logs):
    logger.warning("On its own")

    assert json_logs()[0]["request_id"] is None


def test_log_format_json_makes_every_line_of_the_process_json():
    program = (
        "import django, logging; django.setup();"
        " logging.getLogger('django.request').warning('from Django');"
        " logging.getLogger('uvicorn.error').warning('from uvicorn',"
        " extra={'color_message': '\\x1b[1mfrom uvicorn\\x1b[0m'});"
        " logging.getLogger('anything').warning('line one\\nline two')"
    )
    environment = {**os.environ, "LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "tests.settings"}

    ran = subprocess.run(
        [sys.executable, "-c", program], env=environment, capture_output=True, text=True, check=True
    )

    lines = [json.loads(line) for line in ran.stderr.splitlines()]
    assert [line["message"] for line in lines] == [
        "from Django",
        "from uvicorn",
        "line one\nline two",
    ]
    assert {line["request_id"] for line in lines} == {None}
    assert "color_message" not in lines[1]


def test_an_unknown_log_format_is_refused():
    environment = {**os.environ, "LOG_FORMAT": "xml", "DJANGO_SETTINGS_MODULE": "tests.settings"}

    ran = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=environment,
        capture_output=True,
        text=True,
    )

    assert ran.returncode != 0
    assert "LOG_FORMAT must be text or json" in ran.stderr
