"""The 'Sync with QuickBooks' workflow step: a submitted PO becomes a QuickBooks purchase order."""

from typing import Any

from rest_framework import serializers

from integrations.quickbooks.errors import (
    QuickBooksNotConnected,
    QuickBooksRejected,
    QuickBooksUnavailable,
)
from integrations.quickbooks.kinds import PO_REVISED, SYNCED
from integrations.quickbooks.models import QuickBooksConnection
from integrations.quickbooks.preferences import company_preferences
from integrations.quickbooks.purchase_orders import (
    PURCHASE_ORDERS_OFF,
    purchase_order_effect_find,
    purchase_order_record,
    purchase_order_send,
)
from integrations.quickbooks.revisions import (
    purchase_order_revision_execute,
    purchase_order_revision_record,
    revision_failure_advice,
)
from ontraccr_clone.accounts.models import Company
from workflows.engine.models import StepRun
from workflows.engine.services import step_run_lease_check
from workflows.forms.models import FormTemplate, FormType, SubmissionRevision
from workflows.steps.base import (
    AVAILABLE,
    Advice,
    Availability,
    Outcome,
    Report,
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
    "project_field": (("choose", {"source": "projects"}), ("choose", {"source": "customers"})),
    "class_field": (("dropdown", {}),),
}
TARGET_WORDS = {
    "vendor_field": "a vendor 'Choose one or more' field",
    "materials_field": "a materials table",
    "memo_field": "a text field",
    "due_date_field": "a date field",
    "project_field": "a customer or project 'Choose one or more' field",
    "class_field": "a dropdown whose options are QuickBooks class names",
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
    project_field = _target(
        "project_field",
        label="Project (Customer:Job)",
        required=False,
        help_text="Every line of the PO is costed to the chosen customer or project.",
    )
    class_field = _target(
        "class_field",
        label="Class",
        required=False,
        help_text="A dropdown whose options are named exactly as classes in QuickBooks; the "
        "chosen one goes where the company's class tracking puts it (each line or the PO).",
    )
    create_unlinked_items = serializers.BooleanField(
        label="Create unlinked items",
        required=False,
        default=False,
        help_text="Materials that are not in QuickBooks yet are created there as items when the "
        "PO syncs; when off, such a PO fails and names them.",
    )
    update_on_revision = serializers.BooleanField(
        label="Update the QuickBooks PO when the form is revised",
        required=False,
        default=True,
        help_text="A revision of a synced PO changes the same purchase order in QuickBooks "
        "(lines removed on the form are removed there), unless it was closed or changed in "
        "QuickBooks since. When off, revisions stay in this app.",
    )


@register
class SyncQuickBooksStep(StepType):
    key = "sync_quickbooks"
    label = "Sync with QuickBooks"
    icon = "⇄"
    description = "Creates the purchase order in QuickBooks Online, with its vendor and items."
    ConfigSerializer = SyncQuickBooksConfig
    timeline_kinds = (SYNCED, PO_REVISED)
    report_title = "QuickBooks"
    settings_panels = ("purchase_order_preview",)

    def availability(self, *, company: Company, template: FormTemplate) -> Availability:
        connection = QuickBooksConnection.objects.filter(company=company).first()
        if connection is not None and connection.status == connection.Status.NEEDS_RECONNECT:
            return Availability(
                ok=False, reason="Reconnect QuickBooks Online in Settings > Integrations first."
            )
        if connection is None or not connection.is_active:
            return Availability(
                ok=False, reason="Connect QuickBooks Online in Settings > Integrations first."
            )
        if not company_preferences(connection=connection).purchase_orders:
            return Availability(ok=False, reason=PURCHASE_ORDERS_OFF)
        if template.form_type.key != FormType.PO:
            return Availability(
                ok=False, reason="Only forms of the PO type can sync purchase orders."
            )
        fields = template.latest_version.fields
        for target, reason in (
            ("vendor_field", "The form needs a vendor 'Choose one or more' field."),
            ("materials_field", "The form needs a materials table."),
        ):
            if not any(field_fits(target, field) for field in fields):
                return Availability(ok=False, reason=reason)
        return AVAILABLE

    def advice(self, *, step_run: StepRun, kind: str, for_admin: bool) -> Advice | None:
        if kind == "step_failed" and step_run.run.revision_id is not None:
            return revision_failure_advice(for_admin=for_admin)
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
        earlier_keys = (
            StepRun.objects.filter(run_id=step_run.run_id, step__key=step_run.step.key)
            .exclude(idempotency_key=step_run.idempotency_key)
            .values_list("idempotency_key", flat=True)
            .distinct()
        )
        try:
            effect = purchase_order_send(
                submission=step_run.run.submission,
                config=step_run.step.config,
                key=step_run.idempotency_key,
                earlier_keys=list(earlier_keys),
                step_run=step_run,
                lease_check=lambda: step_run_lease_check(step_run=step_run),
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
        return Outcome(
            "next",
            {
                "qbo_po_id": effect["qbo_po_id"],
                "doc_number": effect["doc_number"],
                "reference": effect["doc_number"] or effect["qbo_po_id"],
                "url": effect["url"],
                "vendor_id": effect["response"].get("VendorRef", {}).get("value", ""),
                "item_ids": sorted(
                    {
                        str(line["ItemBasedExpenseLineDetail"]["ItemRef"]["value"])
                        for line in effect["response"].get("Line", [])
                        if "ItemBasedExpenseLineDetail" in line
                    }
                ),
                "created": effect["created"],
            },
        )

    def on_revision(self, *, passed: StepRun, revision: SubmissionRevision) -> bool:
        # Settings published before the setting existed lack it: they get its default.
        default = SyncQuickBooksConfig().fields["update_on_revision"].default
        return bool(passed.step.config.get("update_on_revision", default))

    def execute_revision(self, *, step_run: StepRun) -> Outcome | Wait:
        return purchase_order_revision_execute(step_run=step_run)

    def record_revision(self, *, step_run: StepRun, result: Outcome | Wait) -> None:
        if isinstance(result, Wait):
            super().record(step_run=step_run, result=result)
            return
        purchase_order_revision_record(step_run=step_run)

    def record(self, *, step_run: StepRun, result: Outcome | Wait) -> None:
        if isinstance(result, Wait):
            super().record(step_run=step_run, result=result)
            return
        effect = purchase_order_effect_find(key=step_run.idempotency_key)
        if effect is None:
            raise AssertionError(f"Step run {step_run.pk} finished with no purchase order saved.")
        purchase_order_record(submission=step_run.run.submission, effect=effect, step_run=step_run)

    def report(self, *, step_run: StepRun) -> Report | None:
        status = step_run.status
        if status == StepRun.Status.SUCCEEDED:
            return Report(
                "done",
                "Synced",
                {key: step_run.output.get(key, "") for key in ("reference", "url")},
            )
        if status == StepRun.Status.WAITING:
            reason = step_run.output.get("waiting_for", "")
            return Report("waiting", "Waiting for reconnection", {"reason": reason})
        if status == StepRun.Status.FAILED:
            return Report("failed", "Failed", {"error": step_run.error})
        if status == StepRun.Status.SKIPPED:
            return Report("failed", "Not synced", {"error": "The workflow was cancelled."})
        return Report("pending", "Pending")
