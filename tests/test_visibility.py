"""No staff-only field of any model leaves Vestka: not through a public page in any
language, the API, an export, a download or the words on a share card.

Every field of every Vestka model is declared public or staff-only next to its model
(``PUBLIC_FIELDS``, ``STAFF_ONLY_FIELDS``, ``STAFF_ONLY_MODELS`` in each ``models.py``).
The walk fills every staff-only field with a marker, makes the public records that show
them (a person behind bars, her facility, cases, events, campaigns, messages, letters,
calendar entries), then visits every public URL pattern of the URLconf and every GET
operation of the OpenAPI schema, runs the exports, and fails naming the marker, the
field and where it appeared. A URL pattern the walk does not visit must be listed in
``NOT_WALKED`` with the reason.
"""

from __future__ import annotations

import datetime
import functools
import io
import json
import re
from dataclasses import asdict, dataclass, field
from importlib import import_module

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import formats, timezone, translation
from pypdf import PdfReader

from tests.factories import (
    EventFactory,
    PersonNameFactory,
    SourceFactory,
    TagFactory,
    belarus,
    gomel_colony,
    prisoner,
)
from vestka.accounts.models import SignInFailure
from vestka.calendar import services as calendar_services
from vestka.calendar.models import DigestSubscription
from vestka.campaigns.models import Campaign, MessageEvent, ShareEvent, SolidarityMessage
from vestka.campaigns.services import campaign_create
from vestka.cards import drawing
from vestka.letters.models import SENDER_LINK_FIELDS, Batch, Letter, LetterEvent, PartnerApp, Reply
from vestka.registry import services as registry_services
from vestka.registry.models import (
    DuplicateCandidate,
    Event,
    ImportRun,
    NameKey,
    NameKeyVersion,
    PersonName,
    PersonRedirect,
)
from vestka.site.templatetags.vestka import BELARUSIAN_MONTHS_GENITIVE
from vestka.site.writing import REASON_ACTIONS
from vestka.stats.models import RegistryChange

pytestmark = pytest.mark.django_db

LANGUAGE_PREFIXES = ("", "/be", "/ru")

# Staff-only fields that hold no value a page could show by chance and be caught
# showing: each is a word from a fixed vocabulary, the same for many rows.
VOCABULARY = {
    (LetterEvent, "action"): "an action of the letter life cycle (letters.lifecycle)",
    (LetterEvent, "from_state"): "a letter state",
    (LetterEvent, "to_state"): "a letter state",
    (LetterEvent, "role"): "a role of the letter life cycle",
    (MessageEvent, "action"): "approve, reject or withdraw",
    (MessageEvent, "from_state"): "a message state",
    (MessageEvent, "to_state"): "a message state",
    (Letter, "language"): "a language code",
    (Letter, "ui_language"): "a language code",
    (DigestSubscription, "language"): "a language code",
}
# Staff-only fields left as they are, and why.
UNMARKED = {
    (RegistryChange, "people"): "ids of people, which are public; the numbers read them",
    (NameKeyVersion, "version"): "the version of vestka.names; search reads it",
}


def vestka_declarations():
    """Each Vestka app's declarations: (public fields, staff-only fields, staff-only models)."""
    public: dict[type[models.Model], list[str]] = {}
    staff_only: dict[type[models.Model], list[str]] = {}
    staff_models: list[type[models.Model]] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("vestka."):
            continue
        try:
            module = import_module(f"{config.name}.models")
        except ModuleNotFoundError:
            continue
        public.update(getattr(module, "PUBLIC_FIELDS", {}))
        staff_only.update(getattr(module, "STAFF_ONLY_FIELDS", {}))
        staff_models.extend(getattr(module, "STAFF_ONLY_MODELS", []))
    return public, staff_only, staff_models


PUBLIC, STAFF_ONLY, STAFF_ONLY_MODELS = vestka_declarations()


