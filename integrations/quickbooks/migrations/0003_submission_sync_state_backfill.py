"""Fill the submissions' sync state from the QuickBooks steps that ran before it was kept."""

from django.db import migrations

STATES = {
    "pending": "pending",
    "running": "pending",
    "waiting": "waiting",
    "succeeded": "synced",
    "failed": "failed",
}


def sync_state_backfill(apps, schema_editor):  # type: ignore[no-untyped-def]
    StepRun = apps.get_model("workflows", "StepRun")
    FormSubmission = apps.get_model("workflows", "FormSubmission")
    TimelineEvent = apps.get_model("workflows", "TimelineEvent")
    latest = {}
    for step_run in (
        StepRun.objects.filter(step__type="sync_quickbooks")
        .order_by("id")
        .values("id", "run__submission_id", "status", "output", "error")
    ):
        latest[step_run["run__submission_id"]] = step_run
    for submission_id, step_run in latest.items():
        state = STATES.get(step_run["status"])
        if state is None:
            continue
        output = step_run["output"]
        detail = {}
        if state == "synced":
            event = (
                TimelineEvent.objects.filter(submission_id=submission_id, kind="synced_quickbooks")
                .order_by("-id")
                .first()
            )
            detail = {
                "reference": output.get("doc_number") or output.get("qbo_po_id", ""),
                "url": event.data.get("url", "") if event else "",
            }
        elif state == "failed":
            detail = {"error": step_run["error"]}
        elif state == "waiting":
            detail = {"reason": output.get("waiting_for", "")}
        FormSubmission.objects.filter(pk=submission_id).update(sync_state=state, sync_detail=detail)


class Migration(migrations.Migration):
    dependencies = [
        ("quickbooks", "0002_quickbookssyncrecord_step_run"),
        ("workflows", "0005_submission_sync_state"),
    ]

    operations = [migrations.RunPython(sync_state_backfill, migrations.RunPython.noop)]
