"""Writes of the sandbox, and its public Python API for the product and its tests.

The product calls `sandbox_app_credentials()`, `sandbox_discovery_path()` and `sandbox_api_path()`
when `QBO_ENVIRONMENT` is 'local'; tests call `sandbox_inject_faults()`,
`sandbox_fault_rate_set()`, `sandbox_refresh_token_issue()` and `sandbox_preferences_set()`.
"""

import base64
import datetime
import hashlib
import hmac
import json
import random
import secrets
import string
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from integrations.qbo_sandbox import faults, seed, selectors, tasks
from integrations.qbo_sandbox.entities import (
    ENTITY_KINDS,
    SHARED_NAME_TYPES,
    EntityKind,
    Record,
)
from integrations.qbo_sandbox.models import (
    ApiRequest,
    FaultKind,
    FaultRate,
    InjectedFault,
    OAuthGrant,
    OAuthToken,
    ReplayedResponse,
    SandboxApp,
    SandboxCompany,
    SandboxEntity,
    ThrottleWindow,
    WebhookDelivery,
    WebhookNotice,
)
from integrations.qbo_sandbox.preferences import (
    SandboxPreferences,
    preferences_changed,
    preferences_of,
    preferences_updated,
)

AUTHORIZATION_CODE_SECONDS = 300
# The entities whose changes the product's app subscribes to in its webhook settings.
WEBHOOK_ENTITIES = ("PurchaseOrder",)
# Intuit hands back the same refresh token until it is a day old, then a new one.
REFRESH_TOKEN_ROTATION = datetime.timedelta(hours=24)
BATCH_ITEM_LIMIT = 30
TOKEN_ALPHABET = string.ascii_letters + string.digits


# Public API for the product


def sandbox_ensure_seeded() -> None:
    """Create the default app and the sample companies once; safe to call on every request."""
    if SandboxApp.objects.filter(key=selectors.DEFAULT_APP_KEY).exists():
        return
    try:
        _seed()
    except IntegrityError:
        return  # another process seeded the sandbox at the same moment


@transaction.atomic
def _seed() -> None:
    SandboxApp.objects.create(
        key=selectors.DEFAULT_APP_KEY,
        name="Ontraccr Clone (local)",
        client_id=f"ABsandbox{_random(40)}",
        client_secret=_random(40),
        accepts_own_callback=True,
    )
    for sample in seed.SAMPLE_COMPANIES:
        company = SandboxCompany.objects.create(realm_id=sample.realm_id, name=sample.name)
        _seed_company(company, sample)


def sandbox_app_credentials() -> tuple[str, str]:
    """The (client_id, client_secret) of the sandbox app the product uses."""
    sandbox_ensure_seeded()
    app = selectors.app_default()
    return app.client_id, app.client_secret


def sandbox_discovery_path() -> str:
    """The path of the OpenID discovery document to give intuit-oauth's AuthClient."""
    return reverse("qbo_sandbox:discovery")


def sandbox_api_path() -> str:
    """The path that replaces Intuit's `https://quickbooks.api.intuit.com/v3` API root."""
    return reverse("qbo_sandbox:api_root").rstrip("/")


def sandbox_default_realm_id() -> str:
    """The realm id of the first sample company."""
    sandbox_ensure_seeded()
    return seed.SAMPLE_COMPANIES[0].realm_id


@transaction.atomic
def sandbox_inject_faults(
    *, realm_id: str, status_or_kind: int | str, count: int = 1
) -> InjectedFault:
    """Make the next `count` API calls of a company fail: 500, 503, 429, 401, malformed, hang,
    or done and then the answer lost (answer_lost: a hang, answer_500, answer_dropped)."""
    kind = str(status_or_kind).lower()
    if kind not in FaultKind.values:
        raise ValueError(f"Unknown fault {status_or_kind!r}; use one of {FaultKind.values}")
    if count < 1:
        raise ValueError("count must be at least 1")
    company = SandboxCompany.objects.get(realm_id=realm_id)
    return InjectedFault.objects.create(company=company, kind=kind, remaining=count)


