"""A large batch for the worker's tests, made inside a `vestka shell` of an installation:
fictional people at one colony and as many approved letters as asked, batched. The
batch's print is queued in the database, for a worker to run."""

from __future__ import annotations

from django.conf import settings

from tests.factories import gomel_colony
from tests.letters.helpers import RETURN_ADDRESS, TEXT, named_prisoner
from vestka.letters import lifecycle
from vestka.letters.dispatch import batch_create
from vestka.letters.models import Batch, Letter

PEOPLE = 20


def large_batch_make(*, letters: int) -> int:
    """Make the batch; returns its id."""
    settings.VESTKA_RETURN_ADDRESS = RETURN_ADDRESS
    colony = gomel_colony()
    people = [
        named_prisoner(f"Выдуманный{n} Иван Петрович", facility=colony, birth_year=1970 + n)
        for n in range(PEOPLE)
    ]
    Letter.objects.bulk_create(
        Letter(
            person=people[n % PEOPLE],
            sender_name=f"Ала {n}",
            text=TEXT * 8,  # about 1,500 characters: a full page
            state=lifecycle.APPROVED,
        )
        for n in range(letters)
    )
    return batch_create(facility=colony, actor=None, envelope=Batch.Envelope.LABELS).pk
