from typing import Any

from django.http import Http404

from integrations.quickbooks.client import quickbooks_client
from integrations.quickbooks.errors import QuickBooksNotConnected
from integrations.quickbooks.models import QuickBooksConnection, QuickBooksSyncRecord
from ontraccr_clone.accounts.models import Company
from workflows.forms.models import FormSubmission


def quickbooks_connection_find(*, company: Company) -> QuickBooksConnection | None:
    """The company's connection in any state, or None if it never connected."""
    return QuickBooksConnection.objects.filter(company=company).first()


def quickbooks_connection_get(*, company: Company) -> QuickBooksConnection:
    connection = quickbooks_connection_find(company=company)
    if connection is None:
        raise Http404("QuickBooks Online was never connected.")
    return connection


def quickbooks_connection_active(*, company: Company) -> QuickBooksConnection:
    """The company's connection if it can be used now; QuickBooksNotConnected otherwise."""
    connection = quickbooks_connection_find(company=company)
    if connection is None or connection.status == QuickBooksConnection.Status.DISCONNECTED:
        raise QuickBooksNotConnected("Connect QuickBooks Online in Settings > Integrations first.")
    if connection.status == QuickBooksConnection.Status.NEEDS_RECONNECT:
        raise QuickBooksNotConnected(
            "QuickBooks Online needs to be reconnected in Settings > Integrations."
        )
    return connection


def quickbooks_is_connected(*, company: Company) -> bool:
    return QuickBooksConnection.objects.filter(
        company=company, status=QuickBooksConnection.Status.ACTIVE
    ).exists()


def quickbooks_account_list(*, connection: QuickBooksConnection) -> list[dict[str, Any]]:
    """The company's active accounts in QuickBooks (one API call)."""
    with quickbooks_client(connection=connection) as client:
        accounts = client.query("select * from Account MAXRESULTS 1000").get("Account", [])
    return [account for account in accounts if account.get("Active", True)]


def quickbooks_sync_record_list(*, submission: FormSubmission) -> list[QuickBooksSyncRecord]:
    return list(QuickBooksSyncRecord.objects.filter(submission=submission))
