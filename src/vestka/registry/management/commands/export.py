import sys

from django.core.management.base import BaseCommand, CommandError

from vestka.registry.exporting import EXPORTERS


class Command(BaseCommand):
    help = "Export the public fields of every person as CSV or JSON."

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=sorted(EXPORTERS))
        parser.add_argument("-o", "--output", default="-", help="File to write (default: stdout).")

    def handle(self, *args, format, output, **options):
        exporter = EXPORTERS[format]
        if output == "-":
            count = exporter(self.stdout._out)
            sys.stdout.flush()
        else:
            try:
                with open(output, "w", encoding="utf-8", newline="") as stream:
                    count = exporter(stream)
            except OSError as error:
                raise CommandError(f"{output}: cannot write ({error.strerror}).") from None
            self.stderr.write(f"Exported {count} people to {output}.")
