from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from integrations.quickbooks.urls import api_urlpatterns as quickbooks_api_patterns
from ontraccr_clone import operations, views

api_patterns: list[URLPattern | URLResolver] = [
    path("", include("ontraccr_clone.accounts.urls")),
    path("", include("ontraccr_clone.catalog.urls")),
    path("", include("workflows.urls")),
    path("integrations/quickbooks/", include(quickbooks_api_patterns)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, as the Content Security Policy asks.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
    re_path(r"^.*$", views.api_not_found),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", operations.readyz, name="readyz"),
    path("metrics", operations.metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/", include(api_patterns)),
    path("integrations/quickbooks/", include("integrations.quickbooks.urls")),
]
if settings.QBO_SANDBOX_ENABLED:
    urlpatterns.append(path("qbo-sandbox/", include("integrations.qbo_sandbox.urls")))
# Anything else that is not an API or static path is a route of the single-page app.
urlpatterns += [
    re_path(
        r"^(?!api/|static/|admin/|qbo-sandbox/)(?P<path>.*)$", views.single_page_app, name="app"
    ),
]

handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error