def declared_fields(model) -> dict[str, models.Field]:
    """The fields a model must classify: every column and many-to-many field, except an
    automatic id (a row number, public wherever the row is)."""
    fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
    return {f.name: f for f in fields if not isinstance(f, models.AutoField)}


def staff_only_fields(model) -> list[str]:
    if model in STAFF_ONLY_MODELS:
        return list(declared_fields(model))
    return STAFF_ONLY.get(model, [])


def vestka_models():
    for config in apps.get_app_configs():
        if config.name.startswith("vestka."):
            yield from config.get_models(include_auto_created=True)


# Classification


def test_every_field_of_every_model_is_declared_public_or_staff_only():
    problems = []
    for model in [*vestka_models(), *STAFF_ONLY_MODELS]:
        label = model._meta.label
        names = set(declared_fields(model))
        public = set(PUBLIC.get(model, []))
        staff = set(staff_only_fields(model))
        if model in STAFF_ONLY_MODELS and (model in PUBLIC or model in STAFF_ONLY):
            problems.append(f"{label} is a staff-only model and also has field lists")
        for name in sorted(names - public - staff):
            problems.append(f"{label}.{name} is neither public nor staff-only")
        for name in sorted(public & staff):
            problems.append(f"{label}.{name} is both public and staff-only")
        for name in sorted((public | staff) - names):
            problems.append(f"{label}.{name} is declared but is no field")
    assert not problems, "\n".join(problems)


def test_the_sender_sees_only_staff_only_fields_of_their_own_letter():
    for model, names in SENDER_LINK_FIELDS.items():
        assert set(names) <= set(staff_only_fields(model)), model


# Markers


@dataclass(frozen=True)
class Marker:
    model: str
    field: str
    pk: object
    needles: tuple[str, ...]  # the forms in which the value would be written, lower case
    probe: str | None = None  # text that every needle holds, to skip a page quickly
    letter_id: int | None = None  # the letter it belongs to
    sender_sees: bool = False  # shown to the sender, on their letter's private page
    text: str = ""  # the whole value, for a text field

    @property
    def name(self) -> str:
        return f"{self.model}.{self.field} (row {self.pk})"

    def found_in(self, lower: str) -> str | None:
        if self.probe is not None and self.probe not in lower:
            return None
        if self.probe is not None and self.probe.startswith("zq"):
            return self.probe
        # A date or a number counts as written only on its own, not as part of a longer
        # run of digits and letters (a hex digest, a random token).
        found = self.pattern().search(lower)
        return found.group(1) if found else None

    def pattern(self) -> re.Pattern:
        return standalone(self.needles)


@functools.cache
def standalone(needles: tuple[str, ...]) -> re.Pattern:
    forms = "|".join(re.escape(needle) for needle in sorted(needles, key=len, reverse=True))
    return re.compile(rf"(?<![0-9a-z])({forms})(?![0-9])")


def date_forms(day: datetime.date) -> set[str]:
    forms = {
        day.isoformat(),
        day.strftime("%Y%m%d"),
        day.strftime("%d.%m.%Y"),
        f"{day.day}.{day.month}.{day.year}",
        day.strftime("%m/%d/%Y"),
        day.strftime("%d/%m/%Y"),
        f"{day.day} {BELARUSIAN_MONTHS_GENITIVE[day.month - 1]} {day.year}",
    }
    for language in ("en", "be", "ru"):
        with translation.override(language):
            for format_name in ("DATE_FORMAT", "SHORT_DATE_FORMAT"):
                forms.add(formats.date_format(day, format_name))
    return forms


def marker_day(n: int) -> datetime.date:
    """A day of its own for marker ``n``, centuries before anything else in the walk,
    after the 12th so that its day and month cannot be read the other way round."""
    day = datetime.date(1700, 1, 13) + datetime.timedelta(days=37 * n)
    return day if day.day > 12 else day + datetime.timedelta(days=12)


