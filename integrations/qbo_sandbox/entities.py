"""The QuickBooks entities the sandbox knows, each with Intuit's rules for it.

An entity kind says which fields are required, which references must point at existing active
records, what QuickBooks computes itself, and which fields a query may filter on. Storage and
uniqueness checks live in the services; this module only shapes and checks one record.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from integrations.qbo_sandbox import faults

if TYPE_CHECKING:
    from integrations.qbo_sandbox.preferences import SandboxPreferences

Record = dict[str, Any]


class References(Protocol):
    """The company's records that a record being written may point at."""

    def find(self, entity_type: str, qbo_id: str, element: str) -> Record:
        """The referenced record; 2500 when it does not exist, 610 when it is inactive."""

    def first_account_of_type(self, account_type: str) -> Record | None:
        """The company's oldest active account of a type, for QuickBooks' defaults."""

    def preferences(self) -> "SandboxPreferences":
        """The company's settings that decide what it accepts (purchase orders, currencies)."""


@dataclass(frozen=True)
class Shape:
    """The properties an object of Intuit's schema has; a property shaped None takes any value."""

    class_name: str
    properties: Mapping[str, "Shape | None"]

    def check(self, value: Any) -> None:
        """Refuse, with fault 2010, the first property this object (or one inside it) lacks."""
        if isinstance(value, list):
            for element in value:
                self.check(element)
            return
        if not isinstance(value, dict):
            return
        for name, inner in value.items():
            if name not in self.properties:
                raise faults.unsupported_property(name, self.class_name)
            shape = self.properties[name]
            if shape is not None:
                shape.check(inner)


def shape(class_name: str, *names: str, **nested: Shape | None) -> Shape:
    return Shape(class_name, {**dict.fromkeys(names), **nested})


REF = shape("ReferenceType", "value", "name", "type")
ADDRESS = shape(
    "PhysicalAddress",
    *("Id", "Line1", "Line2", "Line3", "Line4", "Line5", "City", "Country", "CountryCode"),
    *("CountrySubDivisionCode", "County", "PostalCode", "PostalCodeSuffix", "Lat", "Long", "Note"),
)
EMAIL = shape("EmailAddress", "Address", "Default", "Tag")
PHONE = shape("TelephoneNumber", "FreeFormNumber", "Default", "Tag", "DeviceType", "CountryCode")
WEB = shape("WebSiteAddress", "URI", "Default", "Tag")
ENTITY_COMMON = {"Id": None, "SyncToken": None, "MetaData": None, "domain": None, "sparse": None}
PERSON_NAME = ("Title", "GivenName", "MiddleName", "FamilyName", "Suffix", "DisplayName")
CONTACT = {
    "PrimaryPhone": PHONE,
    "AlternatePhone": PHONE,
    "Mobile": PHONE,
    "Fax": PHONE,
    "PrimaryEmailAddr": EMAIL,
    "WebAddr": WEB,
    "BillAddr": ADDRESS,
    "CurrencyRef": REF,
}
EXPENSE_DETAIL_COMMON = {
    "ClassRef": REF,
    "CustomerRef": REF,
    "TaxCodeRef": REF,
    "BillableStatus": None,
    "MarkupInfo": None,
    "TaxInclusiveAmt": None,
    "TaxAmount": None,
}
EXPENSE_LINE = shape(
    "Line",
    *("Id", "LineNum", "Description", "Amount", "DetailType", "LinkedTxn", "CustomField"),
    ProjectRef=REF,
    ItemBasedExpenseLineDetail=shape(
        "ItemBasedExpenseLineDetail",
        *("UnitPrice", "RatePercent", "Qty"),
        ItemRef=REF,
        PriceLevelRef=REF,
        UOMRef=REF,
        ItemAccountRef=REF,
        **EXPENSE_DETAIL_COMMON,
    ),
    AccountBasedExpenseLineDetail=shape(
        "AccountBasedExpenseLineDetail", AccountRef=REF, **EXPENSE_DETAIL_COMMON
    ),
)


US_DOLLAR = {"value": "USD", "name": "United States Dollar"}
SYSTEM_FIELDS = ("Id", "SyncToken", "MetaData", "domain", "sparse")
METADATA_FIELDS = frozenset({"MetaData.CreateTime", "MetaData.LastUpdatedTime"})

