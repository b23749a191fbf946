"""A sandbox company's Preferences: Intuit's record, the settings the sandbox acts on, and how an
app's update of it is taken.

Intuit keeps the settings in several places of the record: purchase orders and custom numbers of
expense forms in `OtherPrefs` name/value pairs, class tracking in `AccountingInfoPrefs`, currencies
in `CurrencyPrefs`. `SandboxPreferences` reads them from there and writes them back, so the
record an app reads is always the one the sandbox obeys.
"""

import copy
import re
from dataclasses import dataclass, replace
from typing import Any

from integrations.qbo_sandbox import faults
from integrations.qbo_sandbox.entities import ENTITY_COMMON, REF, Record, Shape, shape

PURCHASE_ORDERS = "VendorAndPurchasesPrefs.PurchaseOrderEnabled"
PURCHASE_CUSTOM_NUMBERS = "VendorAndPurchasesPrefs.UseCustomTxnNumbers"
CLASS_TRACKING = ("off", "per_line", "per_transaction")
CURRENCY_NAMES = {
    "USD": "United States Dollar",
    "CAD": "Canadian Dollar",
    "EUR": "Euro",
    "GBP": "British Pound Sterling",
    "AUD": "Australian Dollar",
    "MXN": "Mexican Peso",
}
CURRENCY_CODE = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class SandboxPreferences:
    """The settings of a sandbox company that change what its API accepts."""

    purchase_orders: bool = True
    custom_doc_numbers: bool = True
    class_tracking: str = "off"
    billable_expenses: bool = True
    home_currency: str = "USD"
    multi_currency: bool = False

    def currency_ref(self, code: str = "") -> Record:
        code = code or self.home_currency
        return {"value": code, "name": CURRENCY_NAMES.get(code, code)}


def _name_values(record: Record) -> dict[str, str]:
    pairs = record.get("OtherPrefs", {}).get("NameValue", [])
    return {str(pair.get("Name")): str(pair.get("Value")) for pair in pairs}


def preferences_of(record: Record) -> SandboxPreferences:
    """The settings a Preferences record holds."""
    accounting = record.get("AccountingInfoPrefs", {})
    currency = record.get("CurrencyPrefs", {})
    others = _name_values(record)
    if accounting.get("ClassTrackingPerTxnLine"):
        class_tracking = "per_line"
    elif accounting.get("ClassTrackingPerTxn"):
        class_tracking = "per_transaction"
    else:
        class_tracking = "off"
    return SandboxPreferences(
        purchase_orders=others.get(PURCHASE_ORDERS, "true") == "true",
        custom_doc_numbers=others.get(
            PURCHASE_CUSTOM_NUMBERS,
            str(record.get("SalesFormsPrefs", {}).get("CustomTxnNumbers", True)).lower(),
        )
        == "true",
        class_tracking=class_tracking,
        billable_expenses=bool(
            record.get("VendorAndPurchasesPrefs", {}).get("BillableExpenseTracking", True)
        ),
        home_currency=str(currency.get("HomeCurrency", {}).get("value") or "USD"),
        multi_currency=bool(currency.get("MultiCurrencyEnabled", False)),
    )


def preferences_changed(record: Record, **changes: Any) -> Record:
    """The record with some settings changed, as the company's admin would change them in
    QuickBooks; refuses a class tracking mode or currency QuickBooks does not know."""
    wanted = replace(preferences_of(record), **changes)
    if wanted.class_tracking not in CLASS_TRACKING:
        raise ValueError(f"class_tracking must be one of {', '.join(CLASS_TRACKING)}")
    if not CURRENCY_CODE.fullmatch(wanted.home_currency):
        raise ValueError("home_currency must be a three-letter currency code, such as USD")
    changed = copy.deepcopy(record)
    changed.setdefault("AccountingInfoPrefs", {}).update(
        ClassTrackingPerTxnLine=wanted.class_tracking == "per_line",
        ClassTrackingPerTxn=wanted.class_tracking == "per_transaction",
    )
    changed.setdefault("SalesFormsPrefs", {})["CustomTxnNumbers"] = wanted.custom_doc_numbers
    changed.setdefault("VendorAndPurchasesPrefs", {})["BillableExpenseTracking"] = (
        wanted.billable_expenses
    )
    changed["CurrencyPrefs"] = {
        "MultiCurrencyEnabled": wanted.multi_currency,
        "HomeCurrency": {"value": wanted.home_currency},
    }
    others = _name_values(changed)
    others[PURCHASE_ORDERS] = str(wanted.purchase_orders).lower()
    others[PURCHASE_CUSTOM_NUMBERS] = str(wanted.custom_doc_numbers).lower()
    changed.setdefault("OtherPrefs", {})["NameValue"] = [
        {"Name": name, "Value": value} for name, value in others.items()
    ]
    return changed


