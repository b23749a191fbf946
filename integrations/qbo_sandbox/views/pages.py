"""Pages showing what each sandbox company holds, as QuickBooks would show it, and the changes a
user makes there: the company's settings, closing a purchase order and reopening it."""

from collections.abc import Callable

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from integrations.qbo_sandbox import faults, selectors, services
from integrations.qbo_sandbox.models import SandboxCompany
from integrations.qbo_sandbox.preferences import CURRENCY_NAMES

CLASS_TRACKING_CHOICES = [
    ("off", "Off"),
    ("per_line", "One class to each row in a transaction"),
    ("per_transaction", "One class to each transaction"),
]


def _company(realm_id: str) -> SandboxCompany:
    services.sandbox_ensure_seeded()
    company = selectors.company_by_realm(realm_id)
    if company is None:
        raise Http404("No sandbox company has this realm id.")
    return company


@require_GET
def company_list(request: HttpRequest) -> HttpResponse:
    services.sandbox_ensure_seeded()
    return render(request, "qbo_sandbox/company_list.html", {"companies": selectors.company_list()})


@require_GET
def company_detail(request: HttpRequest, realm_id: str) -> HttpResponse:
    company = _company(realm_id)
    context = {
        "company": company,
        "preferences": selectors.company_preferences(company),
        "class_tracking_choices": CLASS_TRACKING_CHOICES,
        "currencies": sorted(CURRENCY_NAMES.items()),
        **selectors.company_records(company),
    }
    return render(request, "qbo_sandbox/company_detail.html", context)


@require_POST
def company_preferences_set(request: HttpRequest, realm_id: str) -> HttpResponse:
    """The company page's 'Save settings': every switch as the form sends it."""
    company = _company(realm_id)
    try:
        services.sandbox_preferences_set(
            realm_id=company.realm_id,
            purchase_orders="purchase_orders" in request.POST,
            custom_doc_numbers="custom_doc_numbers" in request.POST,
            billable_expenses="billable_expenses" in request.POST,
            class_tracking=request.POST.get("class_tracking", "off"),
            home_currency=request.POST.get("home_currency", ""),
            multi_currency="multi_currency" in request.POST,
        )
    except ValueError as error:
        return HttpResponseBadRequest(str(error))
    return HttpResponseRedirect(reverse("qbo_sandbox:company_detail", args=[company.realm_id]))


@require_GET
def purchase_order_detail(request: HttpRequest, realm_id: str, qbo_id: str) -> HttpResponse:
    company = _company(realm_id)
    entity = selectors.entity_find(company, "PurchaseOrder", qbo_id)
    if entity is None:
        raise Http404("No purchase order has this id in this sandbox company.")
    lines = [
        {
            **line,
            "detail": line.get("ItemBasedExpenseLineDetail")
            or line.get("AccountBasedExpenseLineDetail")
            or {},
        }
        for line in entity.body.get("Line", [])
    ]
    context = {"company": company, "po": entity.body, "lines": lines}
    return render(request, "qbo_sandbox/purchase_order_detail.html", context)


@require_POST
def purchase_order_close(request: HttpRequest, realm_id: str, qbo_id: str) -> HttpResponse:
    """The page's 'Close purchase order' button."""
    return _purchase_order_change(realm_id, qbo_id, services.purchase_order_close)


@require_POST
def purchase_order_reopen(request: HttpRequest, realm_id: str, qbo_id: str) -> HttpResponse:
    """The page's 'Reopen purchase order' button."""
    return _purchase_order_change(realm_id, qbo_id, services.purchase_order_reopen)


def _purchase_order_change(
    realm_id: str, qbo_id: str, change: Callable[..., object]
) -> HttpResponse:
    company = _company(realm_id)
    try:
        change(company=company, qbo_id=qbo_id)
    except faults.SandboxFault as fault:
        raise Http404("No purchase order has this id in this sandbox company.") from fault
    return HttpResponseRedirect(
        reverse("qbo_sandbox:purchase_order_detail", args=[company.realm_id, qbo_id])
    )
