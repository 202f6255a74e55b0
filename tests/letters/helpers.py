"""Letters as the tests need them: approved, to named prisoners, at facilities."""

from __future__ import annotations

import datetime
import importlib

from tests.factories import EventFactory, PersonNameFactory, prisoner
from vestka.letters import lifecycle, sealing
from vestka.letters.models import Letter, LetterEvent
from vestka.registry import services as registry_services
from vestka.registry.models import Event, Person, PersonName

RETURN_ADDRESS = ["Vestka", "PO Box 1", "00-001 Warszawa", "POLAND"]
TEXT = (
    "Прывітанне! Як ты? У нас выпаў снег, і ў вольны час я катаюся на лыжах. Учора пякла "
    "пірог з яблыкамі. Што ты чытаеш? Напішы, якія кнігі табе даслаць. Абдымаю! "
)


def restore_migration_data() -> None:
    """The rows the migrations made (reference data, staff groups), made again: a
    transactional test empties every table when it ends, and tests that run after it
    expect them."""
    from django.contrib.auth.models import Group, Permission

    from vestka.registry.models import Article, Country, Region
    from vestka.registry.seed import seed_reference_data

    staff_roles = importlib.import_module("vestka.letters.migrations.0003_staff_roles")
    seed_reference_data(Country, Region, Article)
    for name, codenames in staff_roles.ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="letters", codename__in=codenames)
        )
    campaign_roles = importlib.import_module("vestka.campaigns.migrations.0002_staff_roles")
    campaign_roles.grant_roles(Group, Permission)
    editors = importlib.import_module("vestka.accounts.migrations.0002_editors")
    group, _created = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="registry", codename__in=editors.EDITORS)
    )


def approved_letter(person: Person, **fields) -> Letter:
    """An approved letter as moderation leaves it (made directly: screening and pace are
    tested elsewhere)."""
    fields = {
        "sender_name": "Ala",
        "text": TEXT,
        "state": lifecycle.APPROVED,
        "route": Letter.Route.SEND_NOW,
        **fields,
    }
    email = fields.pop("email", "")
    letter = Letter.objects.create(person=person, sender_email_sealed=sealing.seal(email), **fields)
    LetterEvent.objects.create(
        letter=letter,
        action="approve",
        from_state="submitted",
        to_state="approved",
        role="moderator",
    )
    return letter


def named_prisoner(russian: str, **fields) -> Person:
    person = prisoner(**fields)
    PersonNameFactory(person=person, form=PersonName.Form.RUSSIAN, text=russian)
    return person


def release(person: Person, on: datetime.date = datetime.date(2024, 2, 1)) -> Person:
    EventFactory(person=person, kind=Event.Kind.RELEASED, date=on)
    return registry_services.person_refresh_custody(person=person)