@transaction.atomic
def sandbox_fault_rate_set(*, realm_id: str, fraction: float, kinds: list[str]) -> FaultRate:
    """Make a `fraction` of a company's API calls fail from now on, each with one of `kinds`
    drawn at random, until cleared. Replaces the company's rate, if any."""
    if not 0 <= fraction <= 1:
        raise ValueError("rate must be between 0 and 1")
    chosen = [str(kind).lower() for kind in kinds]
    unknown = sorted(set(chosen) - set(FaultKind.values))
    if not chosen or unknown:
        raise ValueError(f"Unknown fault kinds {unknown}; use some of {FaultKind.values}")
    company = SandboxCompany.objects.get(realm_id=realm_id)
    rate, _ = FaultRate.objects.update_or_create(
        company=company, defaults={"fraction": fraction, "kinds": chosen}
    )
    return rate


@transaction.atomic
def sandbox_clear_faults(*, realm_id: str) -> int:
    """Forget the faults still waiting for a company's calls and its fault rate; returns how
    many were set."""
    deleted, _ = InjectedFault.objects.filter(company__realm_id=realm_id).delete()
    rates, _ = FaultRate.objects.filter(company__realm_id=realm_id).delete()
    return deleted + rates


@transaction.atomic
def sandbox_preferences_set(
    *,
    realm_id: str,
    purchase_orders: bool | None = None,
    custom_doc_numbers: bool | None = None,
    class_tracking: str | None = None,
    billable_expenses: bool | None = None,
    home_currency: str | None = None,
    multi_currency: bool | None = None,
) -> SandboxPreferences:
    """Change a company's settings as its admin would in QuickBooks (those left None stay);
    apps see them in its Preferences. ValueError for an unknown class tracking or currency."""
    changes = {
        "purchase_orders": purchase_orders,
        "custom_doc_numbers": custom_doc_numbers,
        "class_tracking": class_tracking,
        "billable_expenses": billable_expenses,
        "home_currency": home_currency,
        "multi_currency": multi_currency,
    }
    sandbox_ensure_seeded()
    company = SandboxCompany.objects.get(realm_id=realm_id)
    entity = _preferences_locked(company)
    record = preferences_changed(
        entity.body, **{name: value for name, value in changes.items() if value is not None}
    )
    _save(company, ENTITY_KINDS["Preferences"], record, entity)
    return preferences_of(record)


def _preferences_locked(company: SandboxCompany) -> SandboxEntity:
    return SandboxEntity.objects.select_for_update().get(
        company=company, entity_type="Preferences", qbo_id="1"
    )


@transaction.atomic
def sandbox_refresh_token_issue(*, realm_id: str, app: SandboxApp | None = None) -> str:
    """A fresh refresh token for a company, as if its admin had just connected the app."""
    sandbox_ensure_seeded()
    grant = OAuthGrant.objects.create(
        app=app or selectors.app_default(),
        company=SandboxCompany.objects.get(realm_id=realm_id),
        scope=selectors.ACCOUNTING_SCOPE,
    )
    return _token_create(grant, OAuthToken.Kind.REFRESH)


# OAuth 2.0


class OAuthError(Exception):
    """An OAuth error answered as `{"error": code}`."""

    def __init__(self, code: str, status: int = 400) -> None:
        super().__init__(code)
        self.code = code
        self.status = status


@transaction.atomic
def oauth_authorization_code_issue(
    *,
    app: SandboxApp,
    company: SandboxCompany,
    redirect_uri: str,
    scope: str,
    origin: str,
    code_challenge: str = "",
    code_challenge_method: str = "",
) -> str:
    """Record the company's consent and return the one-time code for the app's redirect."""
    grant = OAuthGrant.objects.create(app=app, company=company, scope=scope, origin=origin)
    return _token_create(
        grant,
        OAuthToken.Kind.AUTHORIZATION_CODE,
        redirect_uri=redirect_uri,
        code_challenge=code_challenge,
        code_challenge_method=code_challenge_method,
    )


