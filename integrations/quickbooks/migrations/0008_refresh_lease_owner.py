from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("quickbooks", "0007_call_slot_expiry"),
    ]

    operations = [
        migrations.AddField(
            model_name="quickbooksconnection",
            name="refreshing_owner",
            field=models.CharField(blank=True, max_length=40),
        ),
    ]
