import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vestka.registry.importing import FORMATS, ImportFileError, viasna_import


class Command(BaseCommand):
    help = (
        "Import a Viasna list (CSV or JSON). All or nothing: with any invalid row nothing "
        "is written (exit code 1) unless --skip-invalid. Importing the same file again "
        "creates nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to import, or - for standard input.")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument("--country", default="BY", help="ISO code of the list's country.")
        parser.add_argument("--dry-run", action="store_true", help="Report, write nothing.")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid rows and report the invalid ones.",
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, path, format, country, dry_run, skip_invalid, json: bool, **opts):
        data = self._read(path)
        try:
            report = viasna_import(
                data=data,
                fmt=format,
                country_code=country,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
            )
        except ImportFileError as error:
            if json:
                self._print_json(
                    {
                        "created": 0,
                        "updated": 0,
                        "unchanged": 0,
                        "errors": [{"row": 0, "column": "", "message": f"{path}: {error}"}],
                    }
                )
                sys.exit(2)
            raise CommandError(f"{path}: {error}", returncode=2) from None
        if json:
            self._print_json(report.as_dict())
        else:
            self._print_text(path, report)
        if report.refused:
            sys.exit(1)

    def _read(self, path: str) -> bytes:
        if path == "-":
            return sys.stdin.buffer.read()
        try:
            return Path(path).read_bytes()
        except OSError as error:
            raise CommandError(
                f"{path}: cannot read the file ({error.strerror}).", returncode=2
            ) from None

    def _print_json(self, data: dict) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False))

    def _print_text(self, path: str, report) -> None:
        for error in report.errors:
            where = f"row {error.row}" + (f", column {error.column}" if error.column else "")
            self.stderr.write(f"{path}: {where}: {error.message}")
        if report.refused:
            self.stderr.write(
                self.style.ERROR(
                    f"{len(report.errors)} invalid row(s): nothing was imported. Fix them, or "
                    "use --skip-invalid to import the valid rows."
                )
            )
            return
        verb = "Would import" if report.dry_run else "Imported"
        self.stdout.write(
            f"{verb} {report.total} row(s): {report.created} created, {report.updated} "
            f"updated, {report.unchanged} unchanged, {len(report.errors)} skipped as invalid."
        )
        if report.merged:
            self.stdout.write(
                f"{report.merged} row(s) of people merged into another person were left alone."
            )
        if report.new_facilities:
            self.stdout.write(
                f"New facilities (addresses unverified): {', '.join(report.new_facilities)}"
            )
        if report.new_articles:
            self.stdout.write(f"New articles (no titles yet): {', '.join(report.new_articles)}")
        for duplicate in report.duplicates:
            verdict = "the same person, updated" if duplicate.certain else "to review"
            self.stdout.write(
                f"Row {duplicate.row} ({duplicate.name}) is probably person "
                f"{duplicate.person_id} ({duplicate.person_name}), score {duplicate.score:.2f}, "
                f"{verdict}: {duplicate.reason}."
            )
