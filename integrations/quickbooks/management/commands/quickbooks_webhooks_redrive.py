"""Process again the QuickBooks webhook events that failed, or whose process died mid-way."""

from django.core.management.base import BaseCommand, CommandParser

from integrations.quickbooks.models import QuickBooksWebhookEvent
from integrations.quickbooks.webhooks import webhook_event_process, webhook_events_to_redrive


class Command(BaseCommand):
    help = (
        "Process again the QuickBooks webhook events that failed (their error says why) or whose "
        "process died; each reads its entity back from QuickBooks, so running it twice is safe."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("event_ids", nargs="*", type=int, help="Only these events.")

    def handle(self, *args: object, event_ids: list[int], **options: object) -> None:
        redrive = webhook_events_to_redrive()
        if event_ids:
            redrive = [pk for pk in redrive if pk in set(event_ids)]
        for event_id in redrive:
            webhook_event_process(event_id=event_id)
            event = QuickBooksWebhookEvent.objects.get(pk=event_id)
            line = f"{event}: {event.get_status_display()}"
            if event.status == QuickBooksWebhookEvent.Status.FAILED:
                self.stdout.write(self.style.ERROR(f"{line}. {event.error}"))
            else:
                self.stdout.write(line)
        self.stdout.write(f"{len(redrive)} event(s) re-driven.")
