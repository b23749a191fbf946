"""Middleware of the project itself."""

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.core.signals import request_finished
from django.db import connections
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase
from django.utils.log import log_response

from ontraccr_clone import logs, views

REQUEST_ID_HEADER = "X-Request-ID"


class RequestIdMiddleware:
    """Gives the request its id (see ontraccr_clone.logs), for its log lines and the tasks it
    queues, and answers it in `X-Request-ID`.

    Placed before every middleware that logs, so they log with it. The id stays bound until the
    response is closed (`request_finished`), not only while the middleware runs: Django logs a 4xx
    or 5xx answer after the last middleware has returned it, and that line should carry the id as
    well. Under ASGI each request has a context of its own; under WSGI the next request's id
    replaces it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = logs.request_id_accept(request.META.get("HTTP_X_REQUEST_ID"))
        logs.request_id.set(request_id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


@receiver(request_finished)
def _request_id_unbind(sender: Any, **kwargs: Any) -> None:
    logs.request_id.set(None)


class ConnectionsReturnedMiddleware:
    """Returns the request's database connections (to the pool) when its answer is made.

    Django returns them on `request_finished`, which under ASGI is never sent for a request whose
    client went away: the request is cancelled while its thread goes on to the end of the view, and
    the connection that thread holds is never given back. A few such requests (a browser leaving a
    page, a caller timing out) would leave every request of the process waiting for a connection.
    Placed outermost, this gives them back as Django would, in the request's own thread.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            return self.get_response(request)
        finally:
            for connection in connections.all(initialized_only=True):
                due = connection.close_at is not None and time.monotonic() >= connection.close_at
                # Due as `request_finished` would find it; a transaction still open is not ours.
                if due and not connection.in_atomic_block:
                    connection.close()


class ApiAnswersJsonMiddleware:
    """Every answer under /api/ is JSON, under DEBUG too.

    Django answers what it refuses before a view (a Host not in ALLOWED_HOSTS, a form body over
    DATA_UPLOAD_MAX_MEMORY_SIZE read by the CSRF check) with the handler400 view, but with its
    debug page under DEBUG, and an uncaught error with its debug page too. Placed first, this reads
    what raises those refusals before any other middleware does, and answers them in JSON.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not views.is_api(request):
            return self.get_response(request)
        try:
            request.get_host()
            request.POST  # noqa: B018 (what the CSRF check reads; read here to answer its errors)
        except (SuspiciousOperation, BadRequest) as error:
            refused = views.bad_request(request, error)
            # As Django logs them: `django.security.DisallowedHost` is the logger to silence.
            log_response(
                str(error),
                request=request,
                response=refused,
                exception=error,
                level="error",
                logger=logging.getLogger(f"django.security.{type(error).__name__}"),
            )
            return refused
        response = self.get_response(request)
        if settings.DEBUG and response.status_code >= 500 and not _is_json(response):
            return views.server_error(request)  # Django logged the error with its traceback
        return response


def _is_json(response: HttpResponseBase) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


class OneThreadPerRequestMiddleware:
    """Runs the middleware chain of a request in one thread, as a sync chain.

    Under ASGI, Django runs an async-capable middleware in async mode and each of its
    `process_request` and `process_response` in a thread of its own, hopping between the event loop
    and a thread twice per middleware; WhiteNoise, sync-only, hops once more. Every view here is
    sync, so that bought nothing and cost a fifth of a request's time under load. Placed last, this
    sync-only middleware makes Django run every middleware above it in sync mode, in one thread.
    """

    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)
