import datetime

from django.db import migrations, models


def _when(value: object) -> datetime.datetime | None:
    try:
        moment = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def split_notifications(apps, schema_editor):
    """A stored delivery becomes one event per change it named; unprocessed ones wait for
    `manage.py quickbooks_webhooks_redrive`."""
    import json

    Event = apps.get_model("quickbooks", "QuickBooksWebhookEvent")
    seen = set()
    # Processed deliveries first: a change one of them named was processed.
    deliveries = Event.objects.filter(entity_name="").order_by(
        models.F("processed_at").asc(nulls_last=True), "id"
    )
    for delivery in deliveries:
        try:
            notifications = json.loads(delivery.body).get("eventNotifications") or []
        except (ValueError, AttributeError):
            notifications = []
        for notification in notifications if isinstance(notifications, list) else []:
            entities = (notification.get("dataChangeEvent") or {}).get("entities") or []
            for entity in entities:
                last_updated = _when(entity.get("lastUpdated"))
                key = (
                    str(notification.get("realmId", ""))[:50],
                    str(entity.get("name", ""))[:50],
                    str(entity.get("id", ""))[:50],
                    str(entity.get("operation", ""))[:20],
                    last_updated,
                )
                if last_updated is None or key in seen:
                    continue
                seen.add(key)
                processed = delivery.processed_at is not None
                Event.objects.create(
                    realm_id=key[0],
                    entity_name=key[1],
                    entity_id=key[2],
                    operation=key[3],
                    last_updated=last_updated,
                    received_at=delivery.received_at,
                    status="done" if processed else "failed",
                    processed_at=delivery.processed_at,
                    error=delivery.error
                    or (
                        ""
                        if processed
                        else "Not processed: manage.py quickbooks_webhooks_redrive does it."
                    ),
                )
        delivery.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("quickbooks", "0008_refresh_lease_owner"),
    ]

    operations = [
        migrations.AddField(
            model_name="quickbookswebhookevent",
            name="realm_id",
            field=models.CharField(default="", max_length=50),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="quickbookswebhookevent",
            name="entity_name",
            field=models.CharField(default="", max_length=50),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="quickbookswebhookevent",
            name="entity_id",
            field=models.CharField(default="", max_length=50),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="quickbookswebhookevent",
            name="operation",
            field=models.CharField(default="", max_length=20),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="quickbookswebhookevent",
            name="last_updated",
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name="quickbookswebhookevent",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting to be processed"),
                    ("processing", "Being processed"),
                    ("done", "Processed"),
                    ("failed", "Failed"),
                ],
                default="pending",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="quickbookswebhookevent",
            name="processing_until",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="quickbookswebhookevent",
            name="attempts",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="quickbookswebhookevent",
            name="read_sync_token",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.RunPython(split_notifications, migrations.RunPython.noop),
        migrations.RemoveField(model_name="quickbookswebhookevent", name="body"),
        migrations.RemoveField(model_name="quickbookswebhookevent", name="signature"),
        migrations.AlterField(
            model_name="quickbookswebhookevent",
            name="last_updated",
            field=models.DateTimeField(),
        ),
        migrations.AddConstraint(
            model_name="quickbookswebhookevent",
            constraint=models.UniqueConstraint(
                fields=("realm_id", "entity_name", "entity_id", "operation", "last_updated"),
                name="quickbooks_webhook_event_once",
            ),
        ),
        migrations.AddIndex(
            model_name="quickbookswebhookevent",
            index=models.Index(
                fields=["status", "received_at"], name="quickbooks__status_22f53d_idx"
            ),
        ),
    ]
