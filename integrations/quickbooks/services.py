"""Connecting a company to QuickBooks Online, choosing its default accounts, and disconnecting.

The OAuth exchanges are HTTP calls, so they happen before or after the short transactions that
save what they returned, never inside one.
"""

import hmac
import secrets
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from intuitlib.exceptions import AuthClientError

from integrations.quickbooks import selectors
from integrations.quickbooks.client import quickbooks_client, realm_check
from integrations.quickbooks.errors import QuickBooksError, QuickBooksRejected
from integrations.quickbooks.imports import quickbooks_imports_stale_fail
from integrations.quickbooks.models import (
    QuickBooksConnection,
    QuickBooksImport,
    QuickBooksWebhookEvent,
)
from integrations.quickbooks.oauth import auth_client_make, consent_url, endpoints_for
from integrations.quickbooks.preferences import company_preferences_read
from integrations.quickbooks.selectors import quickbooks_connection_active
from integrations.quickbooks.steps import SyncQuickBooksStep
from integrations.quickbooks.tasks import quickbooks_import_run, quickbooks_webhook_process
from integrations.quickbooks.tokens import tokens_store
from integrations.quickbooks.webhooks import webhook_changes
from ontraccr_clone.accounts.models import User
from ontraccr_clone.accounts.services import require_admin
from workflows.engine.services import workflow_runs_resume_waiting

SESSION_KEY = "quickbooks_connect"


def quickbooks_redirect_uri(*, origin: str) -> str:
    """Where QuickBooks sends the admin back: this server's callback unless configured."""
    return settings.QBO_REDIRECT_URI or origin + reverse("quickbooks:callback")


def quickbooks_connect_start(*, actor: User, session: SessionBase, origin: str) -> str:
    """Begin connecting: remember a one-time state in the session, answer Intuit's consent URL."""
    require_admin(actor, to="connect QuickBooks Online")
    state = secrets.token_urlsafe(32)
    session[SESSION_KEY] = {"state": state, "company_id": actor.tenant.pk, "origin": origin}
    return consent_url(
        endpoints=endpoints_for(origin=origin),
        redirect_uri=quickbooks_redirect_uri(origin=origin),
        state=state,
    )


def quickbooks_connect_finish(
    *, actor: User, session: SessionBase, state: str, code: str, realm_id: str
) -> QuickBooksConnection:
    """Finish connecting after consent: check the state, trade the code for tokens, save them
    encrypted, then read the company's name and pick its default accounts."""
    require_admin(actor, to="connect QuickBooks Online")
    started = session.pop(SESSION_KEY, None)
    if (
        not isinstance(started, dict)
        or not state
        or not hmac.compare_digest(str(started.get("state", "")), state)
        or started.get("company_id") != actor.tenant.pk
    ):
        raise ValidationError(
            {"state": "This answer from QuickBooks does not match a connection you started."}
        )
    if not code or not realm_id:
        raise ValidationError({"code": "QuickBooks did not send an authorization code."})
    if not realm_id.isascii() or not realm_id.isdigit():
        raise ValidationError({"realm_id": "QuickBooks sent a company id that is not one."})
    origin = started["origin"]
    endpoints = endpoints_for(origin=origin)
    try:
        with auth_client_make(
            discovery_url=endpoints.discovery_url,
            redirect_uri=quickbooks_redirect_uri(origin=origin),
        ) as auth:
            auth.get_bearer_token(code, realm_id=realm_id)
    except AuthClientError as error:
        raise ValidationError(
            {"code": f"QuickBooks refused the authorization (HTTP {error.status_code})."}
        ) from error
    # The realm comes in the callback's query string, which anyone can change: the tokens must
    # be for that very company before they are saved as its connection.
    try:
        realm_check(api_url=endpoints.api_url, realm_id=realm_id, access_token=auth.access_token)
    except QuickBooksRejected as error:
        raise ValidationError(
            {
                "realm_id": "QuickBooks signed this app in to another company than the one "
                f"named in its answer ({realm_id}), so nothing was connected. Connect again "
                "and choose the company on QuickBooks' page."
            }
        ) from error
    connection = _connection_save(
        actor=actor,
        realm_id=realm_id,
        discovery_url=endpoints.discovery_url,
        api_url=endpoints.api_url,
    )
    tokens_store(
        connection_id=connection.pk,
        access_token=auth.access_token,
        refresh_token=auth.refresh_token,
        expires_in=auth.expires_in,
        refresh_expires_in=auth.x_refresh_token_expires_in,
    )
    connection.refresh_from_db()
    quickbooks_connection_describe(connection=connection)
    connection.refresh_from_db()
    # Purchase orders that waited for a connection go on by themselves.
    workflow_runs_resume_waiting(
        company=actor.tenant, step_type=SyncQuickBooksStep.key, reason="QuickBooks Online connected"
    )
    return connection


