from dataclasses import dataclass

from integrations.quickbooks.models import QuickBooksConnection


@dataclass(frozen=True)
class CompanyPreferences:
    purchase_orders: bool = True
    custom_doc_numbers: bool = True
    class_tracking: str = "off"
    billable_expenses: bool = False
    home_currency: str = "USD"
    multi_currency: bool = False


def company_preferences(*, connection: QuickBooksConnection) -> CompanyPreferences:
    """The preferences last read from the connection's QuickBooks company (defaults until read)."""
    return CompanyPreferences()
