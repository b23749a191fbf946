from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

INDEX = "submission_search_text_trgm"


def fill_search_text(apps, schema_editor):
    """The search text of the submissions made before there was one (as forms/search.py was)."""
    FormSubmission = apps.get_model("workflows", "FormSubmission")
    batch = []
    for submission in FormSubmission.objects.select_related("template_version").iterator(2000):
        fields = [f for section in submission.template_version.sections for f in section["fields"]]
        parts = [submission.number]
        for field in fields:
            value = submission.data.get(field["id"])
            if not value:
                continue
            if field["type"] in ("text", "long_text", "dropdown"):
                parts.append(str(value))
            elif field["type"] == "choose":
                parts += [choice["name"] for choice in value]
            elif field["type"] == "materials_table":
                parts += [t for row in value for t in (row.get("name"), row.get("description"))]
        submission.search_text = "\n".join(part for part in parts if part).lower()
        batch.append(submission)
        if len(batch) == 2000:
            FormSubmission.objects.bulk_update(batch, ["search_text"])
            batch = []
    FormSubmission.objects.bulk_update(batch, ["search_text"])


def create_trigram_index(apps, schema_editor):
    """On PostgreSQL, `search_text LIKE '%term%'` uses a trigram index; SQLite scans."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON workflows_formsubmission "
            "USING gin (search_text gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0003_workflow_runs"),
    ]

    operations = [
        # Creates pg_trgm on PostgreSQL only; does nothing on other databases.
        TrigramExtension(),
        migrations.AddField(
            model_name="formsubmission",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
