"""`vestka backup -o FILE`: the database and the uploaded files in one archive."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vestka.commandfiles import json_line
from vestka.operations.backup import BackupRefused, backup_write


class Command(BaseCommand):
    help = (
        "Write a backup of the database (one consistent snapshot, readable by SQLite and "
        "PostgreSQL alike) and of the media and private folders. The email keys and "
        "SECRET_KEY are not in it: keep them apart."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "-o",
            "--output",
            required=True,
            metavar="FILE",
            help="The archive to write (.tar.gz); - for standard output.",
        )
        parser.add_argument(
            "--no-files",
            action="store_true",
            help="The database only, without the media and private folders.",
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, output: str, no_files: bool, json: bool, **options) -> None:
        try:
            if output == "-":
                manifest = backup_write(out=sys.stdout.buffer, include_files=not no_files)
            else:
                manifest = self._write_file(Path(output), include_files=not no_files)
        except BackupRefused as refusal:
            raise CommandError(str(refusal)) from None
        summary = {
            "output": output,
            "tables": len(manifest.tables),
            "rows": manifest.row_count,
            "files": len(manifest.files),
            "vendor": manifest.vendor,
        }
        stream = self.stderr if output == "-" else self.stdout
        if json:
            stream.write(json_line(summary))
        else:
            stream.write(
                f"Backed up {summary['rows']:,} rows in {summary['tables']} tables and "
                f"{summary['files']} files to {output}."
            )

    def _write_file(self, path: Path, *, include_files: bool):
        if path.is_dir():
            raise BackupRefused(f"{path} is a folder; name the archive to write.")
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside its place and renamed when complete: a backup cut short never
        # stands where a good one is expected.
        handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                manifest = backup_write(out=out, include_files=include_files)
            os.chmod(partial, 0o600)
            os.replace(partial, path)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        return manifest
