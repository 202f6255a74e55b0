import json

from django.core.management.base import BaseCommand, CommandError

from vestka.commandfiles import json_line, read_utf8
from vestka.screening import screen

MAX_LETTER_CHARS = 20_000


class Command(BaseCommand):
    help = (
        "Screen letters against the rules prison censors apply and against what would "
        "endanger the prisoner or the sender. One letter from PATH (or - for stdin), or "
        'with --batch one JSON object {"id": ..., "text": ...} per line.'
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default="-", help="A UTF-8 text file, or -.")
        parser.add_argument("--batch", metavar="FILE", help="JSON lines: one letter per line.")
        parser.add_argument("--json", action="store_true", help="Print JSON (one line each).")
        parser.add_argument(
            "--language", default="en", choices=["en", "be", "ru"], help="Language of messages."
        )

    def handle(self, *args, path, batch, json: bool, language, **options):
        if batch:
            self._batch(batch, language)
            return
        text = read_utf8(path)
        if len(text) > MAX_LETTER_CHARS:
            raise CommandError(f"{path}: longer than {MAX_LETTER_CHARS} characters.")
        result = screen(text, ui_language=language)
        if json:
            self.stdout.write(json_line(result.as_dict()))
            return
        self.stdout.write(f"{result.verdict} ({result.language})")
        for flag in result.flags:
            quoted = text[flag.start : flag.end].replace("\n", " ")[:60]
            self.stdout.write(f"  {flag.severity:5}  {flag.rule}: “{quoted}” — {flag.message}")

    def _batch(self, path: str, language: str) -> None:
        for number, line in enumerate(read_utf8(path).splitlines(), start=1):
            if not line.strip():
                continue
            try:
                letter = json.loads(line)
                letter_id, text = letter["id"], letter["text"]
                if not isinstance(text, str):
                    raise TypeError("text is not a string")
            except (ValueError, KeyError, TypeError) as error:
                raise CommandError(
                    f'{path}, line {number}: not a JSON object with "id" and "text" ({error}).'
                ) from None
            if len(text) > MAX_LETTER_CHARS:
                raise CommandError(
                    f"{path}, line {number}: the text is longer than {MAX_LETTER_CHARS} characters."
                )
            self.stdout.write(
                json_line({"id": letter_id, **screen(text, ui_language=language).as_dict()})
            )
