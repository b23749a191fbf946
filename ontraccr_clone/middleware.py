"""Middleware of the project itself."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase


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