def oauth_code_exchange(
    *, app: SandboxApp, code: str, redirect_uri: str, code_verifier: str = ""
) -> dict[str, Any]:
    """Trade an authorization code, once, for tokens; a replayed code revokes every token issued
    from it (RFC 6749, section 4.1.2), so a stolen code is worth nothing to either party."""
    with transaction.atomic():
        token = _token_locked(code, OAuthToken.Kind.AUTHORIZATION_CODE)
        if token is None or token.grant.app_id != app.pk:
            raise OAuthError("invalid_grant")
        if token.used_at is None:
            _token_check_live(token)
            if token.redirect_uri != redirect_uri or not _pkce_verified(token, code_verifier):
                raise OAuthError("invalid_grant")
            token.used_at = timezone.now()
            token.save(update_fields=["used_at"])
            return _token_response(token.grant, _token_create(token.grant, OAuthToken.Kind.REFRESH))
        # A replay: the revocation commits here, before the error is answered.
        OAuthGrant.objects.filter(pk=token.grant_id, revoked_at=None).update(
            revoked_at=timezone.now()
        )
    raise OAuthError("invalid_grant")


@transaction.atomic
def oauth_token_refresh(*, app: SandboxApp, refresh_token: str) -> dict[str, Any]:
    """A new access token. As at Intuit, a refresh token less than a day old comes back unchanged
    and stays valid; an older one is spent and a new one takes its place."""
    token = _token_locked(refresh_token, OAuthToken.Kind.REFRESH)
    if token is None or token.grant.app_id != app.pk:
        raise OAuthError("invalid_grant")
    _token_check_live(token)
    now = timezone.now()
    if now - token.created_at < REFRESH_TOKEN_ROTATION:
        token.expires_at = now + datetime.timedelta(
            seconds=settings.QBO_SANDBOX_REFRESH_TOKEN_SECONDS
        )
        token.save(update_fields=["expires_at"])
        return _token_response(token.grant, refresh_token)
    token.used_at = now
    token.save(update_fields=["used_at"])
    return _token_response(token.grant, _token_create(token.grant, OAuthToken.Kind.REFRESH))


@transaction.atomic
def oauth_token_revoke(*, app: SandboxApp, token: str) -> None:
    """Disconnect: revoking either token of a grant ends every token of that grant."""
    found = OAuthToken.objects.filter(
        digest=selectors.token_digest(token),
        kind__in=[OAuthToken.Kind.ACCESS, OAuthToken.Kind.REFRESH],
        grant__app=app,
    ).first()
    if found is not None:
        OAuthGrant.objects.filter(pk=found.grant_id, revoked_at=None).update(
            revoked_at=timezone.now()
        )


def _random(length: int) -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(length))


def _token_create(
    grant: OAuthGrant,
    kind: str,
    redirect_uri: str = "",
    code_challenge: str = "",
    code_challenge_method: str = "",
) -> str:
    lifetimes: dict[str, int] = {
        OAuthToken.Kind.AUTHORIZATION_CODE: AUTHORIZATION_CODE_SECONDS,
        OAuthToken.Kind.ACCESS: settings.QBO_SANDBOX_ACCESS_TOKEN_SECONDS,
        OAuthToken.Kind.REFRESH: settings.QBO_SANDBOX_REFRESH_TOKEN_SECONDS,
    }
    value = f"AB11{_random(46)}" if kind != OAuthToken.Kind.ACCESS else f"eyJ{_random(120)}"
    OAuthToken.objects.create(
        grant=grant,
        kind=kind,
        digest=selectors.token_digest(value),
        redirect_uri=redirect_uri,
        code_challenge=code_challenge,
        code_challenge_method=code_challenge_method,
        expires_at=timezone.now() + datetime.timedelta(seconds=lifetimes[kind]),
    )
    return value