def day_and_month_forms(day: datetime.date) -> set[str]:
    """A birth date said without its year, which the birth year (public) completes."""
    forms = {day.strftime("%m-%d"), day.strftime("%d.%m."), f"{day.day} {day:%B}"}
    forms.add(f"{day.day} {BELARUSIAN_MONTHS_GENITIVE[day.month - 1]}")
    for language in ("en", "ru"):
        with translation.override(language):
            forms.add(formats.date_format(day, "MONTH_DAY_FORMAT"))
    return forms


def number_forms(number: int) -> set[str]:
    grouped = f"{number:,}"
    return {
        str(number),
        grouped,
        *(grouped.replace(",", s) for s in (" ", "\u00a0", "\u202f", ".")),
    }


@dataclass
class Markers:
    """Marker values for staff-only fields, and where each was put."""

    found: list[Marker] = field(default_factory=list)
    count: int = 0

    def _next(self) -> int:
        self.count += 1
        return self.count

    def value(self, model, model_field: models.Field):
        """A value of the field's type that nothing else in the walk holds, the forms a
        page could write it in, and a probe; None for a field that cannot carry one."""
        if model_field.primary_key and not isinstance(model_field, models.CharField):
            return None
        if model_field.is_relation or model_field.choices:
            return None  # a related row carries its own markers; a choice is a vocabulary
        if isinstance(model_field, models.BooleanField):
            return None
        n = self._next()
        text = f"ZQ{n:03d}{model.__name__}{model_field.name}".replace("_", "")
        needle = text[:6].lower()
        if isinstance(model_field, models.DateField):
            day = marker_day(n)
            forms = tuple(form.lower() for form in date_forms(day))
            if isinstance(model_field, models.DateTimeField):
                return (
                    timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 12)),
                    forms,
                    str(day.year),
                )
            return day, forms, str(day.year)
        if isinstance(model_field, models.FloatField):
            number = 0.9 + n / 1_000_003
            return number, (str(number), str(number).replace(".", ",")), None
        if isinstance(model_field, models.PositiveSmallIntegerField):
            return 31_000 + n, tuple(number_forms(31_000 + n)), None
        if isinstance(model_field, models.IntegerField):
            return 7_300_000 + n * 7, tuple(number_forms(7_300_000 + n * 7)), None
        if isinstance(model_field, models.JSONField):
            return {"marker": text}, (needle,), needle
        if isinstance(model_field, models.BinaryField):
            return text.encode(), (needle,), needle
        if isinstance(model_field, models.FileField):
            return f"replies/{text}.png", (needle,), needle
        if isinstance(model_field, models.EmailField):
            return f"{text.lower()}@example.org", (needle,), needle
        if isinstance(model_field, models.URLField):
            return f"https://example.org/{text}", (needle,), needle
        if isinstance(model_field, models.CharField | models.TextField):
            max_length = model_field.max_length or 200
            assert max_length >= 12, f"give {model.__name__}.{model_field.name} a marker"
            return text[:max_length], (needle,), needle
        pytest.fail(f"give {model.__name__}.{model_field.name} a marker value in this test")

    def fill(self, obj, *, also: tuple[str, ...] = (), letter_id: int | None = None, **fixed):
        """Put a marker in each staff-only field of ``obj`` (and in ``also``); ``fixed``
        sets fields to given values instead."""
        model = type(obj)
        values = {}
        for name in [*staff_only_fields(model), *also]:
            if name in fixed or (model, name) in VOCABULARY:
                continue
            if (model, name) in UNMARKED:
                continue
            model_field = model._meta.get_field(name)
            made = self.value(model, model_field)
            if made is None:
                continue
            values[model_field.attname], needles, probe = made
            self.found.append(
                Marker(
                    model.__name__,
                    name,
                    obj.pk,
                    needles,
                    probe,
                    letter_id=letter_id,
                    sender_sees=letter_id is not None and _sender_sees(obj, name),
                    text=text if isinstance(text := values[model_field.attname], str) else "",
                )
            )
        model._base_manager.filter(pk=obj.pk).update(**values, **fixed)
        return model._base_manager.get(pk=obj.pk)