@transaction.atomic
def _connection_save(
    *, actor: User, realm_id: str, discovery_url: str, api_url: str
) -> QuickBooksConnection:
    connection = (
        QuickBooksConnection.objects.select_for_update().filter(company=actor.tenant).first()
    )
    if connection is None or connection.realm_id != realm_id:
        defaults: dict[str, Any] = {
            "company_name": "",
            "income_account_id": "",
            "income_account_name": "",
            "expense_account_id": "",
            "expense_account_name": "",
            "payable_account_id": "",
            "payable_account_name": "",
            "preferences": {},
            "preferences_read_at": None,
        }
    else:
        defaults = {}
    connection, _ = QuickBooksConnection.objects.update_or_create(
        company=actor.tenant,
        defaults={
            "realm_id": realm_id,
            "discovery_url": discovery_url,
            "api_url": api_url,
            "status": QuickBooksConnection.Status.ACTIVE,
            "connected_at": timezone.now(),
            "connected_by": actor,
            "disconnected_at": None,
            "refreshing_until": None,
            "refreshing_owner": "",
            **defaults,
        },
    )
    return connection


def quickbooks_connection_describe(*, connection: QuickBooksConnection) -> None:
    """Read the company's name, its preferences and, where none is chosen yet, its default
    accounts."""
    with quickbooks_client(connection=connection) as client:
        info = client.company_info()
        company_preferences_read(client=client)
        accounts = client.query("select * from Account MAXRESULTS 1000").get("Account", [])
    choices = _default_accounts(accounts)
    _connection_describe_save(
        connection_id=connection.pk, company_name=str(info.get("CompanyName", "")), choices=choices
    )


ACCOUNT_ROLES = {
    # role: account types to pick from, best first
    "income": ("Income", "Other Income"),
    "expense": ("Cost of Goods Sold", "Expense", "Other Expense"),
    "payable": ("Accounts Payable",),
}


