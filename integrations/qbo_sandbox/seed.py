"""Sample data for new sandbox companies, modelled on Intuit's sample company."""

from dataclasses import dataclass, field
from typing import Any

Record = dict[str, Any]

ACCOUNTS: list[Record] = [
    {"Name": "Accounts Payable (A/P)", "AccountType": "Accounts Payable"},
    {"Name": "Checking", "AccountType": "Bank", "AccountSubType": "Checking"},
    {
        "Name": "Inventory Asset",
        "AccountType": "Other Current Asset",
        "AccountSubType": "Inventory",
    },
    {"Name": "Cost of Goods Sold", "AccountType": "Cost of Goods Sold"},
    {"Name": "Job Materials", "AccountType": "Expense", "AccountSubType": "SuppliesMaterials"},
    {"Name": "Equipment Rental", "AccountType": "Expense", "AccountSubType": "EquipmentRental"},
    {"Name": "Subcontractors", "AccountType": "Expense", "AccountSubType": "CostOfLabor"},
    {"Name": "Sales of Product Income", "AccountType": "Income"},
    {"Name": "Services", "AccountType": "Income", "AccountSubType": "ServiceFeeIncome"},
]


def _vendor(name: str, email: str = "", phone: str = "", city: str = "") -> Record:
    vendor: Record = {"DisplayName": name, "CompanyName": name}
    if email:
        vendor["PrimaryEmailAddr"] = {"Address": email}
    if phone:
        vendor["PrimaryPhone"] = {"FreeFormNumber": phone}
    if city:
        vendor["BillAddr"] = {"City": city, "CountrySubDivisionCode": "CA"}
    return vendor


VENDORS: list[Record] = [
    _vendor("Bob's Burger Joint", city="Bayshore"),
    _vendor("Books by Bessie", "Books@Intuit.com", "(650) 555-7745", "Palo Alto"),
    _vendor("Brosnahan Insurance Agency", phone="(650) 555-9912", city="Menlo Park"),
    _vendor("Cal Telephone", phone="(650) 555-1616", city="Palo Alto"),
    _vendor("Chin's Gas and Oil", city="Sunnyvale"),
    _vendor("Diego's Road Warrior Bodyshop", city="Middlefield"),
    _vendor("Hicks Hardware", phone="(650) 555-0022", city="Middlefield"),
    _vendor("Lee Advertising", city="Bayshore"),
    _vendor("Norton Lumber and Building Materials", "Materials@intuit.com", "(650) 363-6578"),
    _vendor("PG&E", phone="(888) 555-9465", city="Bayshore"),
    _vendor("Robertson & Associates", phone="(650) 555-3311", city="Bayshore"),
    _vendor("Tim Philip Masonry", "tim.philip@timphilipmasonry.com", "(800) 556-1254"),
]


def _customer(
    name: str, given: str = "", family: str = "", email: str = "", jobs: tuple[str, ...] = ()
) -> tuple[Record, tuple[str, ...]]:
    """A customer and the names of its jobs (sub-customers)."""
    customer: Record = {"DisplayName": name}
    if given:
        customer.update(CompanyName=name, GivenName=given, FamilyName=family)
    if email:
        customer["PrimaryEmailAddr"] = {"Address": email}
    return customer, jobs


# Customers, some with jobs (sub-customers) that purchase order lines can be billed to.
CUSTOMERS: list[tuple[Record, tuple[str, ...]]] = [
    _customer("Amy's Bird Sanctuary", "Amy", "Lauterbach", "Birds@Intuit.com"),
    _customer("Bill's Windsurf Shop", "Bill", "Lucchini", "Surf@Intuit.com"),
    _customer("Cool Cars", "Grace", "Pariente", "Cool_Cars@intuit.com"),
    _customer(
        "Freeman Sporting Goods",
        "Kirby",
        "Freeman",
        "Sporting_goods@intuit.com",
        jobs=("0969 Ocean View Road", "55 Twin Lane"),
    ),
    _customer("Jeff's Jalopies", "Jeff", "Chin", "Jalopies@intuit.com"),
    _customer("Paulsen Medical Supplies", "Kathy", "Paulsen", "Medical@intuit.com"),
    _customer("Travis Waldron", email="Travis@Waldron.com"),
]
CLASSES = ["Residential", "Commercial"]
# Payment terms every QuickBooks company starts with: (name, days until due).
TERMS = [("Due on receipt", 0), ("Net 15", 15), ("Net 30", 30), ("Net 60", 60)]
DEPARTMENTS = ["Main Office"]

