"""Pages showing what each sandbox company holds, as QuickBooks would show it, and the
changes a user makes there: closing a purchase order and reopening it."""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from integrations.qbo_sandbox import faults, selectors, services
from integrations.qbo_sandbox.models import SandboxCompany


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
    context = {"company": company, **selectors.company_records(company)}
    return render(request, "qbo_sandbox/company_detail.html", context)


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
