from django.db import migrations, models

# The defaults of the built-in step types' settings when published versions began storing their
# settings as validated (defaults filled in): earlier versions stored them as sent.
DEFAULTS = {
    "approval": {"users": [], "role": "admin", "field": ""},
    "send_email": {"users": [], "emails": [], "field": ""},
    "update_status": {},
    "condition": {"value": ""},
    "sync_quickbooks": {"memo_field": "", "due_date_field": "", "create_unlinked_items": False},
}


def fill_in_defaults(apps, schema_editor):
    Step = apps.get_model("workflows", "Step")
    changed = []
    for step in Step.objects.filter(type__in=DEFAULTS, version__state="published").iterator():
        config = {**DEFAULTS[step.type], **step.config}
        for name in ("status", "value"):
            if isinstance(config.get(name), str):
                config[name] = config[name].strip()
        if config != step.config:
            step.config = config
            changed.append(step)
    Step.objects.bulk_update(changed, ["config"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0008_step_reports"),
    ]

    operations = [
        migrations.AlterField(
            model_name="timelineevent",
            name="kind",
            field=models.CharField(max_length=40),
        ),
        migrations.RunPython(fill_in_defaults, migrations.RunPython.noop),
    ]
