"""Reads of the sandbox: apps, tokens, companies, records and queries."""

import base64
import binascii
import hashlib
import hmac
import re
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from integrations.qbo_sandbox import faults, query
from integrations.qbo_sandbox.entities import EntityKind, Record
from integrations.qbo_sandbox.models import (
    FaultRate,
    InjectedFault,
    OAuthGrant,
    OAuthToken,
    ReplayedResponse,
    SandboxApp,
    SandboxCompany,
    SandboxEntity,
)
from integrations.qbo_sandbox.preferences import SandboxPreferences, preferences_of

DEFAULT_APP_KEY = "default"
ACCOUNTING_SCOPE = "com.intuit.quickbooks.accounting"
# The product's OAuth callback, registered for its app on the host serving the sandbox.
APP_CALLBACK_PATH = "/integrations/quickbooks/callback/"
# Where the product receives QuickBooks webhooks, on the host it connected from.
APP_WEBHOOK_PATH = "/integrations/quickbooks/webhooks/"
# RFC 7636: a code_verifier or code_challenge is 43 to 128 unreserved characters.
PKCE_VALUE = re.compile(r"[A-Za-z0-9\-._~]{43,128}")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def app_default() -> SandboxApp:
    """The app the product itself uses when QBO_ENVIRONMENT is 'local'."""
    return SandboxApp.objects.get(key=DEFAULT_APP_KEY)


def app_by_client_id(client_id: str) -> SandboxApp | None:
    return SandboxApp.objects.filter(client_id=client_id).first()


def app_from_basic_auth(authorization: str) -> SandboxApp | None:
    """The app whose client id and secret are in an `Authorization: Basic ...` header."""
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, _, client_secret = decoded.partition(":")
    app = app_by_client_id(client_id)
    if app is None or not hmac.compare_digest(app.client_secret, client_secret):
        return None
    return app


def redirect_uri_registered(app: SandboxApp, redirect_uri: str, sandbox_origin: str) -> bool:
    """Intuit's rule: the redirect_uri equals a registered one exactly, scheme, host, port and path.

    The product's own app also has its QuickBooks callback on the origin serving the sandbox
    registered, so that it connects on whatever host and port it runs.
    """
    registered = set(app.redirect_uris)
    if app.key == DEFAULT_APP_KEY:
        registered.update(settings.QBO_SANDBOX_REDIRECT_URIS)
    if app.accepts_own_callback:
        registered.add(sandbox_origin + APP_CALLBACK_PATH)
    return redirect_uri in registered


def webhook_urls(company: SandboxCompany) -> list[str]:
    """Where to notify the company's changes: the product's app, when connected to it, at
    QBO_SANDBOX_WEBHOOK_URL or else its webhook path on the host it connected from."""
    connections = OAuthGrant.objects.filter(
        company=company,
        app__key=DEFAULT_APP_KEY,
        revoked_at=None,
        tokens__kind=OAuthToken.Kind.REFRESH,
    )
    if settings.QBO_SANDBOX_WEBHOOK_URL:
        return [settings.QBO_SANDBOX_WEBHOOK_URL] if connections.exists() else []
    latest = connections.exclude(origin="").order_by("-created_at", "-pk").first()
    return [latest.origin + APP_WEBHOOK_PATH] if latest is not None else []


def company_list() -> QuerySet[SandboxCompany]:
    return SandboxCompany.objects.all()


def company_by_realm(realm_id: str) -> SandboxCompany | None:
    return SandboxCompany.objects.filter(realm_id=realm_id).first()


def token_find(token: str, kind: str) -> OAuthToken | None:
    return (
        OAuthToken.objects.select_related("grant__app", "grant__company")
        .filter(digest=token_digest(token), kind=kind)
        .first()
    )


def token_is_live(token: OAuthToken) -> bool:
    """Neither expired, spent nor revoked with its grant."""
    return (
        token.expires_at > timezone.now()
        and token.used_at is None
        and token.grant.revoked_at is None
    )