ACCOUNT_CLASSIFICATIONS = {
    "Bank": "Asset",
    "Other Current Asset": "Asset",
    "Fixed Asset": "Asset",
    "Other Asset": "Asset",
    "Accounts Receivable": "Asset",
    "Equity": "Equity",
    "Expense": "Expense",
    "Other Expense": "Expense",
    "Cost of Goods Sold": "Expense",
    "Accounts Payable": "Liability",
    "Credit Card": "Liability",
    "Long Term Liability": "Liability",
    "Other Current Liability": "Liability",
    "Income": "Revenue",
    "Other Income": "Revenue",
}
ACCOUNT_DEFAULT_SUBTYPES = {
    "Bank": "Checking",
    "Other Current Asset": "OtherCurrentAssets",
    "Fixed Asset": "OtherFixedAssets",
    "Other Asset": "OtherLongTermAssets",
    "Accounts Receivable": "AccountsReceivable",
    "Equity": "OwnersEquity",
    "Expense": "OtherMiscellaneousServiceCost",
    "Other Expense": "OtherMiscellaneousExpense",
    "Cost of Goods Sold": "SuppliesMaterialsCogs",
    "Accounts Payable": "AccountsPayable",
    "Credit Card": "CreditCard",
    "Long Term Liability": "OtherLongTermLiabilities",
    "Other Current Liability": "OtherCurrentLiabilities",
    "Income": "SalesOfProductIncome",
    "Other Income": "OtherMiscellaneousIncome",
}


def money(value: Any, element: str) -> Decimal:
    """A JSON number (or the string python-quickbooks sends for Decimals) as cents-exact money."""
    if isinstance(value, bool):
        raise faults.invalid_value(element, "expected a number")
    try:
        amount = Decimal(str(value))
    except InvalidOperation as error:
        raise faults.invalid_value(element, f"{value!r} is not a number") from error
    if not amount.is_finite():
        raise faults.invalid_value(element, f"{value!r} is not a number")
    return amount


def as_json_number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def text(record: Record, field: str) -> str:
    value = record.get(field)
    return value.strip() if isinstance(value, str) else ""


def check_length(element: str, value: str, maximum: int) -> None:
    if len(value) > maximum:
        raise faults.invalid_value(
            element, f"String length {len(value)} is longer than the supported {maximum}"
        )


def check_date(record: Record, field: str) -> None:
    value = record.get(field)
    if value in (None, ""):
        record.pop(field, None)
        return
    try:
        datetime.date.fromisoformat(str(value)[:10])
    except ValueError as error:
        raise faults.invalid_value(field, f"{value!r} is not a date (YYYY-MM-DD)") from error
    record[field] = str(value)[:10]


def reference_value(record: Record, field: str) -> str:
    """The `value` of a `{"value": ..., "name": ...}` reference, or '' when absent."""
    ref = record.get(field)
    if isinstance(ref, dict):
        value = ref.get("value")
        return str(value).strip() if value not in (None, "") else ""
    return ""


def link(record: Record, field: str, target: str, references: References) -> Record | None:
    """Resolve an optional reference field and fill in its `name` like QuickBooks does."""
    value = reference_value(record, field)
    if not value:
        record.pop(field, None)
        return None
    referenced = references.find(target, value, field)
    record[field] = {"value": value, "name": display_name(target, referenced)}
    return referenced


def require_link(record: Record, field: str, target: str, references: References) -> Record:
    referenced = link(record, field, target, references)
    if referenced is None:
        raise faults.required_missing(field)
    return referenced


def display_name(entity_type: str, record: Record) -> str:
    if entity_type == "Vendor":
        return str(record.get("DisplayName", ""))
    return str(record.get("FullyQualifiedName") or record.get("Name") or "")


