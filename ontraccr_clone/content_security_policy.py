"""The Content Security Policy of every response: scripts, styles, images and connections come
from this site only, and no inline script runs anywhere.

Server-rendered pages that carry their own inline stylesheet (the API docs page and the
QuickBooks sandbox's pages) may use inline styles, never inline scripts.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def _policy(directives: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives.items())


POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    # 'self' covers the live timeline's websocket (ws: or wss: to this host).
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
}
STRICT = _policy(POLICY)
INLINE_STYLES = _policy({**POLICY, "style-src": "'self' 'unsafe-inline'"})


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        inline_styles = request.path.startswith(tuple(settings.CSP_INLINE_STYLE_PATHS))
        response.headers.setdefault(
            "Content-Security-Policy", INLINE_STYLES if inline_styles else STRICT
        )
        return response