# (name, type, unit price, purchase cost, sku)
ITEMS: list[tuple[str, str, float, float, str]] = [
    ("Concrete", "Service", 0, 0, ""),
    ("Design", "Service", 75, 0, ""),
    ("Installation", "Service", 50, 0, ""),
    ("Hours", "Service", 0, 0, ""),
    ("Lumber 2x4x8", "NonInventory", 6.5, 4.25, "LUM-248"),
    ("Drywall Sheet 4x8", "NonInventory", 18, 12.5, "DRY-48"),
    ("Rebar #4", "NonInventory", 9, 6, "REB-4"),
    ("Sod", "NonInventory", 0, 0, ""),
    ("Pump", "Inventory", 15, 10, "PMP-1"),
    ("Rock Fountain", "Inventory", 275, 125, "RFN-1"),
    ("Sprinkler Heads", "Inventory", 2, 0.75, "SPR-H"),
    ("Sprinkler Pipes", "Inventory", 4, 2.5, "SPR-P"),
]


@dataclass(frozen=True)
class SampleCompany:
    realm_id: str
    name: str
    vendors: list[Record] = field(default_factory=list)
    items: list[tuple[str, str, float, float, str]] = field(default_factory=list)
    customers: list[tuple[Record, tuple[str, ...]]] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)


SAMPLE_COMPANIES = [
    SampleCompany("9341452000000001", "Sandbox Company_US_1", VENDORS, ITEMS, CUSTOMERS, CLASSES),
    SampleCompany(
        "9341452000000002",
        "Sandbox Company_US_2",
        [_vendor("Ace Concrete Supply"), _vendor("Harbor Steel"), _vendor("Valley Rentals")],
        [ITEMS[0], ITEMS[4], ITEMS[8]],
        [_customer("Lakeside Clinic", jobs=("Clinic Remodel",))],
        ["Commercial"],
    ),
]


def item_payload(item: tuple[str, str, float, float, str], account_ids: dict[str, str]) -> Record:
    name, item_type, unit_price, purchase_cost, sku = item
    payload: Record = {
        "Name": name,
        "Type": item_type,
        "UnitPrice": unit_price,
        "PurchaseCost": purchase_cost,
        "IncomeAccountRef": {"value": account_ids["Sales of Product Income"]},
        "ExpenseAccountRef": {"value": account_ids["Job Materials"]},
    }
    if item_type == "Service":
        payload["IncomeAccountRef"] = {"value": account_ids["Services"]}
        payload["ExpenseAccountRef"] = {"value": account_ids["Subcontractors"]}
    if item_type == "Inventory":
        payload.update(
            ExpenseAccountRef={"value": account_ids["Cost of Goods Sold"]},
            AssetAccountRef={"value": account_ids["Inventory Asset"]},
            QtyOnHand=25,
            InvStartDate="2024-01-01",
        )
    if sku:
        payload["Sku"] = sku
    return payload


def fixed_records(company_name: str) -> list[tuple[str, Record]]:
    """The records whose ids QuickBooks fixes: tax codes, company info and preferences."""
    address = {
        "Id": "1",
        "Line1": "123 Sierra Way",
        "City": "San Pablo",
        "CountrySubDivisionCode": "CA",
        "PostalCode": "87999",
    }
    return [
        (
            "TaxCode",
            {
                "Id": "TAX",
                "Name": "TAX",
                "Description": "TAX",
                "Taxable": True,
                "TaxGroup": False,
                "Active": True,
            },
        ),
        (
            "TaxCode",
            {
                "Id": "NON",
                "Name": "NON",
                "Description": "NON",
                "Taxable": False,
                "TaxGroup": False,
                "Active": True,
            },
        ),
        *[
            (
                "TaxCode",
                {
                    "Id": code_id,
                    "Name": name,
                    "Description": name,
                    "Taxable": True,
                    "TaxGroup": True,
                    "Active": True,
                },
            )
            for code_id, name in (("2", "California"), ("3", "Tucson City"))
        ],
        (
            "CompanyInfo",
            {
                "Id": "1",
                "CompanyName": company_name,
                "LegalName": company_name,
                "CompanyAddr": address,
                "LegalAddr": address,
                "CustomerCommunicationAddr": address,
                "PrimaryPhone": {"FreeFormNumber": "(650) 555-0100"},
                "Email": {"Address": "noreply@quickbooks.example"},
                "CompanyStartDate": "2024-01-01",
                "FiscalYearStartMonth": "January",
                "Country": "US",
                "SupportedLanguages": "en",
                "NameValue": [{"Name": "CompanyType", "Value": "Other"}],
            },
        ),
        ("Preferences", preferences_record(company_name)),
    ]