def _sender_sees(obj, name: str) -> bool:
    if name not in SENDER_LINK_FIELDS.get(type(obj), []):
        return False
    # Of the reasons staff write, the sender reads only those written for them.
    return not (isinstance(obj, LetterEvent) and name == "reason") or obj.action in REASON_ACTIONS


# The records the public pages show, with their staff-only fields marked


@dataclass
class Walk:
    markers: Markers
    person: object
    facility: object
    campaigns: list
    letters: list
    replies: list
    old_id: int
    digest: DigestSubscription
    dates: list[datetime.date]
    shown: dict[str, str]  # public text that the walk must meet, and what it is
    birth_date: datetime.date


BIRTH_YEAR = 1985


def same_day_in(year: int, day: datetime.date) -> datetime.date:
    return day.replace(year=year, day=min(day.day, 28))


def make_records() -> Walk:
    markers = Markers()
    today = timezone.localdate()
    anniversary = today + datetime.timedelta(days=5)
    birthday = today + datetime.timedelta(days=10)
    day_of_action = today + datetime.timedelta(days=20)
    release = today + datetime.timedelta(days=40)

    staff = apps.get_model("auth", "User").objects.create_user("editor", password="x")
    staff = markers.fill(staff)

    facility = markers.fill(gomel_colony(name_en="Penal colony No. 77"))
    tag = TagFactory(slug="librarians", name_en="Librarians")
    person = prisoner(
        name="Сакрэтная Фіктыўная",
        facility=facility,
        detained=same_day_in(2021, anniversary),
        source_id="leak-1",
        birth_year=BIRTH_YEAR,
    )
    person.tags.add(tag)
    PersonNameFactory(person=person, form=PersonName.Form.LATIN, text="Sakretnaja Fiktyunaja")
    for prosecution in person.prosecutions.all():
        markers.fill(prosecution, expected_release=release)
    EventFactory(
        person=person,
        kind=Event.Kind.TRANSFERRED,
        date=datetime.date(2022, 2, 2),
        facility=facility,
        source=SourceFactory(),
        description="Transferred to the colony.",
    )
    for event in person.events.all():
        markers.fill(event)
    person = registry_services.person_refresh_custody(person=person)
    # The birth date, staff-only, in the public birth year and half a year away from
    # every day the walk shows, so that its day and month alone are a leak too.
    birth_date = datetime.date(BIRTH_YEAR, (today.month + 5) % 12 + 1, 19)
    person = markers.fill(person, birth_date=birth_date)
    markers.found.append(
        Marker(
            "Person",
            "birth_date",
            person.pk,
            tuple(f.lower() for f in date_forms(birth_date) | day_and_month_forms(birth_date)),
        )
    )
    registry_services.person_refresh_name_keys(person=person)  # as an edit by staff does
    NameKey.objects.create(person=person, key="placeholder-key")
    for key in NameKey.objects.filter(key="placeholder-key"):
        markers.fill(key)

    celebrated = prisoner(name="Вядомая Асоба", facility=facility)
    markers.fill(
        calendar_services.public_birthday_publish(
            person=celebrated, month=birthday.month, day=birthday.day, by=staff
        )
    )

    merged = prisoner(name="Дубль Асобы", source_id="leak-old")
    old_id = merged.pk
    redirect = PersonRedirect.objects.create(
        old_id=old_id, old_source_id="leak-old", old_name="x", person=person, merged_by=staff
    )
    markers.fill(redirect)
    merged.delete()
    other = prisoner(name="Іншая Асоба")
    markers.fill(
        DuplicateCandidate.objects.create(person=person, other=other, score=0.9, reason="x")
    )
    markers.fill(
        ImportRun.objects.create(
            uploaded_by=staff,
            filename="x",
            format=ImportRun.Format.VIASNA_CSV,
            country=belarus(),
            sha256="x",
            data=b"x",
        )
    )

    def running(slug: str, kind: str, title: str, **fields) -> Campaign:
        return campaign_create(
            slug=slug,
            kind=kind,
            country=belarus(),
            title_en=title,
            starts_on=today - datetime.timedelta(days=30),
            **fields,
        )

    campaigns = [
        running(
            "for-sakretnaja",
            Campaign.Kind.PERSON,
            "Letters for Sakretnaja",
            hashtag="FreeSakretnaja",
            people=[person],
            goal_letters=3,
        ),
        running("librarians", Campaign.Kind.GROUP, "Librarians behind bars", tag=tag),
        running(
            "day-of-solidarity",
            Campaign.Kind.DAY_OF_ACTION,
            "Day of solidarity",
            day_of_action=day_of_action,
            recurs_yearly=True,
            people=[person],
        ),
    ]
    campaigns = [markers.fill(campaign) for campaign in campaigns]
    ShareEvent.objects.create(campaign=campaigns[0], network=ShareEvent.Network.TELEGRAM)

    shown = {
        "Сакрэтная Фіктыўная": "the person's name",
        "Penal colony No. 77": "the facility's name",
        "Letters for Sakretnaja": "a campaign's title",
        "Вядомая Асоба": "the person with a public birthday",
        "Transferred to the colony.": "an event's description",
    }
    for number, recipient in enumerate([{"person": person}, {"campaign": campaigns[0]}]):
        approved = SolidarityMessage.objects.create(
            sender_name=f"Ala {number}",
            text=f"Трымайся, мы з табой {number}!",
            state=SolidarityMessage.State.APPROVED,
            **recipient,
        )
        shown[approved.text] = "an approved solidarity message"
        markers.fill(approved)
        markers.fill(
            MessageEvent.objects.create(
                message=approved,
                action="approve",
                from_state="pending",
                to_state="approved",
                actor=staff,
            )
        )
        for state in ("pending", "rejected", "withdrawn"):
            # A message no moderator approved shows nothing of itself.
            message = SolidarityMessage.objects.create(
                sender_name="x", text="x", state=state, **recipient
            )
            markers.fill(message, also=("sender_name", "text"))
            markers.fill(
                MessageEvent.objects.create(
                    message=message,
                    action="reject",
                    from_state="pending",
                    to_state=state,
                    actor=staff,
                )
            )

    partner = markers.fill(PartnerApp.objects.create(name="x", token_digest="x", token_prefix="x"))
    batch = markers.fill(Batch.objects.create(facility=facility, created_by=staff))
    letters, replies = [], []
    for state, actions in (
        ("reply_received", ("submit", "request_edit", "edit", "approve", "batch", "post", "reply")),
        ("returned", ("submit", "approve", "batch", "post", "return")),
    ):
        letter = Letter.objects.create(person=person, sender_name="x", text="x", state=state)
        letter = markers.fill(letter, letter_id=letter.pk)
        Letter.objects.filter(pk=letter.pk).update(partner=partner, batch=batch)
        for action in actions:
            markers.fill(
                LetterEvent.objects.create(
                    letter=letter, action=action, to_state=state, role="moderator", actor=staff
                ),
                letter_id=letter.pk,
            )
        reply = Reply.objects.create(letter=letter, recorded_by=staff)
        reply = markers.fill(reply, letter_id=letter.pk)
        reply.scan.storage.save(reply.scan.name, ContentFile(b"\x89PNG scan"))
        letters.append(Letter.objects.get(pk=letter.pk))
        replies.append(reply)

    digest = DigestSubscription.objects.create(email_sealed="x", email_digest="x")
    digest = markers.fill(digest, confirmed_at=None)
    markers.fill(SignInFailure.objects.create(account="x"))
    markers.fill(RegistryChange.objects.create(token="x"))
    for row in NameKeyVersion.objects.all():
        markers.fill(row)
    # Every row of the change history: for the people, facilities, cases, events,
    # campaigns and the staff account above.
    for model in STAFF_ONLY_MODELS:
        if model._meta.model_name.startswith("historical"):
            for row in model._base_manager.all():
                markers.fill(row)

    return Walk(
        markers=markers,
        person=person,
        facility=facility,
        campaigns=campaigns,
        letters=letters,
        replies=replies,
        old_id=old_id,
        digest=digest,
        dates=[anniversary, birthday, day_of_action, release],
        shown=shown,
        birth_date=birth_date,
    )


