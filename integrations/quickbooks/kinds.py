"""The timeline kinds the QuickBooks integration writes: the step's "Synced with QuickBooks", and
what webhooks say happened to a purchase order in QuickBooks afterwards."""

from workflows.steps.base import TimelineKind

SYNCED = TimelineKind("synced_quickbooks", "Synced with QuickBooks", "success", "⇄")
PO_UPDATED = TimelineKind("quickbooks_po_updated", "QuickBooks PO updated", "info", "⇄")
PO_CLOSED = TimelineKind("quickbooks_po_closed", "QuickBooks PO closed", "neutral", "⇄")
PO_REVISED = TimelineKind(
    "quickbooks_po_revised", "QuickBooks PO updated with a revision", "success", "⇄"
)
