"""Intuit's OAuth 2.0 endpoints as intuit-oauth speaks to them, and the consent page."""

import json
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integrations.qbo_sandbox import selectors, services
from integrations.qbo_sandbox.models import OAuthToken

SCOPES = (
    "com.intuit.quickbooks.accounting",
    "com.intuit.quickbooks.payment",
    "openid",
    "profile",
    "email",
    "phone",
    "address",
)
COMPANY_SCOPES = ("com.intuit.quickbooks.accounting", "com.intuit.quickbooks.payment")
PKCE_METHODS = ("S256", "plain")


def _absolute(request: HttpRequest, name: str) -> str:
    return request.build_absolute_uri(reverse(f"qbo_sandbox:{name}"))


@require_GET
def discovery(request: HttpRequest) -> JsonResponse:
    """The OpenID configuration document that AuthClient(environment=<this URL>) reads."""
    services.sandbox_ensure_seeded()
    return JsonResponse(
        {
            "issuer": _absolute(request, "issuer"),
            "authorization_endpoint": _absolute(request, "consent"),
            "token_endpoint": _absolute(request, "token"),
            "userinfo_endpoint": _absolute(request, "userinfo"),
            "revocation_endpoint": _absolute(request, "revoke"),
            "jwks_uri": _absolute(request, "jwks"),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": list(SCOPES),
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            "code_challenge_methods_supported": list(PKCE_METHODS),
            "claims_supported": ["aud", "exp", "iat", "iss", "realmid", "sub"],
        }
    )


@require_GET
def issuer(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"issuer": _absolute(request, "issuer")})


@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    """No ID tokens are signed, so there are no keys to publish."""
    return JsonResponse({"keys": []})


def _redirect(redirect_uri: str, **params: str) -> HttpResponseRedirect:
    separator = "&" if "?" in redirect_uri else "?"
    return HttpResponseRedirect(f"{redirect_uri}{separator}{urlencode(params)}")


def _consent_error(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "qbo_sandbox/consent_error.html", {"message": message}, status=400)


def _origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


@never_cache
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest) -> HttpResponse:
    """Intuit's 'Connect to QuickBooks' page: pick a sandbox company, then Connect or Cancel."""
    services.sandbox_ensure_seeded()
    params = request.POST if request.method == "POST" else request.GET
    client_id = params.get("client_id", "")
    redirect_uri = params.get("redirect_uri", "")
    state = params.get("state", "")
    scope = " ".join(params.get("scope", "").split())
    code_challenge = params.get("code_challenge", "")
    code_challenge_method = params.get("code_challenge_method", "") or (
        "plain" if code_challenge else ""
    )
    app = selectors.app_by_client_id(client_id)
    if app is None:
        return _consent_error(request, "The client_id is not a registered sandbox app.")
    if not selectors.redirect_uri_registered(app, redirect_uri, _origin(request)):
        return _consent_error(request, "The redirect_uri is not registered for this app.")
    if params.get("response_type") != "code":
        return _redirect(redirect_uri, error="unsupported_response_type", state=state)
    if not state:
        return _redirect(
            redirect_uri, error="invalid_request", error_description="state is required"
        )
    if not scope or any(part not in SCOPES for part in scope.split()):
        return _redirect(redirect_uri, error="invalid_scope", state=state)
    if code_challenge and (
        code_challenge_method not in PKCE_METHODS
        or not selectors.PKCE_VALUE.fullmatch(code_challenge)
    ):
        return _redirect(
            redirect_uri,
            error="invalid_request",
            error_description="code_challenge or code_challenge_method is invalid",
            state=state,
        )

    companies = selectors.company_list()
    if request.method == "GET":
        hidden = {
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "state": state,
            "scope": scope,
            "response_type": "code",
        }
        if code_challenge:
            hidden.update(
                code_challenge=code_challenge, code_challenge_method=code_challenge_method
            )
        context = {"app": app, "companies": companies, "params": hidden}
        return render(request, "qbo_sandbox/consent.html", context)

    if request.POST.get("decision") != "connect":
        return _redirect(redirect_uri, error="access_denied", state=state)
    company = selectors.company_by_realm(request.POST.get("realm_id", ""))
    if company is None:
        return _consent_error(request, "Choose one of the sandbox companies.")
    code = services.oauth_authorization_code_issue(
        app=app,
        company=company,
        redirect_uri=redirect_uri,
        scope=scope,
        origin=_origin(request),
        code_challenge=code_challenge,
        code_challenge_method=code_challenge_method,
    )
    answer = {"code": code, "state": state}
    if any(part in COMPANY_SCOPES for part in scope.split()):
        answer["realmId"] = company.realm_id
    return _redirect(redirect_uri, **answer)


def _oauth_error(code: str, status: int) -> JsonResponse:
    response = JsonResponse({"error": code}, status=status)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_POST
def token(request: HttpRequest) -> JsonResponse:
    """The token endpoint: authorization_code and refresh_token grants, HTTP Basic clients."""
    services.sandbox_ensure_seeded()
    app = selectors.app_from_basic_auth(request.headers.get("Authorization", ""))
    if app is None:
        return _oauth_error("invalid_client", 401)
    grant_type = request.POST.get("grant_type", "")
    try:
        if grant_type == "authorization_code":
            code = request.POST.get("code", "")
            redirect_uri = request.POST.get("redirect_uri", "")
            if not code or not redirect_uri:
                return _oauth_error("invalid_request", 400)
            body = services.oauth_code_exchange(
                app=app,
                code=code,
                redirect_uri=redirect_uri,
                code_verifier=request.POST.get("code_verifier", ""),
            )
        elif grant_type == "refresh_token":
            refresh_token = request.POST.get("refresh_token", "")
            if not refresh_token:
                return _oauth_error("invalid_request", 400)
            body = services.oauth_token_refresh(app=app, refresh_token=refresh_token)
        else:
            return _oauth_error("unsupported_grant_type", 400)
    except services.OAuthError as error:
        return _oauth_error(error.code, error.status)
    response = JsonResponse(body)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_POST
def revoke(request: HttpRequest) -> HttpResponse:
    """Revoke a refresh or access token (and with it the app's connection to the company)."""
    app = selectors.app_from_basic_auth(request.headers.get("Authorization", ""))
    if app is None:
        return _oauth_error("invalid_client", 401)
    if request.content_type == "application/json":
        try:
            payload = json.loads(request.body or b"{}")
        except (json.JSONDecodeError, UnicodeDecodeError):
            return _oauth_error("invalid_request", 400)
        token_value = payload.get("token", "") if isinstance(payload, dict) else ""
    else:
        token_value = request.POST.get("token", "")
    if not isinstance(token_value, str) or not token_value:
        return _oauth_error("invalid_request", 400)
    services.oauth_token_revoke(app=app, token=token_value)
    return HttpResponse(status=200)


@require_GET
def userinfo(request: HttpRequest) -> JsonResponse:
    """The OpenID user behind an access token: the sandbox's one user."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    found = selectors.token_find(value.strip(), OAuthToken.Kind.ACCESS) if value else None
    if scheme.lower() != "bearer" or found is None or not selectors.token_is_live(found):
        return _oauth_error("invalid_token", 401)
    return JsonResponse(
        {
            "sub": f"sandbox-user-{found.grant.company.realm_id}",
            "givenName": "Sandbox",
            "familyName": "Admin",
            "email": "admin@sandbox.example",
            "emailVerified": True,
        }
    )