class EntityKind:
    """What QuickBooks requires of, and computes for, one entity type."""

    name: ClassVar[str]
    # The field whose value is unique within the company (6240 when taken).
    name_field: ClassVar[str | None] = None
    # Inactive records are left out of queries unless the query filters on Active.
    name_list: ClassVar[bool] = False
    writable: ClassVar[bool] = True
    deletable: ClassVar[bool] = False
    has_doc_number: ClassVar[bool] = False
    # Intuit's fixed list of tax codes: a query answers it in its own order (TAX and NON first)
    # and whole, whatever MAXRESULTS says (a known Intuit bug that python-quickbooks tests for).
    fixed_list: ClassVar[bool] = False
    queryable: ClassVar[frozenset[str]] = frozenset({"Id"})
    # Every property Intuit's schema gives the entity; any other is refused with fault 2010.
    properties: ClassVar[Shape] = Shape("IntuitEntity", ENTITY_COMMON)

    @property
    def path(self) -> str:
        return self.name.lower()

    def check_properties(self, payload: Record) -> None:
        """Refuse a misspelt or unknown property rather than store it, as QuickBooks does."""
        self.properties.check(payload)

    def prepare(self, record: Record, references: References) -> Record:
        """Check a create or full update and return the record as QuickBooks stores it."""
        raise NotImplementedError

    def prepare_create(self, record: Record, references: References) -> Record:
        """Check a create; QuickBooks refuses some records a company's settings turn off."""
        return self.prepare(record, references)

    def deactivate_name(self, record: Record) -> None:
        """QuickBooks renames an inactive list entry 'Name (deleted)', which frees the name."""
        if self.name_field and not record.get(self.name_field, "").endswith(" (deleted)"):
            record[self.name_field] = f"{record[self.name_field]} (deleted)"

    def reactivate_name(self, record: Record) -> None:
        if self.name_field and record.get(self.name_field, "").endswith(" (deleted)"):
            record[self.name_field] = record[self.name_field].removesuffix(" (deleted)")

    def name_of(self, record: Record) -> str:
        return str(record.get(self.name_field, "")) if self.name_field else ""


def display_name_of_party(record: Record) -> str:
    """A vendor's or customer's DisplayName, made from the person's name parts when it is left out,
    as Intuit does."""
    name = text(record, "DisplayName")
    if not name:
        parts = ("Title", "GivenName", "MiddleName", "FamilyName", "Suffix")
        name = " ".join(text(record, part) for part in parts if text(record, part))
    if not name:
        raise faults.required_missing("DisplayName")
    if ":" in name:
        raise faults.invalid_value("DisplayName", "a name cannot contain a colon (:)")
    check_length("DisplayName", name, 500)
    return name


def without_blanks(record: Record) -> Record:
    """Drop system fields and the empty strings python-quickbooks sends for unset attributes."""
    return {
        key: value
        for key, value in record.items()
        if key not in SYSTEM_FIELDS and value != "" and value is not None
    }


class VendorKind(EntityKind):
    name = "Vendor"
    name_field = "DisplayName"
    name_list = True
    queryable = frozenset(
        {"Id", "DisplayName", "GivenName", "FamilyName", "CompanyName", "PrimaryEmailAddr"}
        | {"Active", "Balance", "Vendor1099"}
        | METADATA_FIELDS
    )
    properties = shape(
        "Vendor",
        *ENTITY_COMMON,
        *PERSON_NAME,
        *("CompanyName", "PrintOnCheckName", "Active", "OtherContactInfo", "TaxIdentifier"),
        *("Balance", "AcctNum", "Vendor1099", "BillRate", "CostRate", "TaxReportingBasis"),
        *("GSTIN", "BusinessNumber", "GSTRegistrationType", "T4AEligible", "T5018Eligible"),
        *("HasTPAR", "Source", "VendorPaymentBankDetail", "V4IDPseudonym"),
        **CONTACT,
        TermRef=REF,
        APAccountRef=REF,
    )

    def prepare(self, record: Record, references: References) -> Record:
        record = without_blanks(record)
        name = record["DisplayName"] = display_name_of_party(record)
        record.setdefault("PrintOnCheckName", name)
        record.setdefault("Active", True)
        record.setdefault("Vendor1099", False)
        record["Balance"] = as_json_number(money(record.get("Balance", 0), "Balance"))
        preferences = references.preferences()
        currency = reference_value(record, "CurrencyRef") or preferences.home_currency
        if currency != preferences.home_currency and not preferences.multi_currency:
            raise faults.business_validation(
                f"Multicurrency is off: {name} can only be in the home currency, "
                f"{preferences.home_currency}, not {currency}."
            )
        record["CurrencyRef"] = preferences.currency_ref(currency)
        link(record, "APAccountRef", "Account", references)
        return record