def _default_accounts(accounts: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    chosen = {}
    for role, types in ACCOUNT_ROLES.items():
        for account_type in types:
            match = next(
                (
                    account
                    for account in accounts
                    if account.get("AccountType") == account_type and account.get("Active", True)
                ),
                None,
            )
            if match is not None:
                chosen[role] = (str(match["Id"]), str(match.get("Name", "")))
                break
    return chosen


@transaction.atomic
def _connection_describe_save(
    *, connection_id: int, company_name: str, choices: dict[str, tuple[str, str]]
) -> None:
    connection = QuickBooksConnection.objects.select_for_update().get(pk=connection_id)
    connection.company_name = company_name
    for role, (account_id, name) in choices.items():
        if not getattr(connection, f"{role}_account_id"):
            setattr(connection, f"{role}_account_id", account_id)
            setattr(connection, f"{role}_account_name", name)
    connection.save()


def quickbooks_accounts_set(
    *, actor: User, income_account_id: str, expense_account_id: str, payable_account_id: str
) -> QuickBooksConnection:
    """Choose the accounts new items and purchase orders use, from the company's accounts."""
    require_admin(actor, to="choose the QuickBooks accounts")
    connection = selectors.quickbooks_connection_active(company=actor.tenant)
    accounts = {
        account["Id"]: account
        for account in selectors.quickbooks_account_list(connection=connection)
    }
    wanted = {
        "income": income_account_id,
        "expense": expense_account_id,
        "payable": payable_account_id,
    }
    problems = {}
    for role, account_id in wanted.items():
        account = accounts.get(account_id)
        if account is None or account.get("AccountType") not in ACCOUNT_ROLES[role]:
            problems[f"{role}_account_id"] = (
                f"Choose one of the company's {' or '.join(ACCOUNT_ROLES[role])} accounts."
            )
    if problems:
        raise ValidationError(problems)
    return _accounts_save(
        connection_id=connection.pk,
        choices={role: (accounts[pk]["Id"], accounts[pk]["Name"]) for role, pk in wanted.items()},
    )


@transaction.atomic
def _accounts_save(
    *, connection_id: int, choices: dict[str, tuple[str, str]]
) -> QuickBooksConnection:
    connection = QuickBooksConnection.objects.select_for_update().get(pk=connection_id)
    for role, (account_id, name) in choices.items():
        setattr(connection, f"{role}_account_id", account_id)
        setattr(connection, f"{role}_account_name", name)
    connection.save()
    return connection


def quickbooks_preferences_refresh(*, actor: User) -> QuickBooksConnection:
    """Read the company's preferences from QuickBooks again, after an admin changed them there."""
    require_admin(actor, to="refresh the QuickBooks company settings")
    connection = selectors.quickbooks_connection_active(company=actor.tenant)
    with quickbooks_client(connection=connection) as client:
        company_preferences_read(client=client)
    return connection


def quickbooks_disconnect(*, actor: User) -> QuickBooksConnection:
    """Revoke this app's access and forget the tokens; sync records and timelines stay."""
    require_admin(actor, to="disconnect QuickBooks Online")
    connection = selectors.quickbooks_connection_get(company=actor.tenant)
    token = connection.refresh_token or connection.access_token
    if token:
        try:
            with auth_client_make(discovery_url=connection.discovery_url) as auth:
                auth.revoke(token=token)
        except (AuthClientError, OSError, QuickBooksError):
            # Forgetting the tokens disconnects us either way; QuickBooks lets them expire.
            pass
    return _connection_forget(connection_id=connection.pk)


@transaction.atomic
def _connection_forget(*, connection_id: int) -> QuickBooksConnection:
    connection = QuickBooksConnection.objects.select_for_update().get(pk=connection_id)
    connection.status = QuickBooksConnection.Status.DISCONNECTED
    connection.access_token = ""
    connection.refresh_token = ""
    connection.access_expires_at = None
    connection.refresh_expires_at = None
    connection.refreshing_until = None
    connection.refreshing_owner = ""
    connection.disconnected_at = timezone.now()
    connection.save()
    return connection


@transaction.atomic
def quickbooks_import_start(*, actor: User, include_services: bool = False) -> QuickBooksImport:
    """Queue an import of the company's QuickBooks vendors and items (one at a time; one whose
    worker stopped is marked failed first, so it does not hold the next one back)."""
    require_admin(actor, to="import from QuickBooks")
    quickbooks_connection_active(company=actor.tenant)
    quickbooks_imports_stale_fail(company=actor.tenant)
    running = QuickBooksImport.objects.filter(
        company=actor.tenant,
        status__in=[QuickBooksImport.Status.QUEUED, QuickBooksImport.Status.RUNNING],
    ).first()
    if running is not None:
        return running
    started = QuickBooksImport.objects.create(
        company=actor.tenant, started_by=actor, include_services=include_services
    )

    def enqueue() -> None:
        task = quickbooks_import_run.enqueue(started.pk)
        QuickBooksImport.objects.filter(pk=started.pk).update(task_id=str(task.id))

    transaction.on_commit(enqueue)
    return started


@transaction.atomic
def webhook_event_receive(*, body: bytes) -> list[QuickBooksWebhookEvent]:
    """Store each change a verified notification names, once, with the task that processes it.
    The task's row is written in this same transaction: a crash after commit loses nothing."""
    stored = []
    for change in webhook_changes(body=body):
        try:
            with transaction.atomic():
                event = QuickBooksWebhookEvent.objects.create(**change)
        except IntegrityError:
            continue  # stored already: Intuit sent it again, or someone replays it
        quickbooks_webhook_process.enqueue(event.pk)
        stored.append(event)
    return stored
