from django.urls import path

from integrations.quickbooks import api, views

app_name = "quickbooks"

# Under /integrations/quickbooks/: addresses that QuickBooks calls.
urlpatterns = [
    path("callback/", views.callback, name="callback"),
    path("webhooks/", views.webhooks, name="webhooks"),
]

# Under /api/integrations/quickbooks/.
api_urlpatterns = [
    path("", api.ConnectionApi.as_view(), name="quickbooks-connection"),
    path("connect/", api.ConnectApi.as_view(), name="quickbooks-connect"),
    path("disconnect/", api.DisconnectApi.as_view(), name="quickbooks-disconnect"),
    path(
        "preferences/refresh/",
        api.PreferencesRefreshApi.as_view(),
        name="quickbooks-preferences-refresh",
    ),
    path("accounts/", api.AccountsApi.as_view(), name="quickbooks-accounts"),
    path("imports/", api.ImportListApi.as_view(), name="quickbooks-import-list"),
    path("imports/<int:pk>/", api.ImportDetailApi.as_view(), name="quickbooks-import-detail"),
    path(
        "import-proposals/<int:pk>/",
        api.ImportProposalApi.as_view(),
        name="quickbooks-import-proposal",
    ),
    path("preview/", api.PreviewApi.as_view(), name="quickbooks-preview"),
    path("vendors/", api.VendorSearchApi.as_view(), name="quickbooks-vendor-search"),
    path("items/", api.ItemSearchApi.as_view(), name="quickbooks-item-search"),
    path("customers/", api.CustomerSearchApi.as_view(), name="quickbooks-customer-search"),
    path("vendor-links/", api.VendorLinkListApi.as_view(), name="quickbooks-vendor-link-list"),
    path(
        "material-links/", api.MaterialLinkListApi.as_view(), name="quickbooks-material-link-list"
    ),
    path(
        "customer-links/", api.CustomerLinkListApi.as_view(), name="quickbooks-customer-link-list"
    ),
    path("vendor-links/<int:pk>/", api.VendorLinkApi.as_view(), name="quickbooks-vendor-link"),
    path(
        "material-links/<int:pk>/", api.MaterialLinkApi.as_view(), name="quickbooks-material-link"
    ),
    path(
        "customer-links/<int:pk>/", api.CustomerLinkApi.as_view(), name="quickbooks-customer-link"
    ),
]
