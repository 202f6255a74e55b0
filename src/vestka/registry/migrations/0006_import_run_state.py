"""Imports get an explicit state, as the background worker now reads and applies them.

Runs uploaded before were read in the request: applied when they have an applied
time, refused when their preview was refused, ready to apply otherwise."""

from django.db import migrations, models


def state_from_the_record(apps, schema_editor):
    ImportRun = apps.get_model("registry", "ImportRun")
    ImportRun.objects.filter(applied_at__isnull=False).update(state="applied")
    waiting = ImportRun.objects.filter(applied_at__isnull=True)
    refused = [run.pk for run in waiting.only("pk", "preview") if run.preview.get("refused")]
    ImportRun.objects.filter(pk__in=refused).update(state="refused")
    waiting.exclude(pk__in=refused).update(state="ready")


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_name_keys_for_existing_people")]

    operations = [
        migrations.AddField(
            model_name="importrun",
            name="error",
            field=models.TextField(blank=True, verbose_name="error"),
        ),
        migrations.AddField(
            model_name="importrun",
            name="state",
            field=models.CharField(
                choices=[
                    ("reading", "reading the file"),
                    ("ready", "ready to apply"),
                    ("unreadable", "file cannot be read"),
                    ("refused", "refused: invalid rows"),
                    ("applying", "being applied"),
                    ("applied", "applied"),
                    ("failed", "failed"),
                ],
                default="reading",
                max_length=20,
                verbose_name="state",
            ),
        ),
        # Going back drops the state; applied runs keep their applied time.
        migrations.RunPython(state_from_the_record, migrations.RunPython.noop),
    ]