def _token_locked(value: str, kind: str) -> OAuthToken | None:
    return (
        OAuthToken.objects.select_for_update()
        .select_related("grant")
        .filter(digest=selectors.token_digest(value), kind=kind)
        .first()
    )


def _token_check_live(token: OAuthToken) -> None:
    if (
        token.used_at is not None
        or token.expires_at <= timezone.now()
        or token.grant.revoked_at is not None
    ):
        raise OAuthError("invalid_grant")


def _pkce_verified(token: OAuthToken, code_verifier: str) -> bool:
    """RFC 7636: when the app sent a code_challenge, only the matching code_verifier redeems."""
    if not token.code_challenge:
        return True
    if not selectors.PKCE_VALUE.fullmatch(code_verifier):
        return False
    if token.code_challenge_method == "S256":
        digest = hashlib.sha256(code_verifier.encode("ascii")).digest()
        expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    else:
        expected = code_verifier
    return hmac.compare_digest(expected, token.code_challenge)


def _token_response(grant: OAuthGrant, refresh_token: str) -> dict[str, Any]:
    return {
        "token_type": "bearer",
        "access_token": _token_create(grant, OAuthToken.Kind.ACCESS),
        "expires_in": settings.QBO_SANDBOX_ACCESS_TOKEN_SECONDS,
        "refresh_token": refresh_token,
        "x_refresh_token_expires_in": settings.QBO_SANDBOX_REFRESH_TOKEN_SECONDS,
    }


# Admission: throttling, concurrency and injected faults


@dataclass(frozen=True)
class Admission:
    """A request let in; releasing it frees its concurrency slot."""

    request_id: int


def api_call_admit(*, company: SandboxCompany, method: str, path: str) -> Admission:
    """Log the call, count it in the company's window and take a concurrency slot, or answer
    3001 (throttled calls count and are logged too, as at Intuit)."""
    now = timezone.now()
    logged = ApiRequest.objects.create(
        company=company, method=method, path=path[:300], started_at=now
    )
    if _throttle_count(company) > settings.QBO_SANDBOX_THROTTLE_LIMIT:
        api_call_release(admission=Admission(request_id=logged.pk))
        raise faults.throttled()
    # A call cut short by a crashed process never finishes: it stops counting once stale.
    stale_before = now - datetime.timedelta(seconds=max(120, 2 * settings.QBO_SANDBOX_HANG_SECONDS))
    in_flight = ApiRequest.objects.filter(
        company=company, finished_at__isnull=True, started_at__gt=stale_before
    )
    if in_flight.count() > settings.QBO_SANDBOX_CONCURRENCY_LIMIT:
        api_call_release(admission=Admission(request_id=logged.pk))
        raise faults.throttled()
    return Admission(request_id=logged.pk)


def api_call_release(*, admission: Admission) -> None:
    """Free the concurrency slot of an answered call."""
    ApiRequest.objects.filter(pk=admission.request_id).update(finished_at=timezone.now())


@transaction.atomic
def _throttle_count(company: SandboxCompany) -> int:
    """Count a call in the company's current window."""
    now = timezone.now()
    window, _ = ThrottleWindow.objects.select_for_update().get_or_create(
        company=company, defaults={"started_at": now}
    )
    if now - window.started_at >= datetime.timedelta(
        seconds=settings.QBO_SANDBOX_THROTTLE_WINDOW_SECONDS
    ):
        window.started_at, window.request_count = now, 0
    window.request_count += 1
    window.save(update_fields=["started_at", "request_count"])
    return window.request_count


def injected_fault_take(*, company: SandboxCompany, admission: Admission) -> str | None:
    """Spend one of the company's injected faults, if any waits, or else draw one at the
    company's fault rate; note it on the call's log entry and say which."""
    fault = None
    if InjectedFault.objects.filter(company=company).exists():
        fault = _injected_fault_spend(company)
    if fault is None:
        rate = FaultRate.objects.filter(company=company).first()
        if rate is None or random.random() >= rate.fraction:
            return None
        fault = str(random.choice(rate.kinds))
    ApiRequest.objects.filter(pk=admission.request_id).update(fault=fault)
    return fault