class ItemKind(EntityKind):
    name = "Item"
    name_field = "Name"
    name_list = True
    queryable = frozenset(
        {"Id", "Name", "Sku", "Type", "Active", "FullyQualifiedName", "Taxable"}
        | {"UnitPrice", "PurchaseCost", "QtyOnHand"}
        | METADATA_FIELDS
    )
    types = ("Inventory", "NonInventory", "Service")
    properties = shape(
        "Item",
        *ENTITY_COMMON,
        *("Name", "Sku", "Description", "Active", "SubItem", "Level", "FullyQualifiedName"),
        *("Taxable", "SalesTaxIncluded", "UnitPrice", "Type", "PurchaseDesc", "PurchaseCost"),
        *("PurchaseTaxIncluded", "TrackQtyOnHand", "QtyOnHand", "InvStartDate", "ReorderPoint"),
        *("AbatementRate", "ReverseChargeRate", "ServiceType", "ItemCategoryType", "Source"),
        *("UQCDisplayText", "UQCId"),
        ParentRef=REF,
        IncomeAccountRef=REF,
        ExpenseAccountRef=REF,
        AssetAccountRef=REF,
        PrefVendorRef=REF,
        SalesTaxCodeRef=REF,
        PurchaseTaxCodeRef=REF,
        ClassRef=REF,
        TaxClassificationRef=REF,
    )

    def prepare(self, record: Record, references: References) -> Record:
        record = without_blanks(record)
        name = text(record, "Name")
        if not name:
            raise faults.required_missing("Name")
        if ":" in name:
            raise faults.invalid_value("Name", "a name cannot contain a colon (:)")
        check_length("Name", name, 100)
        item_type = text(record, "Type")
        if not item_type:
            raise faults.required_missing("Type")
        if item_type not in self.types:
            raise faults.invalid_value("Type", f"expected one of {', '.join(self.types)}")
        record.update(Name=name, Type=item_type)

        income = link(record, "IncomeAccountRef", "Account", references)
        expense = link(record, "ExpenseAccountRef", "Account", references)
        asset = link(record, "AssetAccountRef", "Account", references)
        if item_type == "Inventory":
            for field, account in (
                ("IncomeAccountRef", income),
                ("ExpenseAccountRef", expense),
                ("AssetAccountRef", asset),
            ):
                if account is None:
                    raise faults.required_missing(field)
            if "QtyOnHand" not in record:
                raise faults.required_missing("QtyOnHand")
            if "InvStartDate" not in record:
                raise faults.required_missing("InvStartDate")
            record["QtyOnHand"] = as_json_number(money(record["QtyOnHand"], "QtyOnHand"))
            check_date(record, "InvStartDate")
            record["TrackQtyOnHand"] = True
        else:
            if item_type == "Service" and income is None:
                raise faults.required_missing("IncomeAccountRef")
            if income is None and expense is None:
                raise faults.required_missing("IncomeAccountRef")
            record["TrackQtyOnHand"] = False
            record.pop("QtyOnHand", None)
            record.pop("InvStartDate", None)
        link(record, "SalesTaxCodeRef", "TaxCode", references)
        link(record, "PurchaseTaxCodeRef", "TaxCode", references)

        parent = link(record, "ParentRef", "Item", references)
        if parent is None:
            record.update(SubItem=False, FullyQualifiedName=name, Level=0)
        else:
            record.update(
                SubItem=True,
                FullyQualifiedName=f"{parent['FullyQualifiedName']}:{name}",
                Level=int(parent.get("Level", 0)) + 1,
            )
        for field in ("UnitPrice", "PurchaseCost"):
            record[field] = as_json_number(money(record.get(field, 0), field))
        record.setdefault("Active", True)
        record.setdefault("Taxable", False)
        record.setdefault("SalesTaxIncluded", False)
        record.setdefault("PurchaseTaxIncluded", False)
        return record

    def name_of(self, record: Record) -> str:
        return str(record.get("FullyQualifiedName") or record.get("Name", ""))


