"""`vestka letters …`: the operator's side of letters — purging on a schedule, the keys
that seal senders' emails, and partner apps' tokens."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vestka.commandfiles import json_line
from vestka.letters import partners, privacy, sealing
from vestka.letters.models import PartnerApp


class Command(BaseCommand):
    help = (
        "Letters: `purge` deletes emails and texts no longer needed (run it daily), "
        "`new-key` and `rotate-keys` change the key that seals senders' emails, "
        "`partner create|list|revoke` manages the apps that may submit letters."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND")
        commands.required = True

        purge = commands.add_parser(
            "purge",
            help="Delete senders' emails and letter texts whose time has come (daily).",
            description=(
                "Delete senders' emails when their time is up or the letter's story ended, "
                "and letter texts some days after posting or rejection, and stored batch "
                "PDFs no longer needed (reprints of posted batches, outdated ones). Safe to "
                "run any time; run it daily from cron or a systemd timer."
            ),
        )
        purge.add_argument("--dry-run", action="store_true", help="Count only; change nothing.")
        purge.add_argument("--json", action="store_true", help="Print one JSON object.")

        commands.add_parser(
            "new-key",
            help="Print a new key to put first in VESTKA_EMAIL_KEYS.",
            description="Print a new Fernet key. Put it first in VESTKA_EMAIL_KEYS (comma-"
            "separated, newest first), restart, then run `vestka letters rotate-keys`.",
        )
        commands.add_parser(
            "rotate-keys",
            help="Seal every stored email again with the newest key.",
            description="Seal every stored email again with the first key in "
            "VESTKA_EMAIL_KEYS; afterwards the older keys can be dropped.",
        )

        partner = commands.add_parser("partner", help="Partner apps that submit letters.")
        actions = partner.add_subparsers(dest="partner_action", metavar="ACTION")
        actions.required = True
        create = actions.add_parser("create", help="Make a partner app and print its token once.")
        create.add_argument("name", help="The partner's name, e.g. a group or an app.")
        create.add_argument(
            "--per-hour",
            type=int,
            default=600,
            help="Letters the app may submit per hour (default 600).",
        )
        actions.add_parser("list", help="List partner apps and how many letters each sent.")
        revoke = actions.add_parser("revoke", help="Stop a partner app's token working, now.")
        revoke.add_argument("name")

    def handle(self, *args, subcommand: str, **options) -> None:
        try:
            if subcommand == "purge":
                self._purge(dry_run=options["dry_run"], as_json=options["json"])
            elif subcommand == "new-key":
                self.stdout.write(sealing.new_key())
            elif subcommand == "rotate-keys":
                self._rotate_keys()
            elif options["partner_action"] == "create":
                self._partner_create(options["name"], options["per_hour"])
            elif options["partner_action"] == "list":
                self._partner_list()
            else:
                self._partner_revoke(options["name"])
        except (partners.PartnerRefused, privacy.ResealRefused, ImproperlyConfigured) as error:
            raise CommandError(str(error)) from None

    def _purge(self, *, dry_run: bool, as_json: bool) -> None:
        report = privacy.letters_purge(dry_run=dry_run)
        if as_json:
            self.stdout.write(json_line(report.as_dict()))
            return
        would = "would be " if dry_run else ""
        self.stdout.write(
            f"Emails {would}deleted: {report.emails} "
            f"({report.emails_expired} kept the longest allowed, "
            f"{report.emails_after_end} after the letter's story ended)."
        )
        self.stdout.write(
            f"Letter texts {would}deleted: {report.texts} "
            f"({report.texts_after_posting} after posting, "
            f"{report.texts_after_rejection} after rejection)."
        )
        self.stdout.write(f"Stored batch PDFs {would}deleted: {report.batch_pdfs}.")

    def _rotate_keys(self) -> None:
        count = privacy.emails_reseal()
        self.stdout.write(
            f"Resealed {count} email{'s' if count != 1 else ''} with the newest key. The "
            "older keys in VESTKA_EMAIL_KEYS can now be dropped."
        )

    def _partner_create(self, name: str, per_hour: int) -> None:
        app, token = partners.partner_app_create(name=name, letters_per_hour=per_hour)
        self.stdout.write(f"Partner app {app.name!r} made; {app.letters_per_hour} letters an hour.")
        self.stdout.write("Its token, shown this once only (Vestka keeps no copy):")
        self.stdout.write("")
        self.stdout.write(f"    {token}")
        self.stdout.write("")
        self.stdout.write(
            "Give it to the partner over a safe channel. If it is lost, revoke the app and "
            "make a new one."
        )

    def _partner_list(self) -> None:
        apps = list(partners.partner_apps_with_letter_counts())
        if not apps:
            self.stdout.write("There are no partner apps; make one with `partner create NAME`.")
            return
        self.stdout.write(
            f"{'name':30}  {'token':10}  {'made':10}  {'revoked':10}  {'per hour':>8}  letters"
        )
        for app in apps:
            revoked = f"{app.revoked_at:%Y-%m-%d}" if app.revoked_at else "-"
            self.stdout.write(
                f"{app.name:30}  {app.token_prefix + '…':10}  {app.created_at:%Y-%m-%d}  "
                f"{revoked:10}  {app.letters_per_hour:>8}  "
                f"{app.letters_count}"  # type: ignore[attr-defined]
            )

    def _partner_revoke(self, name: str) -> None:
        already = PartnerApp.objects.filter(name=name.strip(), revoked_at__isnull=False).exists()
        app = partners.partner_app_revoke(name=name)
        if already:
            self.stdout.write(
                f"Partner app {app.name!r} was already revoked on {app.revoked_at:%Y-%m-%d}."
            )
        else:
            self.stdout.write(f"Partner app {app.name!r} is revoked; its token no longer works.")
