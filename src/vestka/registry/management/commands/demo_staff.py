"""`vestka demo_staff`: a staff login for the local demo, never for a real registry."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from vestka.registry.selectors import registry_has_demo_data

USERNAME = "editor"
PASSWORD_FILE = "demo-staff.txt"


class Command(BaseCommand):
    help = (
        "Create (or reset the password of) the staff superuser 'editor' for the local demo. "
        "The password is generated once and kept in var/demo-staff.txt. Refuses unless the "
        "registry holds fictional demo data, so a production install never gets a known account."
    )

    def handle(self, *args, **options):
        if not registry_has_demo_data():
            raise CommandError(
                "Refused: the registry holds no demo data, so this is not a demo install. "
                "Create real staff accounts with `vestka createsuperuser`."
            )
        path = settings.VAR_DIR / PASSWORD_FILE
        password = read_password(path)
        if not password:
            password = secrets.token_urlsafe(15)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"user: {USERNAME}\npassword: {password}\n", encoding="utf-8")
            path.chmod(0o600)
        user, _created = get_user_model().objects.get_or_create(username=USERNAME)
        user.is_staff = True
        user.is_superuser = True
        user.is_active = True
        user.set_password(password)
        user.save()
        self.stdout.write(
            f"Staff login: {settings.SITE_URL}/staff/  user: {USERNAME}  password: {password}"
        )
        self.stdout.write(
            "Every staff account signs in with a second factor: on the first sign-in, set up "
            "an authenticator app (the page shows how)."
        )


def read_password(path) -> str:
    """The password stored by an earlier run, or "" when there is none."""
    if not path.exists():
        return ""
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _sep, value = line.partition(":")
        if key.strip() == "password" and value.strip():
            return value.strip()
    return ""
