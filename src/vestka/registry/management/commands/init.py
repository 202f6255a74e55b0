from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from vestka.registry import services


class Command(BaseCommand):
    help = "Create or migrate the database and prepare static files. Safe to repeat."

    def handle(self, *args, **options):
        database = settings.DATABASES["default"]
        if database["ENGINE"].endswith("sqlite3"):
            settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=options["verbosity"] - 1 or 0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if not services.name_keys_are_current():
            # This version of Vestka spells names into keys differently: refile everyone.
            people = services.name_keys_refresh_all()
            self.stdout.write(f"Name search keys made again for {people} people.")
        self.stdout.write(self.style.SUCCESS(f"Database ready: {describe(database)}"))


def describe(database: dict) -> str:
    if database["ENGINE"].endswith("sqlite3"):
        return f"SQLite at {database['NAME']}"
    engine = database["ENGINE"].rsplit(".", 1)[-1]
    return f"{engine} database {database['NAME']} on {database.get('HOST') or 'localhost'}"
