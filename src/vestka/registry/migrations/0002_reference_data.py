from django.db import migrations

from vestka.registry.seed import seed_reference_data


def forwards(apps, schema_editor):
    seed_reference_data(
        apps.get_model("registry", "Country"),
        apps.get_model("registry", "Region"),
        apps.get_model("registry", "Article"),
    )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