class AccountKind(EntityKind):
    name = "Account"
    name_field = "Name"
    name_list = True
    queryable = frozenset(
        {"Id", "Name", "AccountType", "AccountSubType", "Classification", "Active"}
        | {"FullyQualifiedName", "CurrentBalance", "AcctNum", "SubAccount"}
        | METADATA_FIELDS
    )
    properties = shape(
        "Account",
        *ENTITY_COMMON,
        *("Name", "AcctNum", "Description", "Active", "SubAccount", "FullyQualifiedName"),
        *("Classification", "AccountType", "AccountSubType", "CurrentBalance"),
        *("CurrentBalanceWithSubAccounts", "TxnLocationType", "AccountAlias"),
        ParentRef=REF,
        CurrencyRef=REF,
        TaxCodeRef=REF,
    )

    def prepare(self, record: Record, references: References) -> Record:
        record = without_blanks(record)
        name = text(record, "Name")
        if not name:
            raise faults.required_missing("Name")
        if ":" in name or '"' in name:
            raise faults.invalid_value("Name", 'a name cannot contain a colon (:) or quote (")')
        check_length("Name", name, 100)
        account_type = text(record, "AccountType")
        if not account_type:
            raise faults.required_missing("AccountType")
        if account_type not in ACCOUNT_CLASSIFICATIONS:
            raise faults.invalid_value("AccountType", f"{account_type!r} is not an account type")
        record.update(
            Name=name,
            AccountType=account_type,
            Classification=ACCOUNT_CLASSIFICATIONS[account_type],
        )
        record.setdefault("AccountSubType", ACCOUNT_DEFAULT_SUBTYPES[account_type])
        parent = link(record, "ParentRef", "Account", references)
        if parent is None:
            record.update(SubAccount=False, FullyQualifiedName=name)
        else:
            record.update(
                SubAccount=True, FullyQualifiedName=f"{parent['FullyQualifiedName']}:{name}"
            )
        record.setdefault("Active", True)
        record.setdefault("CurrentBalance", 0)
        record.setdefault("CurrentBalanceWithSubAccounts", record["CurrentBalance"])
        record.setdefault("CurrencyRef", US_DOLLAR)
        return record

    def name_of(self, record: Record) -> str:
        return str(record.get("FullyQualifiedName") or record.get("Name", ""))


