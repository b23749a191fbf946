"""Sandbox companies seeded before their Preferences had Intuit's full shape (email messages,
time tracking, the purchase order and custom number switches) get the full record."""

from django.db import migrations

from integrations.qbo_sandbox.seed import preferences_record


def preferences_complete(apps, schema_editor):  # type: ignore[no-untyped-def]
    SandboxEntity = apps.get_model("qbo_sandbox", "SandboxEntity")
    for entity in SandboxEntity.objects.filter(entity_type="Preferences").select_related(
        "company"
    ):
        if "EmailMessagesPrefs" in entity.body:
            continue
        system = {
            key: entity.body[key]
            for key in ("SyncToken", "MetaData", "domain", "sparse")
            if key in entity.body
        }
        entity.body = {**preferences_record(entity.company.name), **system}
        entity.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("qbo_sandbox", "0005_fault_rate_and_lost_answers")]

    operations = [migrations.RunPython(preferences_complete, migrations.RunPython.noop)]
