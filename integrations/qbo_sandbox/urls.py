from django.urls import path, re_path

from integrations.qbo_sandbox.views import accounting, faults, oauth, pages

app_name = "qbo_sandbox"

urlpatterns = [
    path("", pages.company_list, name="company_list"),
    path("companies/<str:realm_id>/", pages.company_detail, name="company_detail"),
    path(
        "companies/<str:realm_id>/preferences/",
        pages.company_preferences_set,
        name="company_preferences",
    ),
    path(
        "companies/<str:realm_id>/purchase-orders/<str:qbo_id>/",
        pages.purchase_order_detail,
        name="purchase_order_detail",
    ),
    path(
        "companies/<str:realm_id>/purchase-orders/<str:qbo_id>/close/",
        pages.purchase_order_close,
        name="purchase_order_close",
    ),
    path(
        "companies/<str:realm_id>/purchase-orders/<str:qbo_id>/reopen/",
        pages.purchase_order_reopen,
        name="purchase_order_reopen",
    ),
    path(".well-known/openid_configuration", oauth.discovery, name="discovery"),
    path(".well-known/openid_configuration/", oauth.discovery),
    path("op/v1", oauth.issuer, name="issuer"),
    path("connect/oauth2", oauth.consent, name="consent"),
    path("oauth2/v1/tokens/bearer", oauth.token, name="token"),
    path("oauth2/v1/tokens/revoke", oauth.revoke, name="revoke"),
    path("oauth2/v1/certs", oauth.jwks, name="jwks"),
    path("v1/openid_connect/userinfo", oauth.userinfo, name="userinfo"),
    path("faults/<str:realm_id>", faults.injected_faults, name="faults"),
    path("v3/", accounting.api_outside_company, name="api_root"),
    re_path(r"^v3/company/(?P<realm_id>[^/]+)/(?P<resource>.*)$", accounting.api, name="api"),
    re_path(r"^v3/(?P<resource>.*)$", accounting.api_outside_company),
]