def grant_for_access_token(*, authorization: str, realm_id: str) -> OAuthGrant:
    """The grant behind a Bearer token, for an API call on `realm_id` (3200, 3100 faults)."""
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise faults.authentication_failed("Authorization header is missing or not a Bearer token")
    found = token_find(token.strip(), OAuthToken.Kind.ACCESS)
    if found is None:
        raise faults.authentication_failed("Token invalid: the access token is not recognised")
    if found.grant.revoked_at is not None:
        raise faults.authentication_failed("Token revoked: the app was disconnected")
    if found.expires_at <= timezone.now():
        raise faults.authentication_failed("Token expired: refresh the access token")
    grant = found.grant
    if grant.company.realm_id != realm_id or ACCOUNTING_SCOPE not in grant.scope.split():
        raise faults.authorization_failed(
            f"The access token does not grant access to the company {realm_id}"
        )
    return grant


def entity_find(company: SandboxCompany, entity_type: str, qbo_id: str) -> SandboxEntity | None:
    return SandboxEntity.objects.filter(
        company=company, entity_type=entity_type, qbo_id=qbo_id
    ).first()


def company_preferences(company: SandboxCompany) -> SandboxPreferences:
    """The settings of a company that decide what its API accepts."""
    entity = entity_find(company, "Preferences", "1")
    return preferences_of(entity.body) if entity is not None else SandboxPreferences()


def account_of_type(company: SandboxCompany, account_type: str) -> Record | None:
    """The oldest active account of a type (e.g. the default 'Accounts Payable')."""
    accounts = SandboxEntity.objects.filter(company=company, entity_type="Account", active=True)
    for account in accounts.order_by("created_at", "pk"):
        if account.body.get("AccountType") == account_type:
            return account.body
    return None


def entity_bodies(company: SandboxCompany, entity_type: str) -> list[Record]:
    """Every record of a type in a company, oldest first, as QuickBooks returns them."""
    entities = SandboxEntity.objects.filter(company=company, entity_type=entity_type)
    return [entity.body for entity in entities.order_by("created_at", "pk")]


def query_run(*, company: SandboxCompany, statement: str) -> dict[str, Any]:
    """Answer a query statement with the body of Intuit's `QueryResponse`."""
    parsed = query.parse(statement)
    candidates = _query_candidates(company, parsed.kind, parsed.conditions)
    return query.run(parsed, [entity.body for entity in candidates.order_by("pk")])


def _query_candidates(
    company: SandboxCompany, kind: EntityKind, conditions: list[query.Condition]
) -> QuerySet[SandboxEntity]:
    """Narrow the records in the database by the indexed conditions; the query checks them all."""
    entities = SandboxEntity.objects.filter(company=company, entity_type=kind.name)
    for condition in conditions:
        values = [str(value) for value in condition.values]
        if condition.field == "Id" and condition.operator in ("=", "in"):
            entities = entities.filter(qbo_id__in=values)
        elif condition.field in _name_key_fields(kind) and condition.operator in ("=", "in"):
            names = [value.lower() for value in values]
            match = Q(name_key__in=names)
            if condition.field == "Name":  # a sub-item's key is its full 'Parent:Name'
                for name in names:
                    match |= Q(name_key__endswith=f":{name}")
            entities = entities.filter(match)
        elif condition.field == "DocNumber" and condition.operator == "=":
            entities = entities.filter(doc_number=values[0].lower())
    return entities


def _name_key_fields(kind: EntityKind) -> tuple[str, ...]:
    """The fields whose lower-cased value is a record's name key (a customer's is its display
    name, not the full 'Parent:Job' name)."""
    if kind.name_field == "Name":
        return ("Name", "FullyQualifiedName")
    return (kind.name_field,) if kind.name_field else ()


def replayed_response(company: SandboxCompany, request_id: str) -> ReplayedResponse | None:
    return ReplayedResponse.objects.filter(company=company, request_id=request_id).first()


def injected_faults_pending(realm_id: str) -> QuerySet[InjectedFault]:
    return InjectedFault.objects.filter(company__realm_id=realm_id)


def fault_rate(realm_id: str) -> FaultRate | None:
    return FaultRate.objects.filter(company__realm_id=realm_id).first()


def company_records(company: SandboxCompany) -> dict[str, list[Record]]:
    """What a sandbox company holds, for its page."""
    return {
        "vendors": entity_bodies(company, "Vendor"),
        "items": entity_bodies(company, "Item"),
        "customers": entity_bodies(company, "Customer"),
        "classes": entity_bodies(company, "Class"),
        "accounts": entity_bodies(company, "Account"),
        "purchase_orders": entity_bodies(company, "PurchaseOrder"),
    }