class PurchaseOrderKind(EntityKind):
    name = "PurchaseOrder"
    deletable = True
    has_doc_number = True
    queryable = frozenset(
        {"Id", "DocNumber", "TxnDate", "DueDate", "TotalAmt", "VendorRef", "POStatus"}
        | {"APAccountRef", "PrivateNote", "ClassRef"}
        | METADATA_FIELDS
    )
    line_types = ("ItemBasedExpenseLineDetail", "AccountBasedExpenseLineDetail")
    statuses = ("Open", "Closed")
    billable_statuses = ("Billable", "NotBillable", "HasBeenBilled")
    properties = shape(
        "PurchaseOrder",
        *ENTITY_COMMON,
        *("DocNumber", "TxnDate", "ExchangeRate", "PrivateNote", "LinkedTxn", "DueDate"),
        *("Memo", "POStatus", "POEmail", "EmailStatus", "TotalAmt", "GlobalTaxCalculation"),
        *("CustomField", "TxnTaxDetail", "TransactionLocationType", "ShipTo", "TxnSource"),
        Line=EXPENSE_LINE,
        VendorRef=REF,
        VendorAddr=ADDRESS,
        ShipAddr=ADDRESS,
        ShipMethodRef=REF,
        APAccountRef=REF,
        ClassRef=REF,
        DepartmentRef=REF,
        SalesTermRef=REF,
        CurrencyRef=REF,
        AttachableRef=None,
        RecurDataRef=REF,
    )

    def prepare_create(self, record: Record, references: References) -> Record:
        preferences = references.preferences()
        if not preferences.purchase_orders:
            raise faults.business_validation(
                "Purchase orders are turned off for this company. Turn them on in Account and "
                "Settings > Expenses > Purchase orders."
            )
        if not preferences.custom_doc_numbers:
            # Without custom transaction numbers QuickBooks numbers transactions itself.
            record.pop("DocNumber", None)
        return self.prepare(record, references)

    def prepare(self, record: Record, references: References) -> Record:
        record = without_blanks(record)
        vendor = require_link(record, "VendorRef", "Vendor", references)
        self._check_currency(record, vendor, references.preferences())
        lines = record.get("Line")
        if not isinstance(lines, list) or not lines:
            raise faults.required_missing("Line")

        ap_account = link(record, "APAccountRef", "Account", references)
        if ap_account is None:
            ap_account = references.first_account_of_type("Accounts Payable")
            if ap_account is None:
                raise faults.required_missing("APAccountRef")
            record["APAccountRef"] = {"value": ap_account["Id"], "name": ap_account["Name"]}
        if ap_account is not None and ap_account.get("AccountType") != "Accounts Payable":
            raise faults.invalid_value("APAccountRef", "must be an Accounts Payable account")

        class_tracking = references.preferences().class_tracking
        # Intuit keeps a class only where the company tracks it (on the PO, or on each line)
        # and ignores one sent elsewhere, without an error.
        if class_tracking != "per_transaction":
            record.pop("ClassRef", None)
        link(record, "ClassRef", "Class", references)
        if "DocNumber" in record:
            record["DocNumber"] = str(record["DocNumber"]).strip()
            check_length("DocNumber", record["DocNumber"], 21)
        status = text(record, "POStatus") or "Open"
        if status not in self.statuses:
            raise faults.invalid_value("POStatus", "expected Open or Closed")
        record["POStatus"] = status

        taken_ids = {str(line.get("Id")) for line in lines if isinstance(line, dict)}
        next_line_id = 1
        total = Decimal(0)
        prepared_lines = []
        for number, line in enumerate(lines, start=1):
            if not isinstance(line, dict):
                raise faults.malformed_request("Line")
            prepared = self._prepare_line(line, references, class_tracking)
            if not str(prepared.get("Id", "")).isdigit():
                while str(next_line_id) in taken_ids:
                    next_line_id += 1
                prepared["Id"] = str(next_line_id)
                taken_ids.add(prepared["Id"])
            prepared["LineNum"] = number
            total += money(prepared["Amount"], "Line.Amount")
            prepared_lines.append(prepared)
        record["Line"] = prepared_lines
        record["TotalAmt"] = as_json_number(total.quantize(Decimal("0.01")))

        record.setdefault("TxnDate", datetime.date.today().isoformat())
        check_date(record, "TxnDate")
        check_date(record, "DueDate")
        record.setdefault("EmailStatus", "NotSet")
        record.setdefault("GlobalTaxCalculation", "TaxExcluded")
        return record

    def _check_currency(
        self, record: Record, vendor: Record, preferences: "SandboxPreferences"
    ) -> None:
        """A purchase order is in its vendor's currency, the home one unless multicurrency is
        on; one without a CurrencyRef is in the home currency."""
        home = preferences.home_currency
        vendor_currency = reference_value(vendor, "CurrencyRef") or home
        currency = reference_value(record, "CurrencyRef") or home
        if not preferences.multi_currency and home != vendor_currency:
            raise faults.business_validation(
                f"Multicurrency is off, so this company takes transactions in {home} only; the "
                f"vendor {display_name('Vendor', vendor)} is in {vendor_currency}."
            )
        if not preferences.multi_currency and home != currency:
            raise faults.business_validation(
                f"Multicurrency is off, so this company takes transactions in {home} only, "
                f"not {currency}."
            )
        if currency != vendor_currency:
            raise faults.business_validation(
                f"The transaction's currency ({currency}) must be the currency of the vendor "
                f"{display_name('Vendor', vendor)} ({vendor_currency})."
            )
        record["CurrencyRef"] = preferences.currency_ref(currency)

    def _prepare_line(self, line: Record, references: References, class_tracking: str) -> Record:
        line = {key: value for key, value in line.items() if value is not None}
        detail_type = text(line, "DetailType")
        if not detail_type:
            raise faults.required_missing("Line.DetailType")
        if detail_type not in self.line_types:
            raise faults.invalid_value("Line.DetailType", f"expected one of {self.line_types}")
        detail = line.get(detail_type)
        if not isinstance(detail, dict):
            raise faults.required_missing(f"Line.{detail_type}")
        detail = without_blanks(detail)

        if detail_type == "ItemBasedExpenseLineDetail":
            require_link(detail, "ItemRef", "Item", references)
            quantity = money(detail.get("Qty", 1), "Line.Qty")
            detail["Qty"] = as_json_number(quantity)
            if "UnitPrice" in detail:
                unit_price = money(detail["UnitPrice"], "Line.UnitPrice")
                detail["UnitPrice"] = as_json_number(unit_price)
                line.setdefault("Amount", as_json_number(quantity * unit_price))
        else:
            require_link(detail, "AccountRef", "Account", references)
        link(detail, "CustomerRef", "Customer", references)
        if class_tracking != "per_line":
            detail.pop("ClassRef", None)
        link(detail, "ClassRef", "Class", references)
        if link(detail, "TaxCodeRef", "TaxCode", references) is None:
            detail["TaxCodeRef"] = {"value": "NON"}
        billable = text(detail, "BillableStatus") or "NotBillable"
        if billable not in self.billable_statuses:
            raise faults.invalid_value(
                "Line.BillableStatus", f"expected one of {', '.join(self.billable_statuses)}"
            )
        detail["BillableStatus"] = billable

        if "Amount" not in line:
            raise faults.required_missing("Line.Amount")
        amount = money(line["Amount"], "Line.Amount").quantize(Decimal("0.01"))
        line["Amount"] = as_json_number(amount)
        line[detail_type] = detail
        if line.get("Description") in ("", None):
            line.pop("Description", None)
        return line