# What an app may send back in an update. python-quickbooks sends the whole record it read, with
# its own defaults for what it did not read; QuickBooks keeps its read-only settings as they are.
CUSTOM_FIELD = shape("CustomField", "Name", "Type", "StringValue", "BooleanValue", "DefinitionId")
CUSTOM_FIELD_GROUP = shape("CustomFieldGroup", CustomField=CUSTOM_FIELD)
EMAIL_MESSAGE = shape("EmailMessageType", "Message", "Subject")
SECTIONS: dict[str, Shape] = {
    "EmailMessagesPrefs": shape(
        "EmailMessagesPrefs",
        InvoiceMessage=EMAIL_MESSAGE,
        EstimateMessage=EMAIL_MESSAGE,
        SalesReceiptMessage=EMAIL_MESSAGE,
        StatementMessage=EMAIL_MESSAGE,
    ),
    "ProductAndServicesPrefs": shape(
        "ProductAndServicesPrefs",
        *("ForSales", "ForPurchase", "QuantityWithPriceAndRate", "QuantityOnHand"),
        *("RevenueRecognition", "RevenueRecognitionEnabled", "RevenueRecognitionFrequency"),
    ),
    "ReportPrefs": shape("ReportPrefs", "ReportBasis", "CalcAgingReportFromTxnDate"),
    "AccountingInfoPrefs": shape(
        "AccountingInfoPrefs",
        *("FirstMonthOfFiscalYear", "UseAccountNumbers", "TaxYearMonth", "ClassTrackingPerTxn"),
        *("ClassTrackingPerTxnLine", "TrackDepartments", "TaxForm", "CustomerTerminology"),
        *("BookCloseDate", "DepartmentTerminology"),
    ),
    "SalesFormsPrefs": shape(
        "SalesFormsPrefs",
        *("ETransactionPaymentEnabled", "CustomTxnNumbers", "AllowShipping", "AllowServiceDate"),
        *("ETransactionEnabledStatus", "DefaultCustomerMessage", "EmailCopyToCompany"),
        *("AllowEstimates", "AllowDiscount", "DefaultDiscountAccount", "DefaultShippingAccount"),
        *("AllowDeposit", "AutoApplyPayments", "IPNSupportEnabled", "AutoApplyCredit"),
        *("UsingPriceLevels", "ETransactionAttachPDF", "UsingProgressInvoicing"),
        *("EstimateMessage", "PrintItemWithZeroAmount", "DefaultShipMethodRef"),
        DefaultTerms=REF,
        SalesEmailBcc=shape("EmailAddress", "Address"),
        SalesEmailCc=shape("EmailAddress", "Address"),
        CustomField=CUSTOM_FIELD_GROUP,
    ),
    "VendorAndPurchasesPrefs": shape(
        "VendorAndPurchasesPrefs",
        *("BillableExpenseTracking", "TrackingByCustomer", "TPAREnabled", "DefaultMarkup"),
        DefaultTerms=REF,
        DefaultMarkupAccount=REF,
        POCustomField=CUSTOM_FIELD_GROUP,
    ),
    "TaxPrefs": shape("TaxPrefs", "UsingSalesTax", "PartnerTaxEnabled", TaxGroupCodeRef=REF),
    "OtherPrefs": shape("OtherPrefs", NameValue=shape("NameValue", "Name", "Value")),
    "TimeTrackingPrefs": shape(
        "TimeTrackingPrefs",
        *("WorkWeekStartDate", "MarkTimeEntriesBillable", "ShowBillRateToAll", "UseServices"),
        *("BillCustomers",),
    ),
    "CurrencyPrefs": shape("CurrencyPrefs", "MultiCurrencyEnabled", HomeCurrency=REF),
}
PREFERENCES = Shape("Preferences", {**ENTITY_COMMON, **SECTIONS})
# Intuit's read-only settings: whole sections, or some fields of a section.
READ_ONLY_SECTIONS = frozenset({"TaxPrefs", "CurrencyPrefs", "OtherPrefs"})
READ_ONLY_FIELDS = {
    "AccountingInfoPrefs": {
        "FirstMonthOfFiscalYear",
        "UseAccountNumbers",
        "TaxYearMonth",
        "TaxForm",
        "CustomerTerminology",
        "BookCloseDate",
    },
    "ReportPrefs": {"CalcAgingReportFromTxnDate"},
    "SalesFormsPrefs": {"ETransactionEnabledStatus", "IPNSupportEnabled", "CustomField"},
    "VendorAndPurchasesPrefs": {"TPAREnabled", "POCustomField"},
    "TimeTrackingPrefs": {"WorkWeekStartDate", "MarkTimeEntriesBillable"},
}


def preferences_updated(stored: Record, payload: Record) -> Record:
    """The record after an app's update: its writable settings taken from the payload (empty
    strings, python-quickbooks' unset values, left out), the read-only ones kept."""
    PREFERENCES.check(payload)
    updated = copy.deepcopy(stored)
    for section, values in payload.items():
        if section not in SECTIONS or section in READ_ONLY_SECTIONS:
            continue
        if not isinstance(values, dict):
            raise faults.invalid_value(section, "expected an object")
        kept = READ_ONLY_FIELDS.get(section, set())
        target = updated.setdefault(section, {})
        for name, value in values.items():
            if name not in kept and value not in ("", None):
                target[name] = value
    accounting = updated.get("AccountingInfoPrefs", {})
    if accounting.get("ClassTrackingPerTxn") and accounting.get("ClassTrackingPerTxnLine"):
        raise faults.invalid_value(
            "AccountingInfoPrefs.ClassTrackingPerTxn",
            "classes are assigned per transaction or per line, not both",
        )
    return updated
