from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vestka.cards import drawing, selectors, services
from vestka.registry import selectors as registry_selectors


class Command(BaseCommand):
    help = "Draw a person's share card as a PNG file: vestka card --source-id ID -o card.png"

    def add_arguments(self, parser):
        parser.add_argument("--source-id", required=True, help="The person's id in the list.")
        parser.add_argument(
            "--size", default="og", help="og (1200×630, link previews) or square (1080×1080)."
        )
        parser.add_argument("--language", default="en", help="en, be or ru (default en).")
        parser.add_argument("--hashtag", default="", help="A hashtag to print, e.g. FreeThemAll.")
        parser.add_argument("-o", "--output", required=True, help="The PNG file to write.")

    def handle(self, *args, source_id, size, language, hashtag, output, **options):
        if size not in drawing.SIZES:
            raise CommandError(
                f"--size: unknown size {size!r}; use one of {', '.join(drawing.SIZES)}.",
                returncode=2,
            )
        if language not in selectors.card_languages():
            raise CommandError(
                f"--language: unknown language {language!r}; "
                f"use one of {', '.join(selectors.card_languages())}.",
                returncode=2,
            )
        try:
            selectors.card_hashtag(text=hashtag)
        except selectors.BadCardRequest as error:
            raise CommandError(f"--hashtag: {error}", returncode=2) from None
        pk = registry_selectors.person_pk_by_source_id(source_id=source_id)
        if pk is None:
            pk = registry_selectors.person_redirect_by_source_id(source_id=source_id)
        if pk is None:
            raise CommandError(
                f"--source-id: nobody in the registry has the id {source_id!r}.", returncode=2
            )
        person = registry_selectors.person_detail(pk=pk)
        card = services.person_card_render(
            person=person, size=size, language=language, hashtag=hashtag
        )
        target = Path(output)
        try:
            target.write_bytes(card.png)
        except OSError as error:
            raise CommandError(
                f"{output}: cannot write ({error.strerror}).", returncode=2
            ) from None
        layout = drawing.LAYOUTS[size]
        self.stdout.write(f"{output}: {person.name}, {layout.width}×{layout.height}")