@transaction.atomic
def _injected_fault_spend(company: SandboxCompany) -> str | None:
    fault = (
        InjectedFault.objects.select_for_update().filter(company=company, remaining__gt=0).first()
    )
    if fault is None:
        return None
    if fault.remaining == 1:
        fault.delete()
    else:
        InjectedFault.objects.filter(pk=fault.pk).update(remaining=F("remaining") - 1)
    return fault.kind


def replay_record(*, company: SandboxCompany, request_id: str, status: int, body: str) -> None:
    """Keep the answer to a requestid; a second answer for it raises IntegrityError."""
    with transaction.atomic():
        ReplayedResponse.objects.create(
            company=company, request_id=request_id, status=status, body=body
        )


# Entities


@dataclass(frozen=True)
class _CompanyReferences:
    company: SandboxCompany

    def find(self, entity_type: str, qbo_id: str, element: str) -> Record:
        entity = selectors.entity_find(self.company, entity_type, str(qbo_id))
        if entity is None:
            raise faults.invalid_reference(entity_type, str(qbo_id), element)
        if not entity.active:
            raise faults.object_not_found(element)
        return entity.body

    def first_account_of_type(self, account_type: str) -> Record | None:
        return selectors.account_of_type(self.company, account_type)

    def preferences(self) -> SandboxPreferences:
        return selectors.company_preferences(self.company)


