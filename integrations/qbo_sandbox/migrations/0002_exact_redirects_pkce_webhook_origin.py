from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("qbo_sandbox", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(
            model_name="sandboxapp",
            old_name="allow_local_redirects",
            new_name="accepts_own_callback",
        ),
        migrations.AlterField(
            model_name="sandboxapp",
            name="accepts_own_callback",
            field=models.BooleanField(
                default=False,
                help_text="Also registered: the product's QuickBooks callback on the host serving "
                "the sandbox, whatever its port.",
            ),
        ),
        migrations.AddField(
            model_name="oauthgrant",
            name="origin",
            field=models.CharField(
                blank=True,
                help_text="Scheme and host the company connected from, where its webhooks go.",
                max_length=300,
            ),
        ),
        migrations.AddField(
            model_name="oauthtoken",
            name="code_challenge",
            field=models.CharField(blank=True, max_length=128),
        ),
        migrations.AddField(
            model_name="oauthtoken",
            name="code_challenge_method",
            field=models.CharField(blank=True, max_length=8),
        ),
        migrations.AlterField(
            model_name="replayedresponse",
            name="request_id",
            field=models.CharField(max_length=50),
        ),
    ]
