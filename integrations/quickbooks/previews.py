"""The purchase order a 'Sync with QuickBooks' step would send, built without sending it."""

from typing import Any

from django.core.exceptions import PermissionDenied

from integrations.quickbooks.errors import QuickBooksRejected
from integrations.quickbooks.models import QuickBooksConnection
from integrations.quickbooks.preferences import CompanyPreferences, company_preferences
from integrations.quickbooks.purchase_orders import (
    CLASS_TRACKING_OFF,
    Order,
    order_read,
    purchase_order_payload,
)
from ontraccr_clone.accounts.models import User
from ontraccr_clone.accounts.services import require_admin
from workflows.forms.models import FormSubmission, FormTemplate


def purchase_order_preview(
    *, actor: User, template: FormTemplate, config: dict[str, Any]
) -> dict[str, Any]:
    """The payload for the latest submission of a form, with notes on what is not linked yet.

    `config` is the step's settings, already validated against the form's fields."""
    require_admin(actor, to="preview QuickBooks purchase orders")
    company = actor.tenant
    if template.company_id != company.pk:
        raise PermissionDenied("This form belongs to another company.")
    submission = (
        FormSubmission.objects.filter(company=company, template_version__template=template)
        .order_by("-submitted_at", "-id")
        .first()
    )
    if submission is None:
        return {
            "submission_id": None,
            "submission_number": "",
            "payload": None,
            "notes": ["Nothing has been submitted with this form yet."],
        }
    try:
        order = order_read(submission=submission, config=config)
    except QuickBooksRejected as error:
        return {
            "submission_id": submission.pk,
            "submission_number": submission.number,
            "payload": None,
            "notes": [error.message],
        }
    connection = QuickBooksConnection.objects.filter(
        company=company
    ).first() or QuickBooksConnection(company=company)
    payload = purchase_order_payload(order=order, connection=connection)
    notes = []
    if not order.vendor_id:
        notes.append(
            f"Vendor {order.vendor.name} is not linked yet: it will be found by name in "
            "QuickBooks, or created."
        )
    unlinked = sorted({line.name for line in order.lines if not line.item_id})
    if unlinked:
        notes.append(
            f"Not linked yet: {', '.join(unlinked)}. "
            + (
                "Each will be found by name in QuickBooks, or created as an item."
                if order.create_unlinked_items
                else "Each must exist in QuickBooks under the same name, or the sync fails."
            )
        )
    notes += _job_costing_notes(order, company_preferences(connection=connection))
    return {
        "submission_id": submission.pk,
        "submission_number": submission.number,
        "payload": payload,
        "notes": notes,
    }


def _job_costing_notes(order: Order, preferences: CompanyPreferences) -> list[str]:
    notes = []
    if order.customer is not None and not order.customer_id:
        notes.append(
            f"Project {order.customer.full_name} is not linked yet: it will be found by name in "
            "QuickBooks, or the sync fails (projects are never created from a PO)."
        )
    if order.class_name:
        if preferences.class_tracking == "off":
            notes.append(CLASS_TRACKING_OFF.format(name=order.class_name))
        else:
            where = "each line" if preferences.class_tracking == "per_line" else "the PO"
            notes.append(
                f"Class {order.class_name} is found by name in QuickBooks when the PO syncs, "
                f"and goes on {where}, as the company tracks classes."
            )
    return notes