class CustomerKind(EntityKind):
    """A customer, or a job (sub-customer) under one, which expense lines can be billed to."""

    name = "Customer"
    name_field = "DisplayName"
    name_list = True
    queryable = frozenset(
        {"Id", "DisplayName", "GivenName", "FamilyName", "CompanyName", "PrimaryEmailAddr"}
        | {"Active", "Balance", "FullyQualifiedName", "Job", "ParentRef", "Taxable"}
        | METADATA_FIELDS
    )
    properties = shape(
        "Customer",
        *ENTITY_COMMON,
        *PERSON_NAME,
        *("FullyQualifiedName", "CompanyName", "PrintOnCheckName", "Active", "Taxable"),
        *("Notes", "Job", "BillWithParent", "Level", "Balance", "OpenBalanceDate"),
        *("BalanceWithJobs", "PreferredDeliveryMethod", "ResaleNum", "PrimaryTaxIdentifier"),
        *("SecondaryTaxIdentifier", "TaxExemptionReasonId", "IsProject", "BusinessNumber"),
        *("GSTIN", "GSTRegistrationType", "Source", "OtherContactInfo", "V4IDPseudonym"),
        **CONTACT,
        ShipAddr=ADDRESS,
        ParentRef=REF,
        DefaultTaxCodeRef=REF,
        SalesTermRef=REF,
        PaymentMethodRef=REF,
        ARAccountRef=REF,
        CustomerTypeRef=REF,
    )

    def prepare(self, record: Record, references: References) -> Record:
        record = without_blanks(record)
        name = record["DisplayName"] = display_name_of_party(record)
        parent = link(record, "ParentRef", "Customer", references)
        if parent is None:
            record.update(Job=False, Level=0, FullyQualifiedName=name, BillWithParent=False)
        else:
            record.update(
                Job=True,
                Level=int(parent.get("Level", 0)) + 1,
                FullyQualifiedName=f"{parent['FullyQualifiedName']}:{name}",
            )
            record["BillWithParent"] = bool(record.get("BillWithParent", False))
        link(record, "ARAccountRef", "Account", references)
        link(record, "DefaultTaxCodeRef", "TaxCode", references)
        balance = as_json_number(money(record.get("Balance", 0), "Balance"))
        record.update(Balance=balance, BalanceWithJobs=balance)
        check_date(record, "OpenBalanceDate")
        record.setdefault("PrintOnCheckName", name)
        record.setdefault("Active", True)
        record.setdefault("Taxable", False)
        record.setdefault("PreferredDeliveryMethod", "Print")
        record.setdefault("IsProject", False)
        record.setdefault("CurrencyRef", US_DOLLAR)
        return record


class NestedListKind(EntityKind):
    """A named list whose entries may sit under a parent of their own kind (classes,
    departments): `FullyQualifiedName` is the path of names, `sub_field` says whether it has a
    parent."""

    name_field = "Name"
    name_list = True
    sub_field = ""

    def prepare(self, record: Record, references: References) -> Record:
        record = without_blanks(record)
        name = text(record, "Name")
        if not name:
            raise faults.required_missing("Name")
        if ":" in name:
            raise faults.invalid_value("Name", "a name cannot contain a colon (:)")
        check_length("Name", name, 100)
        record["Name"] = name
        parent = link(record, "ParentRef", self.name, references)
        if parent is None:
            record.update({self.sub_field: False, "FullyQualifiedName": name})
        else:
            record.update(
                {
                    self.sub_field: True,
                    "FullyQualifiedName": f"{parent['FullyQualifiedName']}:{name}",
                }
            )
        record.setdefault("Active", True)
        return record

    def name_of(self, record: Record) -> str:
        return str(record.get("FullyQualifiedName") or record.get("Name", ""))


