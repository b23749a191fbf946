"""Background work of the QuickBooks integration, run by `manage.py db_worker`."""

from django_tasks import task

from integrations.quickbooks.imports import quickbooks_import_perform
from integrations.quickbooks.webhooks import webhook_event_process


@task()
def quickbooks_import_run(import_id: int) -> None:
    quickbooks_import_perform(import_id=import_id)


@task()
def quickbooks_webhook_process(event_id: int) -> None:
    webhook_event_process(event_id=event_id)
