"""The three staff roles as groups: moderators, translators and dispatchers. A user's
roles are the groups they are in (a superuser has all of them)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Moderators": ["moderate_letter", "view_letter"],
    "Translators": ["translate_letter", "view_letter"],
    "Dispatchers": ["dispatch_letter", "view_letter", "view_batch", "view_reply"],
}


def add_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="letters", codename__in=codenames)
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("letters", "0002_dispatch_privacy"),
    ]

    operations = [migrations.RunPython(add_groups, remove_groups)]