# The walk

# URL patterns the walk does not visit, by route (language prefix left out), and why.
NOT_WALKED = {
    "staff/": "the staff site, behind a password and a second factor (tests/accounts); "
    "only its sign-in page is public, and is walked",
    "i18n/setlang/": "POST only: sets the language cookie and redirects back",
    "letters/screen/": "POST only: screens the text posted and stores nothing",
    "letters/<str:token>/screen/": "POST only: screens the text posted and stores nothing",
    "api/v1/letters": "POST only: a partner app's letter, its answer goes to that app",
}


# The API's root and any other address under /api/ answer with the API's JSON 404.
ANSWERED_NOT_FOUND = ("/api/v1/", "/api/unknown")


def url_routes(resolver=None, prefix: str = ""):
    """(route, pattern) of every URL pattern of the URLconf, includes followed."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = URLResolver._join_route(prefix, str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            yield from url_routes(pattern, route)
        else:
            assert isinstance(pattern, URLPattern)
            yield route, pattern


def without_language(route: str) -> str:
    for prefix in ("be/", "ru/"):
        if route.startswith(prefix):
            return route[len(prefix) :]
    return route


def public_paths(walk: Walk) -> list[str]:
    """Every public page, download and card, with its parameters filled from the walk's
    records; visited under every language prefix."""
    person, facility = walk.person, walk.facility
    today = timezone.localdate().isoformat()
    paths = [
        "/",
        "/staff/login/",
        "/people/",
        "/people/?q=sakretnaja+fiktyunaja",
        "/people/?q=Сакрэтная",
        f"/people/?status=active&article=342&region=gomel&tag=librarians&facility={facility.pk}",
        f"/people/{person.pk}/",
        f"/people/{walk.old_id}/",
        f"/people/{person.pk}/write/",
        f"/people/{person.pk}/write/?template=first&lang=be",
        f"/people/{person.pk}/messages/",
        f"/people/{person.pk}/card-og.png",
        f"/people/{person.pk}/card-square.png",
        f"/facilities/{facility.pk}/",
        "/letters/fewest/",
        "/campaigns/",
        "/calendar/",
        "/calendar/week/",
        "/calendar/print/",
        "/calendar/print/?view=week",
        "/calendar/feed.ics",
        "/calendar/digest/",
        "/numbers/",
        f"/numbers/?as_of={today}",
        f"/numbers/{today}.json",
        f"/numbers/{today}.csv",
        "/numbers/counter/",
        "/numbers/counter.json",
        "/numbers/embed/",
        "/numbers/report/",
        f"/numbers/report/{today}/",
        f"/numbers/report/{today}.pdf",
    ]
    for day in walk.dates:
        paths += [f"/calendar/?month={day:%Y-%m}", f"/calendar/week/?week={day.isoformat()}"]
    for campaign in walk.campaigns:
        paths += [f"/campaigns/{campaign.slug}/", f"/campaigns/{campaign.slug}/messages/"]
        paths += [
            f"/campaigns/{campaign.slug}/share/{network}/" for network in ShareEvent.Network.values
        ]
    for purpose in (calendar_services.CONFIRM, calendar_services.UNSUBSCRIBE):
        token = calendar_services._token(walk.digest, purpose)
        paths.append(f"/calendar/digest/{purpose_route(purpose)}/{token}/")
    return paths


def purpose_route(purpose: str) -> str:
    return "confirm" if purpose == calendar_services.CONFIRM else "unsubscribe"


def sender_paths(letter: Letter, reply: Reply) -> list[str]:
    """The sender's private link and their reply's scan."""
    return [f"/letters/{letter.token}/", f"/letters/{letter.token}/replies/{reply.pk}/"]


def api_paths(client, walk: Walk) -> list[str]:
    """Every GET operation of the OpenAPI schema, its path parameters filled, with the
    filters that show the walk's person; and the schema's own pages."""
    schema = client.get("/api/v1/openapi.json").json()
    values = {
        "person_id": [walk.person.pk, walk.old_id],
        "source_id": [walk.person.source_id, "leak-old"],
        "facility_id": [walk.facility.pk],
        "slug": [campaign.slug for campaign in walk.campaigns],
    }
    queries = {
        "/api/v1/people": [
            "?q=sakretnaja",
            f"?status=active&article=342&region=gomel&tag=librarians&facility={walk.facility.pk}",
        ],
        "/api/v1/stats": [f"?as_of={timezone.localdate().isoformat()}&country=BY"],
    }
    paths = ["/api/v1/openapi.json", "/api/v1/docs", *ANSWERED_NOT_FOUND]
    paths += [f"/api/v1/docs/assets/{name}" for name in docs_assets()]
    for template, item in schema["paths"].items():
        if "get" not in item:
            continue
        names = re.findall(r"{(\w+)}", template)
        filled = [template]
        for name in names:
            filled = [
                path.replace(f"{{{name}}}", str(value)) for path in filled for value in values[name]
            ]
        for path in filled:
            paths += [path, *(path + query for query in queries.get(path, []))]
    return paths


def docs_assets() -> list[str]:
    from vestka.api import docs

    return sorted(docs.ASSETS)[:1]  # files shipped with django-ninja, not Vestka data


@dataclass
class Page:
    where: str
    text: str


def response_text(response, cards: list[drawing.CardContent]) -> str:
    """Everything a response says: its headers, and its body as text (a PDF's text, a
    card's words)."""
    # Every header but the body's length, a number that says nothing of the records.
    parts = [f"{k}: {v}" for k, v in response.items() if k.lower() != "content-length"]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    content_type = response.get("Content-Type", "")
    if content_type.startswith("application/pdf"):
        reader = PdfReader(io.BytesIO(body))
        parts += [page.extract_text() for page in reader.pages]
        parts.append(json.dumps({k: str(v) for k, v in (reader.metadata or {}).items()}))
    elif content_type.startswith("image/"):
        parts += [json.dumps(asdict(card) | {"photo": None}) for card in cards]
        parts.append(body.decode("latin-1"))  # PNG text chunks, if any
    else:
        parts.append(body.decode("utf-8", errors="replace"))
    cards.clear()
    return "\n".join(parts)


def leaks(walk: Walk, pages: list[Page], *, own_letter: int | None = None) -> list[str]:
    found = []
    for page in pages:
        lower = page.text.lower()
        for marker in walk.markers.found:
            if own_letter is not None and marker.letter_id == own_letter and marker.sender_sees:
                continue
            needle = marker.found_in(lower)
            if needle is not None:
                found.append(f"{needle!r} of {marker.name} at {page.where}")
    return found


@pytest.fixture
def walk(settings, tmp_path):
    settings.VESTKA_CARDS_CACHE = str(tmp_path / "cards")
    settings.SITE_URL = "https://vestka.example"
    cache.clear()
    return make_records()


@pytest.fixture
def cards(monkeypatch):
    """The content of every card drawn: the words on it, as the drawing got them."""
    drawn: list[drawing.CardContent] = []
    render = drawing.card_render

    def recording(content, *, size):
        drawn.append(content)
        return render(content, size=size)

    monkeypatch.setattr(drawing, "card_render", recording)
    return drawn


def test_no_staff_only_field_reaches_a_page_the_api_an_export_or_a_card(
    client, walk, cards, tmp_path
):
    pages: list[Page] = []
    walked: set[str] = set()

    def visit(path: str, into: list[Page], **headers):
        response = client.get(path, **headers)
        expected = 404 if path in ANSWERED_NOT_FOUND else 200
        assert response.status_code in (expected, 301, 302, 303), (path, response.status_code)
        if response.resolver_match is not None:
            walked.add(without_language(response.resolver_match.route))
        into.append(Page(path, response_text(response, cards)))

    for path in public_paths(walk):
        for prefix in LANGUAGE_PREFIXES:
            visit(prefix + path, pages)
    for path in api_paths(client, walk):
        for language in ("en", "be"):  # the API names things in the language asked for
            visit(path, pages, HTTP_ACCEPT_LANGUAGE=language)
    # The private link of one letter shows its own sender what they wrote, and nothing
    # of any other letter or of what staff did.
    problems = []
    for letter, reply in zip(walk.letters, walk.replies, strict=True):
        private: list[Page] = []
        for path in sender_paths(letter, reply):
            for prefix in LANGUAGE_PREFIXES:
                visit(prefix + path, private)
        problems += leaks(walk, private, own_letter=letter.pk)
    # Uploaded files are served from the public media folder; reply scans are not in it.
    response = client.get(f"/media/{walk.replies[0].scan.name}")
    assert response.status_code == 404
    walked.add(without_language(response.resolver_match.route))

    pages += exports(walk, cards, tmp_path)
    problems += leaks(walk, pages)
    assert not problems, "staff-only values were shown:\n" + "\n".join(sorted(set(problems)))

    everything = "\n".join(page.text for page in pages)
    for text, what in walk.shown.items():
        assert text in everything, f"the walk never showed {what}: {text}"

    not_walked = [
        route
        for route, _pattern in url_routes()
        if route not in walked and not any(route.startswith(r) for r in NOT_WALKED)
    ]
    assert not not_walked, f"public URL patterns neither walked nor in NOT_WALKED: {not_walked}"


def exports(walk: Walk, cards: list, folder) -> list[Page]:
    """The output of every command that writes the registry's public data."""
    pages = []
    for arguments in (
        ["export", "--format", "csv"],
        ["export", "--format", "json"],
        ["stats", "--json"],
        ["stats"],
        ["calendar", "--json", "--days", "60"],
        ["calendar", "--days", "60", "--language", "be"],
    ):
        out = io.StringIO()
        call_command(*arguments, stdout=out)
        pages.append(Page("vestka " + " ".join(arguments), out.getvalue()))
    for language in ("en", "be", "ru"):
        out = io.StringIO()
        target = folder / f"card-{language}.png"
        source_id = walk.person.source_id
        call_command("card", "--source-id", source_id, "--language", language, "-o", target)
        words = [json.dumps(asdict(card) | {"photo": None}) for card in cards]
        cards.clear()
        pages.append(Page(f"vestka card --language {language}", "\n".join(words)))
    return pages


def test_no_staff_only_text_finds_a_person(client, walk):
    """A name search reads the names alone: a query for a staff-only text of the registry
    (relatives, notes, a merged record's old name, import spellings) finds nobody. The
    site's search and the API's read the same selector."""
    registry = {"Person", "PersonRedirect", "Facility", "Prosecution", "Event", "NameKey"}
    registry |= {f"Historical{name}" for name in ("Person", "PersonName")}
    queries = [m.text for m in walk.markers.found if m.text and m.model in registry]
    assert len(queries) > 10
    for query in queries:
        api = client.get("/api/v1/people", {"q": query[:200]}).json()
        assert api["count"] == 0, (query, [person["name"] for person in api["results"]])
    page = client.get("/people/", {"q": queries[0]}).content.decode()
    assert walk.person.name not in page, queries[0]