class ClassKind(NestedListKind):
    """A class for tracking income and expenses by segment, such as a line of business."""

    name = "Class"
    sub_field = "SubClass"
    queryable = frozenset(
        {"Id", "Name", "Active", "FullyQualifiedName", "SubClass", "ParentRef"} | METADATA_FIELDS
    )
    properties = shape(
        "Class",
        *ENTITY_COMMON,
        *("Name", "SubClass", "FullyQualifiedName", "Active"),
        ParentRef=REF,
    )


class DepartmentKind(NestedListKind):
    """A department, or location: what transactions are tracked by besides classes."""

    name = "Department"
    sub_field = "SubDepartment"
    queryable = frozenset(
        {"Id", "Name", "Active", "FullyQualifiedName", "SubDepartment", "ParentRef"}
        | METADATA_FIELDS
    )
    properties = shape(
        "Department",
        *ENTITY_COMMON,
        *("Name", "SubDepartment", "FullyQualifiedName", "Active"),
        ParentRef=REF,
    )


class TermKind(EntityKind):
    """Payment terms: due so many days after the transaction, or on a day of the month."""

    name = "Term"
    name_field = "Name"
    name_list = True
    queryable = frozenset({"Id", "Name", "Active", "Type", "DueDays"} | METADATA_FIELDS)
    properties = shape(
        "Term",
        *ENTITY_COMMON,
        *("Name", "Active", "Type", "DueDays", "DiscountPercent", "DiscountDays"),
        *("DayOfMonthDue", "DueNextMonthDays", "DiscountDayOfMonth"),
    )

    def prepare(self, record: Record, references: References) -> Record:
        record = without_blanks(record)
        name = text(record, "Name")
        if not name:
            raise faults.required_missing("Name")
        check_length("Name", name, 31)
        record["Name"] = name
        if record.get("DayOfMonthDue") is not None:
            record["Type"] = "DATE_DRIVEN"
        else:
            record["Type"] = "STANDARD"
            due_days = record.get("DueDays", 0)
            if not isinstance(due_days, int) or isinstance(due_days, bool) or due_days < 0:
                raise faults.invalid_value("DueDays", "a whole number of days, 0 or more")
            record["DueDays"] = due_days
        record.setdefault("Active", True)
        return record


class ReadOnlyKind(EntityKind):
    writable = False

    def prepare(self, record: Record, references: References) -> Record:
        raise faults.unsupported_operation(f"create or update of {self.name}")


class TaxCodeKind(ReadOnlyKind):
    name = "TaxCode"
    name_field = "Name"
    name_list = True
    fixed_list = True
    queryable = frozenset({"Id", "Name", "Active", "Taxable"} | METADATA_FIELDS)


class CompanyInfoKind(ReadOnlyKind):
    name = "CompanyInfo"
    queryable = frozenset({"Id", "CompanyName"} | METADATA_FIELDS)


class PreferencesKind(ReadOnlyKind):
    name = "Preferences"
    queryable = frozenset({"Id"} | METADATA_FIELDS)


ENTITY_KINDS: dict[str, EntityKind] = {
    kind.name: kind
    for kind in (
        VendorKind(),
        ItemKind(),
        AccountKind(),
        PurchaseOrderKind(),
        CustomerKind(),
        ClassKind(),
        TermKind(),
        DepartmentKind(),
        TaxCodeKind(),
        CompanyInfoKind(),
        PreferencesKind(),
    )
}
# QuickBooks keeps one list of names for vendors, customers and employees: a display name is
# unique across all of them.
SHARED_NAME_TYPES = ("Vendor", "Customer")
KINDS_BY_PATH = {kind.path: kind for kind in ENTITY_KINDS.values()}
KINDS_BY_LOWER_NAME = {name.lower(): kind for name, kind in ENTITY_KINDS.items()}
