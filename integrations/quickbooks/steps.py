"""The 'Sync with QuickBooks' workflow step: a submitted PO becomes a QuickBooks purchase order."""

from typing import Any

from rest_framework import serializers

from integrations.quickbooks.client import purchase_order_url
from integrations.quickbooks.errors import (
    QuickBooksNotConnected,
    QuickBooksRejected,
    QuickBooksUnavailable,
)
from integrations.quickbooks.models import QuickBooksConnection
from integrations.quickbooks.purchase_orders import purchase_order_sync
from ontraccr_clone.accounts.models import Company
from workflows.engine.models import StepRun
from workflows.forms.models import FormTemplate, FormType
from workflows.forms.selectors import form_template_latest_version
from workflows.steps.base import (
    AVAILABLE,
    Advice,
    Availability,
    Outcome,
    StepFailed,
    StepType,
    Wait,
)
from workflows.steps.registry import register
from workflows.steps.settings import FormFieldSetting

# Which form fields each target accepts: (field type, extra settings that must match).
TARGETS: dict[str, tuple[tuple[str, dict[str, Any]], ...]] = {
    "vendor_field": (("choose", {"source": "vendors"}),),
    "materials_field": (("materials_table", {}),),
    "memo_field": (("text", {}), ("long_text", {})),
    "due_date_field": (("date", {}),),
}
TARGET_WORDS = {
    "vendor_field": "a vendor 'Choose one or more' field",
    "materials_field": "a materials table",
    "memo_field": "a text field",
    "due_date_field": "a date field",
}


WAITING_FOR_CONNECTION = "Waiting for QuickBooks Online to be reconnected"


def field_fits(target: str, field: dict[str, Any]) -> bool:
    """Whether a form field can be mapped to a target of the step."""
    return any(
        field.get("type") == field_type
        and all(field.get(key) == value for key, value in settings.items())
        for field_type, settings in TARGETS[target]
    )


def _target(target: str, **kwargs: Any) -> FormFieldSetting:
    return FormFieldSetting(
        fits=lambda field: field_fits(target, field),
        unfit=f"Choose {TARGET_WORDS[target]}.",
        **kwargs,
    )


class SyncQuickBooksConfig(serializers.Serializer):
    vendor_field = _target("vendor_field", label="Vendor")
    materials_field = _target("materials_field", label="Materials")
    memo_field = _target("memo_field", label="Memo", required=False)
    due_date_field = _target("due_date_field", label="Due Date", required=False)
    create_unlinked_items = serializers.BooleanField(
        label="Create unlinked items",
        required=False,
        default=False,
        help_text="Materials that are not in QuickBooks yet are created there as items when the "
        "PO syncs; when off, such a PO fails and names them.",
    )


@register
class SyncQuickBooksStep(StepType):
    key = "sync_quickbooks"
    label = "Sync with QuickBooks"
    icon = "⇄"
    description = "Creates the purchase order in QuickBooks Online, with its vendor and items."
    ConfigSerializer = SyncQuickBooksConfig
    settings_panels = ("purchase_order_preview",)

    def availability(self, *, company: Company, template: FormTemplate) -> Availability:
        status = (
            QuickBooksConnection.objects.filter(company=company)
            .values_list("status", flat=True)
            .first()
        )
        if status == QuickBooksConnection.Status.NEEDS_RECONNECT:
            return Availability(
                ok=False, reason="Reconnect QuickBooks Online in Settings > Integrations first."
            )
        if status != QuickBooksConnection.Status.ACTIVE:
            return Availability(
                ok=False, reason="Connect QuickBooks Online in Settings > Integrations first."
            )
        if template.form_type.key != FormType.PO:
            return Availability(
                ok=False, reason="Only forms of the PO type can sync purchase orders."
            )
        fields = form_template_latest_version(template=template).fields
        for target, reason in (
            ("vendor_field", "The form needs a vendor 'Choose one or more' field."),
            ("materials_field", "The form needs a materials table."),
        ):
            if not any(field_fits(target, field) for field in fields):
                return Availability(ok=False, reason=reason)
        return AVAILABLE

    def advice(self, *, step_run: StepRun, kind: str, for_admin: bool) -> Advice | None:
        if kind != "step_waiting":
            return super().advice(step_run=step_run, kind=kind, for_admin=for_admin)
        if for_admin:
            return Advice(
                "Reconnect QuickBooks Online in Settings > Integrations; this PO then syncs by "
                "itself.",
                link=("Open Settings > Integrations", "/settings/integrations/quickbooks"),
            )
        return Advice("This PO will sync by itself once an admin reconnects QuickBooks Online.")

    def execute(self, *, step_run: StepRun) -> Outcome | Wait:
        earlier_tries = StepRun.objects.filter(run_id=step_run.run_id, step_id=step_run.step_id)
        try:
            record = purchase_order_sync(
                submission=step_run.run.submission,
                config=step_run.step.config,
                key=step_run.idempotency_key,
                tried_before=earlier_tries.exclude(
                    idempotency_key=step_run.idempotency_key
                ).exists(),
                step_run=step_run,
            )
        except QuickBooksNotConnected:
            # Said to everyone who reads the timeline; what to do about it is each reader's
            # advice (see `advice`).
            return Wait(WAITING_FOR_CONNECTION)
        except QuickBooksUnavailable as error:
            raise StepFailed(
                error.message, transient=True, retry_after=error.retry_after
            ) from error
        except QuickBooksRejected as error:
            raise StepFailed(error.message) from error
        connection = QuickBooksConnection.objects.get(company_id=record.company_id)
        return Outcome(
            "next",
            {
                "qbo_po_id": record.qbo_po_id,
                "doc_number": record.doc_number,
                "reference": record.doc_number or record.qbo_po_id,
                "url": purchase_order_url(connection=connection, qbo_id=record.qbo_po_id),
            },
        )
