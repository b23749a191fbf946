"""Pages that are not API endpoints: the single-page app, the health check, and the answers to
errors that happen before or outside a view (JSON under /api/, Django's pages elsewhere)."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, connection
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.views import defaults
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def api_not_found(request: HttpRequest) -> JsonResponse:
    """Unknown API paths answer in JSON, like every other API error."""
    return JsonResponse({"detail": "Not found."}, status=404)


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _error_view(
    status: int, detail: str, page: Callable[..., HttpResponse]
) -> Callable[..., HttpResponse]:
    def view(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
        if not is_api(request):
            return page(request) if exception is None else page(request, exception)
        return JsonResponse({"detail": detail}, status=status)

    return view


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 400s, such as a form body over DATA_UPLOAD_MAX_MEMORY_SIZE (a 413 under /api/)."""
    if is_api(request) and isinstance(exception, RequestDataTooBig):
        return JsonResponse({"detail": "The request body is too large."}, status=413)
    return _error_view(400, "Bad request.", defaults.bad_request)(request, exception)


permission_denied = _error_view(
    403, "You do not have permission to do this.", defaults.permission_denied
)
page_not_found = _error_view(404, "Not found.", defaults.page_not_found)
server_error = _error_view(
    500, "Server error: the request was not completed.", defaults.server_error
)


@require_safe
@ensure_csrf_cookie
def single_page_app(request: HttpRequest, path: str = "") -> HttpResponseBase:
    """Every browser route is the React app's; it renders its own pages, including its 404."""
    index = settings.FRONTEND_DIST / "index.html"
    if not index.is_file():
        return HttpResponse(
            "The frontend is not built yet: run `make run` (or `make frontend`).",
            status=503,
            content_type="text/plain",
        )
    return FileResponse(index.open("rb"), content_type="text/html")
