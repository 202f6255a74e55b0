import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from vestka.calendar import selectors, services, tasks
from vestka.commandfiles import json_line
from vestka.letters.sealing import SealBroken
from vestka.registry.models import Person


def entry_json(entry: selectors.CalendarEntry) -> dict:
    return {
        "date": entry.on.isoformat(),
        "kind": entry.kind,
        "title": entry.title,
        "description": entry.description,
        "person_id": entry.person_id,
        "source_id": entry.source_id,
        "years": entry.years,
        "url": entry.url if "://" in entry.url else services.absolute_url(entry.url),
        "uid": entry.uid,
    }


class Command(BaseCommand):
    help = (
        "The calendar: `vestka calendar [--days N] [--from DATE] [--json]` lists what is "
        "coming; `vestka calendar digest [--dry-run] [--queue]` sends the week's digest "
        "(weekly, from cron; with --queue the worker sends it); `vestka calendar purge` "
        "deletes unconfirmed subscriptions; `vestka calendar rotate-keys` reseals "
        "subscribers' addresses with the newest key."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "action",
            nargs="?",
            default="list",
            choices=["list", "digest", "purge", "rotate-keys", "publish-birthdays"],
        )
        parser.add_argument("--days", type=int, default=7, help="How many days (default 7).")
        parser.add_argument(
            "--from", dest="start", default="", help="The first day, YYYY-MM-DD (default today)."
        )
        parser.add_argument("--country", default="", help="Only one country's registry (BY).")
        parser.add_argument(
            "--kind", action="append", choices=selectors.KINDS, help="Only these kinds."
        )
        parser.add_argument("--language", default="en", choices=["en", "be", "ru"])
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument("--dry-run", action="store_true", help="Send or delete nothing.")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="digest: leave the sending to `vestka worker` instead of sending here.",
        )
        parser.add_argument(
            "--source-id",
            action="append",
            default=[],
            help="publish-birthdays: the people (ids in the list) whose birthday to publish.",
        )
        parser.add_argument(
            "--demo",
            action="store_true",
            help="publish-birthdays: every fictional demo person's birthday.",
        )

    def handle(self, *args, action, days, start, country, kind, language, json, dry_run, **options):
        source_id, demo = options["source_id"], options["demo"]
        first = self._start(start)
        if action == "publish-birthdays":
            self._publish_birthdays(source_ids=source_id, demo=demo)
            return
        if action == "digest" and options["queue"]:
            if dry_run:
                raise CommandError("--queue and --dry-run: a dry run is done here.", returncode=2)
            result = tasks.digest_send.enqueue(start=first.isoformat())
            self.stdout.write(json_line({"queued": result.id, "from": first.isoformat()}))
            return
        if action == "digest":
            report = services.digest_send(start=first, dry_run=dry_run)
            self.stdout.write(
                json_line(
                    {
                        "from": report.start.isoformat(),
                        "to": report.end.isoformat(),
                        "sent": report.sent,
                        "skipped": report.skipped,
                        "failed": report.failed,
                        "purged_unconfirmed": report.purged,
                        "entries": report.entries,
                        "dry_run": report.dry_run,
                    }
                )
            )
            return
        if action == "purge":
            purged = services.digest_purge_unconfirmed(dry_run=dry_run)
            self.stdout.write(json_line({"purged_unconfirmed": purged, "dry_run": dry_run}))
            return
        if action == "rotate-keys":
            try:
                resealed = services.digest_emails_reseal()
            except SealBroken as error:
                raise CommandError(str(error)) from None
            self.stdout.write(json_line({"resealed": resealed}))
            return
        if not 1 <= days <= selectors.MAX_DAYS:
            raise CommandError(f"--days must be between 1 and {selectors.MAX_DAYS}.", returncode=2)
        end = first + datetime.timedelta(days=days - 1)
        with translation.override(language):
            entries = selectors.calendar_entries(
                start=first, end=end, country=country, kinds=kind or selectors.KINDS
            )
        if json:
            self.stdout.write(
                json_line(
                    {
                        "from": first.isoformat(),
                        "to": end.isoformat(),
                        "entries": [entry_json(e) for e in entries],
                    }
                )
            )
            return
        if not entries:
            self.stderr.write(f"Nothing in the calendar from {first} to {end}.")
        for entry in entries:
            self.stdout.write(f"{entry.on.isoformat()}  {entry.kind:<18}  {entry.title}")

    def _publish_birthdays(self, *, source_ids: list[str], demo: bool) -> None:
        if bool(source_ids) == demo:
            raise CommandError(
                "publish-birthdays needs either --source-id ID (repeatable) or --demo.",
                returncode=2,
            )
        if demo:
            people = Person.objects.filter(is_demo=True)
        else:
            people = Person.objects.filter(source_id__in=source_ids)
            found = set(people.values_list("source_id", flat=True))
            missing = [s for s in source_ids if s not in found]
            if missing:
                raise CommandError(
                    f"--source-id: nobody in the registry has the id {', '.join(missing)}; "
                    "nothing was published.",
                    returncode=2,
                )
        published = services.public_birthdays_from_birth_dates(people=people)
        self.stdout.write(json_line({"published": published}))

    def _start(self, text: str) -> datetime.date:
        if not text:
            return timezone.localdate()
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise CommandError(
                f"--from: {text!r} is not a date; write it as YYYY-MM-DD.", returncode=2
            ) from None
