"""The editors' role as a group: they keep the registry true (people, prosecutions,
events, facilities, sources, tags, imports, duplicates) and nothing else. Admins are
superusers; the letter roles are made by letters' migration 0003."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITED = ["person", "personname", "prosecution", "event", "facility", "source", "tag"]
VIEWED = ["country", "region", "article", "personredirect"]
EDITORS = (
    [f"{action}_{model}" for model in EDITED for action in ("add", "change", "view")]
    + [f"view_{model}" for model in VIEWED]
    + ["change_article", "add_importrun", "view_importrun", "view_duplicatecandidate",
       "change_duplicatecandidate"]
    + ["delete_personname", "delete_event", "delete_source"]
)


def add_editors(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="registry", codename__in=EDITORS)
    )


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("registry", "0005_name_keys_for_existing_people"),
    ]

    operations = [migrations.RunPython(add_editors, remove_editors)]
