"""Staff roles for campaigns, as groups: Campaigners make and change campaigns (and may
look up the people and tags they choose); Message moderators approve or reject
solidarity messages and see nothing of letters. The letters' Moderators get the same
message permission, as the people who already read everything submitted."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Campaigners": [
        ("campaigns", "add_campaign"),
        ("campaigns", "change_campaign"),
        ("campaigns", "view_campaign"),
        ("registry", "view_person"),
        ("registry", "view_tag"),
    ],
    "Message moderators": [
        ("campaigns", "moderate_message"),
        ("campaigns", "view_solidaritymessage"),
    ],
    "Moderators": [
        ("campaigns", "moderate_message"),
        ("campaigns", "view_solidaritymessage"),
    ],
}
NEW_GROUPS = ("Campaigners", "Message moderators")


def add_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    grant_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def grant_roles(Group, Permission):
    """Make the groups and give them their permissions (also how tests that empty the
    tables put them back)."""
    for name, permissions in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in permissions:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.filter(name__in=NEW_GROUPS).delete()
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is not None:
        moderators.permissions.remove(
            *Permission.objects.filter(content_type__app_label="campaigns")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("letters", "0003_staff_roles"),
        ("campaigns", "0001_campaigns"),
    ]

    operations = [migrations.RunPython(add_groups, remove_groups)]
