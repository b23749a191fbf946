"""The QuickBooks company's own settings that decide what a purchase order may be and carry.

They are read from Intuit's Preferences when the company connects, when an admin asks (Refresh
from QuickBooks), before a sync once they are a day old, and when QuickBooks refuses a purchase
order; between reads they are kept on the connection.
"""

import datetime
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from integrations.quickbooks.models import QuickBooksConnection

if TYPE_CHECKING:
    from integrations.quickbooks.client import QuickBooksClient

# How long preferences read from QuickBooks are trusted before a sync reads them again.
PREFERENCES_MAX_AGE = datetime.timedelta(days=1)


@dataclass(frozen=True)
class CompanyPreferences:
    # Intuit: OtherPrefs "VendorAndPurchasesPrefs.PurchaseOrderEnabled"
    purchase_orders: bool = True
    # Intuit: OtherPrefs "VendorAndPurchasesPrefs.UseCustomTxnNumbers" (expense forms), else
    # SalesFormsPrefs.CustomTxnNumbers
    custom_doc_numbers: bool = True
    # "off" | "per_line" | "per_transaction" (AccountingInfoPrefs.ClassTrackingPerTxnLine /
    # ClassTrackingPerTxn)
    class_tracking: str = "off"
    # Intuit: VendorAndPurchasesPrefs.BillableExpenseTracking (lines to a job get BillableStatus
    # "Billable")
    billable_expenses: bool = False
    home_currency: str = "USD"  # CurrencyPrefs.HomeCurrency
    multi_currency: bool = False  # CurrencyPrefs.MultiCurrencyEnabled


def company_preferences(*, connection: QuickBooksConnection) -> CompanyPreferences:
    """The preferences last read from the connection's QuickBooks company (defaults until read)."""
    known = {field.name for field in fields(CompanyPreferences)}
    return CompanyPreferences(
        **{name: value for name, value in connection.preferences.items() if name in known}
    )


def _intuit_flag(value: Any, default: bool) -> bool:
    """Intuit's booleans: JSON true/false, or "true"/"false" in OtherPrefs name/value pairs."""
    if value is None:
        return default
    return str(value).lower() == "true"


def _preferences_of(record: dict[str, Any]) -> CompanyPreferences:
    """Intuit's Preferences record in our terms; what it leaves out keeps QuickBooks' default."""
    others = {
        str(pair.get("Name")): pair.get("Value")
        for pair in record.get("OtherPrefs", {}).get("NameValue", [])
    }
    accounting = record.get("AccountingInfoPrefs", {})
    currency = record.get("CurrencyPrefs", {})
    if accounting.get("ClassTrackingPerTxnLine"):
        class_tracking = "per_line"
    elif accounting.get("ClassTrackingPerTxn"):
        class_tracking = "per_transaction"
    else:
        class_tracking = "off"
    sales_numbers = _intuit_flag(record.get("SalesFormsPrefs", {}).get("CustomTxnNumbers"), True)
    return CompanyPreferences(
        purchase_orders=_intuit_flag(
            others.get("VendorAndPurchasesPrefs.PurchaseOrderEnabled"), True
        ),
        custom_doc_numbers=_intuit_flag(
            others.get("VendorAndPurchasesPrefs.UseCustomTxnNumbers"), sales_numbers
        ),
        class_tracking=class_tracking,
        billable_expenses=_intuit_flag(
            record.get("VendorAndPurchasesPrefs", {}).get("BillableExpenseTracking"), False
        ),
        home_currency=str(currency.get("HomeCurrency", {}).get("value") or "USD"),
        multi_currency=_intuit_flag(currency.get("MultiCurrencyEnabled"), False),
    )


def company_preferences_read(*, client: "QuickBooksClient") -> CompanyPreferences:
    """Read the company's Preferences from QuickBooks (one call) and keep them on the connection,
    the client's copy of it included."""
    preferences = _preferences_of(client.preferences())
    read_at = timezone.now()
    QuickBooksConnection.objects.filter(pk=client.connection.pk).update(
        preferences=asdict(preferences), preferences_read_at=read_at
    )
    client.connection.preferences = asdict(preferences)
    client.connection.preferences_read_at = read_at
    return preferences


def company_preferences_fresh(*, client: "QuickBooksClient") -> CompanyPreferences:
    """The preferences kept on the connection, read again first when a day old or never read."""
    read_at = client.connection.preferences_read_at
    if read_at is None or timezone.now() - read_at >= PREFERENCES_MAX_AGE:
        return company_preferences_read(client=client)
    return company_preferences(connection=client.connection)
