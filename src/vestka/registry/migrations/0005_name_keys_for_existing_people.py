"""File every person already in the registry under the search keys of their names."""

from collections import defaultdict

from django.db import migrations

from vestka import names


def file_name_keys(apps, schema_editor):
    Person = apps.get_model("registry", "Person")
    PersonName = apps.get_model("registry", "PersonName")
    NameKey = apps.get_model("registry", "NameKey")
    texts = defaultdict(list)
    for pk, name in Person.objects.values_list("pk", "name").iterator(chunk_size=5000):
        texts[pk].append(name)
    for pk, text in PersonName.objects.values_list("person_id", "text").iterator(chunk_size=5000):
        texts[pk].append(text)
    rows = []
    for pk, person_texts in texts.items():
        keys = set()
        for text in person_texts:
            keys |= names.name_keys(text)
        rows.extend(NameKey(person_id=pk, key=key) for key in sorted(keys))
    NameKey.objects.bulk_create(rows, batch_size=5000)
    apps.get_model("registry", "NameKeyVersion").objects.create(pk=1, version=names.KEYS_VERSION)


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_name_search")]

    operations = [migrations.RunPython(file_name_keys, migrations.RunPython.noop)]
