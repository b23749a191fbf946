"""Log lines that can be followed from a request to the work it caused.

Each HTTP request has an id (RequestIdMiddleware: the caller's `X-Request-ID` when it is a sane
token, else a new one), held in the `request_id` context variable while the request is served. A
task queued meanwhile stores it and runs with it again in the worker (ontraccr_clone.tasks), so the
task's log lines, the tasks it queues in turn and the QuickBooks calls it makes all carry it.
`RequestIdFilter` puts it on every log record; with LOG_FORMAT=json, `JsonFormatter` writes each
record as one JSON object per line.

Imported by the logging configuration, before the apps are loaded: nothing here touches models.
"""

import json
import logging
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

# What a proxy or a caller may send as its id (UUIDs, hex, base64, AWS-style `Root=1-...`):
# printable ASCII without spaces or quotes, so it can go into a log line as it is.
_ACCEPTABLE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:+/=-]{1,128}")


def request_id_accept(offered: str | None) -> str:
    """The id a request is known by: the one it offered when that is a sane token, else a new
    one (a value that is too long or has other characters is not put into the logs)."""
    if offered and _ACCEPTABLE_REQUEST_ID.fullmatch(offered):
        return offered
    return secrets.token_hex(16)  # as unlikely to repeat as a UUID, for a tenth of its CPU


@contextmanager
def request_id_bound(value: str | None) -> Iterator[None]:
    """Log (and queue tasks) as part of request `value` while in the block."""
    token = request_id.set(value)
    try:
        yield
    finally:
        request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Puts the id of the request being served (None outside one) on the record as `request_id`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


# The attributes every LogRecord has; any other one came from `extra=` and is written as a field
# (but uvicorn's `color_message`, its message again with terminal colour codes).
_RECORD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "request_id",
    "color_message",
}


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC), level, logger, message, request_id, the exception
    and stack when there are some, and the fields given with `extra=`. ASCII only, so a hostile
    value in a message cannot break the line or the terminal."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        for name, value in record.__dict__.items():
            if name not in _RECORD_ATTRIBUTES and name not in line:
                line[name] = value
        return json.dumps(line, default=str)