def _metadata_time(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _next_entity_id(company: SandboxCompany) -> str:
    SandboxCompany.objects.filter(pk=company.pk).update(last_entity_id=F("last_entity_id") + 1)
    company.refresh_from_db(fields=["last_entity_id"])
    return str(company.last_entity_id)


def _next_doc_number(company: SandboxCompany, kind: EntityKind) -> str:
    while True:
        SandboxCompany.objects.filter(pk=company.pk).update(
            last_doc_number=F("last_doc_number") + 1
        )
        company.refresh_from_db(fields=["last_doc_number"])
        candidate = str(company.last_doc_number)
        taken = SandboxEntity.objects.filter(
            company=company, entity_type=kind.name, doc_number=candidate.lower()
        )
        if not taken.exists():
            return candidate


def _check_unique(
    company: SandboxCompany, kind: EntityKind, record: Record, entity: SandboxEntity | None
) -> None:
    others = SandboxEntity.objects.filter(company=company, entity_type=kind.name)
    if entity is not None:
        others = others.exclude(pk=entity.pk)
    name = kind.name_of(record).lower()
    if kind.name_field and name:
        types = SHARED_NAME_TYPES if kind.name in SHARED_NAME_TYPES else (kind.name,)
        names = SandboxEntity.objects.filter(company=company, entity_type__in=types)
        if entity is not None:
            names = names.exclude(pk=entity.pk)
        same_name = names.filter(name_key=name).first()
        if same_name is not None:
            raise faults.duplicate_name(same_name.qbo_id)
    doc_number = str(record.get("DocNumber", ""))
    if kind.has_doc_number and doc_number:
        same_number = others.filter(doc_number=doc_number.lower()).first()
        if same_number is not None:
            raise faults.duplicate_document_number(doc_number, kind.name, same_number.qbo_id)


@contextmanager
def _unique_or_fault(
    company: SandboxCompany, kind: EntityKind, record: Record, entity: SandboxEntity | None
) -> Iterator[None]:
    """A concurrent write took the name or number between the check and the save."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        _check_unique(company, kind, record, entity)
        raise


def _save(
    company: SandboxCompany, kind: EntityKind, record: Record, entity: SandboxEntity | None
) -> Record:
    _check_unique(company, kind, record, entity)
    now = timezone.now()
    if entity is None:
        entity = SandboxEntity(
            company=company,
            entity_type=kind.name,
            qbo_id=str(record.get("Id") or _next_entity_id(company)),
            created_at=now,
        )
    else:
        entity.sync_token += 1
    created = entity.created_at
    record.update(
        Id=entity.qbo_id,
        SyncToken=str(entity.sync_token),
        domain="QBO",
        sparse=False,
        MetaData={"CreateTime": _metadata_time(created), "LastUpdatedTime": _metadata_time(now)},
    )
    entity.body = record
    entity.updated_at = now
    entity.active = bool(record.get("Active", True))
    entity.name_key = kind.name_of(record).lower()[:500]
    entity.doc_number = str(record.get("DocNumber", "")).lower()[:40]
    with _unique_or_fault(company, kind, record, entity if entity.pk else None):
        entity.save()
    return record


def _writable_kind(entity_type: str) -> EntityKind:
    kind = ENTITY_KINDS.get(entity_type)
    if kind is None or not kind.writable:
        raise faults.unsupported_operation(f"write of {entity_type}")
    return kind


@transaction.atomic
def entity_create(*, company: SandboxCompany, entity_type: str, payload: Record) -> Record:
    """Create a record the way QuickBooks does: check it, fill in what it computes, number it."""
    kind = _writable_kind(entity_type)
    kind.check_properties(payload)
    record = kind.prepare_create(dict(payload), _CompanyReferences(company))
    if kind.has_doc_number and not record.get("DocNumber"):
        record["DocNumber"] = _next_doc_number(company, kind)
    if record.get("Active") is False:
        kind.deactivate_name(record)
    saved = _save(company, kind, record, None)
    _webhook_notify(company, kind, saved["Id"], "Create")
    return saved


@transaction.atomic
def entity_update(*, company: SandboxCompany, entity_type: str, payload: Record) -> Record:
    """A full update replaces the record; a sparse one (`"sparse": true`) changes given fields."""
    kind = _writable_kind(entity_type)
    kind.check_properties(payload)
    entity = _entity_for_write(company, kind, payload)
    was_active = entity.active
    if payload.get("sparse") is True:
        merged = {**entity.body, **payload}
    else:
        merged = dict(payload)
        if kind.has_doc_number and not merged.get("DocNumber"):
            merged["DocNumber"] = entity.body.get("DocNumber")
    record = kind.prepare(merged, _CompanyReferences(company))
    if record.get("Active", True) is False and was_active:
        kind.deactivate_name(record)
    elif record.get("Active", True) is not False and not was_active:
        kind.reactivate_name(record)
    saved = _save(company, kind, record, entity)
    _webhook_notify(company, kind, saved["Id"], "Update")
    return saved


@transaction.atomic
def preferences_update(*, company: SandboxCompany, payload: Record) -> Record:
    """An app's update of the company's Preferences: the settings QuickBooks lets apps change
    change, the others stay as they are."""
    kind = ENTITY_KINDS["Preferences"]
    entity = _entity_for_write(company, kind, payload)
    record = preferences_updated(entity.body, payload)
    return _save(company, kind, record, entity)


@transaction.atomic
def entity_delete(*, company: SandboxCompany, entity_type: str, payload: Record) -> Record:
    """Delete a transaction for good; list entities are made inactive by an update instead."""
    kind = _writable_kind(entity_type)
    if not kind.deletable:
        raise faults.unsupported_operation(f"delete of {entity_type}; set Active to false")
    entity = _entity_for_write(company, kind, payload)
    entity.delete()
    _webhook_notify(company, kind, entity.qbo_id, "Delete")
    return {"status": "Deleted", "domain": "QBO", "Id": entity.qbo_id}


def _entity_for_write(company: SandboxCompany, kind: EntityKind, payload: Record) -> SandboxEntity:
    qbo_id = str(payload.get("Id") or "").strip()
    if not qbo_id:
        raise faults.required_missing("Id")
    entity = (
        SandboxEntity.objects.select_for_update()
        .filter(company=company, entity_type=kind.name, qbo_id=qbo_id)
        .first()
    )
    if entity is None:
        raise faults.object_not_found("Id")
    if payload.get("SyncToken") in (None, ""):
        raise faults.required_missing("SyncToken")
    if str(payload["SyncToken"]) != str(entity.sync_token):
        raise faults.stale_object()
    return entity


@transaction.atomic
def purchase_order_close(*, company: SandboxCompany, qbo_id: str) -> Record:
    """Close an open purchase order from its page, as a QuickBooks user would; apps hear of it
    through their webhook like any other change."""
    return _purchase_order_status_set(company, qbo_id, "Closed")


@transaction.atomic
def purchase_order_reopen(*, company: SandboxCompany, qbo_id: str) -> Record:
    """Open a closed purchase order again from its page, as a QuickBooks user would."""
    return _purchase_order_status_set(company, qbo_id, "Open")


def _purchase_order_status_set(company: SandboxCompany, qbo_id: str, status: str) -> Record:
    entity = selectors.entity_find(company, "PurchaseOrder", qbo_id)
    if entity is None:
        raise faults.object_not_found("Id")
    if entity.body.get("POStatus") == status:
        return entity.body
    return entity_update(
        company=company,
        entity_type="PurchaseOrder",
        payload={
            "Id": qbo_id,
            "SyncToken": str(entity.sync_token),
            "sparse": True,
            "POStatus": status,
        },
    )


def _webhook_notify(company: SandboxCompany, kind: EntityKind, qbo_id: str, operation: str) -> None:
    """Keep the change for each app connected to the company, with the change itself (never for
    a change rolled back), and queue a delivery once it commits unless one is queued already."""
    if kind.name not in WEBHOOK_ENTITIES:
        return
    now = timezone.now()
    for url in selectors.webhook_urls(company):
        WebhookNotice.objects.create(
            company=company,
            url=url,
            entity=kind.name,
            qbo_id=qbo_id,
            operation=operation,
            changed_at=now,
        )
        transaction.on_commit(partial(_webhook_delivery_queue, url))


def _webhook_delivery_queue(url: str) -> None:
    WebhookDelivery.objects.get_or_create(url=url)
    if not WebhookDelivery.objects.filter(url=url, queued=False).update(queued=True):
        return  # the queued delivery will take this change too
    delay = settings.QBO_SANDBOX_WEBHOOK_SECONDS
    deliver = tasks.webhook_deliver
    if delay and deliver.get_backend().supports_defer:  # not so a backend running tasks at once
        deliver = deliver.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    deliver.enqueue(url=url)


@transaction.atomic
def webhook_notification_take(*, url: str) -> str | None:
    """The notification of every change waiting for `url`, which no longer waits; None if none.
    A change kept after this starts queues a delivery of its own."""
    WebhookDelivery.objects.filter(url=url).update(queued=False)
    notices = list(
        WebhookNotice.objects.select_for_update(skip_locked=True)
        .filter(url=url)
        .select_related("company")
        .order_by("id")
    )
    if not notices:
        return None
    WebhookNotice.objects.filter(pk__in=[notice.pk for notice in notices]).delete()
    by_realm: dict[str, list[dict[str, str]]] = {}
    for notice in notices:
        by_realm.setdefault(notice.company.realm_id, []).append(
            {
                "name": notice.entity,
                "id": notice.qbo_id,
                "operation": notice.operation,
                "lastUpdated": _webhook_time(notice.changed_at),
            }
        )
    return json.dumps(
        {
            "eventNotifications": [
                {"realmId": realm_id, "dataChangeEvent": {"entities": entities}}
                for realm_id, entities in by_realm.items()
            ]
        }
    )


def _webhook_time(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def entity_write(
    *, company: SandboxCompany, entity_type: str, payload: Record, operation: str
) -> Record:
    """Route a POST to an entity endpoint: `operation=delete`, an update when it has an Id."""
    if operation == "delete":
        return entity_delete(company=company, entity_type=entity_type, payload=payload)
    if operation == "update" or payload.get("Id") not in (None, ""):
        return entity_update(company=company, entity_type=entity_type, payload=payload)
    if operation in ("", "create"):
        return entity_create(company=company, entity_type=entity_type, payload=payload)
    raise faults.unsupported_operation(f"operation={operation}")


@transaction.atomic
def batch_run(*, company: SandboxCompany, payload: Record) -> dict[str, Any]:
    """Run up to 30 operations; each succeeds or answers its own Fault, the batch answers 200."""
    items = payload.get("BatchItemRequest")
    if not isinstance(items, list) or not items:
        raise faults.required_missing("BatchItemRequest")
    if len(items) > BATCH_ITEM_LIMIT:
        raise faults.business_validation(
            f"A batch request may hold at most {BATCH_ITEM_LIMIT} items; it held {len(items)}"
        )
    responses = []
    for item in items:
        bid = item.get("bId", "") if isinstance(item, dict) else ""
        try:
            with transaction.atomic():
                responses.append({"bId": bid, **_batch_item(company, item)})
        except faults.SandboxFault as fault:
            responses.append({"bId": bid, "Fault": fault.as_fault()})
    return {"BatchItemResponse": responses}


def _batch_item(company: SandboxCompany, item: Any) -> dict[str, Any]:
    if not isinstance(item, dict) or not item.get("bId"):
        raise faults.required_missing("bId")
    if "Query" in item:
        return {"QueryResponse": selectors.query_run(company=company, statement=str(item["Query"]))}
    entity_types = [key for key in item if key in ENTITY_KINDS]
    if len(entity_types) != 1 or not isinstance(item[entity_types[0]], dict):
        raise faults.malformed_request("a batch item needs one entity or a Query")
    entity_type = entity_types[0]
    operation = str(item.get("operation", "create")).lower()
    if operation not in ("create", "update", "delete"):
        raise faults.unsupported_operation(f"batch operation {operation}")
    record = entity_write(
        company=company,
        entity_type=entity_type,
        payload=item[entity_type],
        operation=operation,
    )
    return {entity_type: record}


# Seeding


def _seed_company(company: SandboxCompany, sample: seed.SampleCompany) -> None:
    now = timezone.now()
    for entity_type, record in seed.fixed_records(sample.name):
        entity = SandboxEntity(
            company=company, entity_type=entity_type, created_at=now, updated_at=now
        )
        entity.qbo_id = record["Id"]
        entity.name_key = str(record.get("Name", "")).lower()
        record.update(
            SyncToken="0",
            domain="QBO",
            sparse=False,
            MetaData={"CreateTime": _metadata_time(now), "LastUpdatedTime": _metadata_time(now)},
        )
        entity.body = record
        entity.save()
    account_ids = {}
    for account in seed.ACCOUNTS:
        created = entity_create(company=company, entity_type="Account", payload=account)
        account_ids[account["Name"]] = created["Id"]
    for vendor in sample.vendors:
        entity_create(company=company, entity_type="Vendor", payload=vendor)
    for item in sample.items:
        entity_create(
            company=company, entity_type="Item", payload=seed.item_payload(item, account_ids)
        )
    for customer, jobs in sample.customers:
        parent = entity_create(company=company, entity_type="Customer", payload=customer)
        for job in jobs:
            entity_create(
                company=company,
                entity_type="Customer",
                payload={"DisplayName": job, "ParentRef": {"value": parent["Id"]}},
            )
    for class_name in sample.classes:
        entity_create(company=company, entity_type="Class", payload={"Name": class_name})
    for name, due_days in seed.TERMS:
        entity_create(
            company=company, entity_type="Term", payload={"Name": name, "DueDays": due_days}
        )
    for name in seed.DEPARTMENTS:
        entity_create(company=company, entity_type="Department", payload={"Name": name})
