"""`vestka restore FILE`: a backup restored into an empty database and empty folders."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vestka.commandfiles import json_line
from vestka.operations.backup import BackupRefused, backup_restore, backup_verify


class Command(BaseCommand):
    help = (
        "Restore a backup made by `vestka backup` into an empty database (SQLite or "
        "PostgreSQL, whichever it was made from) and empty media and private folders. The "
        "whole archive is checked before anything is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="The backup archive.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check the archive against its manifest; write nothing.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete every table of the database and every file in the folders first.",
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, file: str, check: bool, replace: bool, json: bool, **options) -> None:
        path = Path(file)
        try:
            if check:
                self._check(path, as_json=json)
                return
            report = backup_restore(path=path, replace=replace)
        except BackupRefused as refusal:
            raise CommandError(str(refusal)) from None
        if json:
            self.stdout.write(json_line({"file": file, **report.as_dict()}))
            return
        self.stdout.write(
            f"Restored {report.rows:,} rows in {report.tables} tables and {report.files} "
            f"files from {file}."
        )
        if report.migrations_applied_after:
            self.stdout.write(
                f"The backup was older: {report.migrations_applied_after} migrations then "
                "brought it up to date."
            )
        if report.emails_open is False:
            self.stderr.write(
                "The senders' emails in this backup do not open with VESTKA_EMAIL_KEYS: set "
                "the keys of the installation it came from, or no reply notice can be sent."
            )

    def _check(self, path: Path, *, as_json: bool) -> None:
        manifest = backup_verify(path=path)
        summary = {
            "file": str(path),
            "ok": True,
            "created_at": manifest.created_at,
            "vendor": manifest.vendor,
            "tables": len(manifest.tables),
            "rows": manifest.row_count,
            "files": len(manifest.files),
        }
        if as_json:
            self.stdout.write(json_line(summary))
            return
        self.stdout.write(
            f"{path} is whole: {manifest.row_count:,} rows in {len(manifest.tables)} tables "
            f"and {len(manifest.files)} files, made {manifest.created_at} from {manifest.vendor}."
        )