def preferences_record(company_name: str) -> Record:
    """A new company's Preferences, shaped as Intuit answers them: purchase orders and custom
    transaction numbers on, no class tracking, billable expenses tracked, US dollars only."""
    signature = f"\n\nSincerely,\n{company_name}"
    return {
        "Id": "1",
        "EmailMessagesPrefs": {
            "InvoiceMessage": {
                "Subject": f"Invoice [Invoice No.] from {company_name}",
                "Message": "Your invoice is attached. Please remit payment at your earliest "
                "convenience." + signature,
            },
            "EstimateMessage": {
                "Subject": f"Estimate [Estimate No.] from {company_name}",
                "Message": "Please review the estimate below." + signature,
            },
            "SalesReceiptMessage": {
                "Subject": f"Sales Receipt [Sales Receipt No.] from {company_name}",
                "Message": "Your sales receipt is attached." + signature,
            },
            "StatementMessage": {
                "Subject": f"Statement from {company_name}",
                "Message": "Your statement is attached." + signature,
            },
        },
        "ProductAndServicesPrefs": {
            "ForSales": True,
            "ForPurchase": True,
            "QuantityWithPriceAndRate": True,
            "QuantityOnHand": True,
        },
        "ReportPrefs": {"ReportBasis": "Accrual", "CalcAgingReportFromTxnDate": False},
        "AccountingInfoPrefs": {
            "FirstMonthOfFiscalYear": "January",
            "UseAccountNumbers": True,
            "TaxYearMonth": "January",
            "ClassTrackingPerTxn": False,
            "ClassTrackingPerTxnLine": False,
            "TrackDepartments": False,
            "TaxForm": "6",
            "CustomerTerminology": "Customers",
            "DepartmentTerminology": "Location",
        },
        "SalesFormsPrefs": {
            "ETransactionPaymentEnabled": False,
            "CustomTxnNumbers": True,
            "AllowShipping": False,
            "AllowServiceDate": False,
            "ETransactionEnabledStatus": "NotApplicable",
            "DefaultCustomerMessage": "Thank you for your business and have a great day!",
            "EmailCopyToCompany": False,
            "AllowEstimates": True,
            "AllowDiscount": True,
            "DefaultShippingAccount": False,
            "AllowDeposit": True,
            "AutoApplyPayments": True,
            "IPNSupportEnabled": False,
            "AutoApplyCredit": True,
            "UsingPriceLevels": False,
            "ETransactionAttachPDF": False,
            "UsingProgressInvoicing": False,
        },
        "VendorAndPurchasesPrefs": {
            "TrackingByCustomer": True,
            "BillableExpenseTracking": True,
            "TPAREnabled": False,
        },
        "TaxPrefs": {"UsingSalesTax": True, "PartnerTaxEnabled": True},
        "OtherPrefs": {
            "NameValue": [
                {
                    "Name": "SalesFormsPrefs.DefaultCustomerMessage",
                    "Value": "Thank you for your business and have a great day!",
                },
                {"Name": "ProjectsEnabled", "Value": "true"},
                {"Name": "VendorAndPurchasesPrefs.UseCustomTxnNumbers", "Value": "true"},
                {"Name": "VendorAndPurchasesPrefs.PurchaseOrderEnabled", "Value": "true"},
            ]
        },
        "TimeTrackingPrefs": {
            "WorkWeekStartDate": "Monday",
            "MarkTimeEntriesBillable": True,
            "ShowBillRateToAll": False,
            "UseServices": True,
            "BillCustomers": True,
        },
        "CurrencyPrefs": {"MultiCurrencyEnabled": False, "HomeCurrency": {"value": "USD"}},
    }
