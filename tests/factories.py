"""factory_boy factories for registry records. All people are fictional."""

from __future__ import annotations

import datetime

import factory

from vestka.registry import services
from vestka.registry.models import (
    Article,
    Country,
    Event,
    Facility,
    Person,
    PersonName,
    Prosecution,
    Region,
    Source,
    Tag,
)


def belarus() -> Country:
    return Country.objects.get(code="BY")


def article(number: str) -> Article:
    return Article.objects.get(country_id="BY", number=number)


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    country = factory.LazyFunction(belarus)
    kind = Facility.Kind.PENAL_COLONY
    name_en = factory.Sequence(lambda n: f"Penal colony No. {n + 1}")
    name_ru = factory.Sequence(lambda n: f"Исправительная колония № {n + 1}")
    name_be = factory.Sequence(lambda n: f"Папраўчая калонія № {n + 1}")
    address = "246035, г. Гомель\nул. Антошкина, 3\nИК-4"
    postal_code = "246035"
    region = factory.LazyFunction(lambda: Region.objects.get(country_id="BY", code="gomel"))


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"tag-{n}")
    name_en = factory.Sequence(lambda n: f"Tag {n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    url = factory.Sequence(lambda n: f"https://example.org/news/{n}")
    publisher = "Example Publisher"
    title = factory.Sequence(lambda n: f"Report {n}")
    published_on = datetime.date(2022, 1, 1)


class PersonFactory(factory.django.DjangoModelFactory):
    """A fictional person with no events (custody unknown). Use the helpers below
    to give them a history."""

    class Meta:
        model = Person

    country = factory.LazyFunction(belarus)
    name = factory.Sequence(lambda n: f"Фіктыўны Асоба {n}")
    source_id = factory.Sequence(lambda n: f"test-{n}")
    gender = Person.Gender.FEMALE
    birth_year = 1985
    biography_en = "A fictional librarian from Hrodna."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Like every write path in Vestka, file the person under the keys of their name.
        person = super()._create(model_class, *args, **kwargs)
        services.person_refresh_name_keys(person=person)
        return person


class PersonNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonName

    person = factory.SubFactory(PersonFactory)
    form = PersonName.Form.LATIN
    text = factory.Sequence(lambda n: f"Fictional Person {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        name = super()._create(model_class, *args, **kwargs)
        services.person_refresh_name_keys(person=name.person)
        return name


class ProsecutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prosecution
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    detained_on = datetime.date(2021, 3, 1)
    sentence_text = "3 years in a general-regime penal colony"
    sentence_kind = Prosecution.SentenceKind.COLONY
    term_months = 36

    @factory.post_generation
    def article_numbers(self, create, extracted, **kwargs):
        if create and extracted:
            self.articles.set(article(n) for n in extracted)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    person = factory.SubFactory(PersonFactory)
    kind = Event.Kind.DETAINED
    date = datetime.date(2021, 3, 1)
    source = factory.SubFactory(SourceFactory)


def prisoner(
    *,
    detained: datetime.date = datetime.date(2021, 3, 1),
    facility: Facility | None = None,
    released: datetime.date | None = None,
    died: datetime.date | None = None,
    recognised: bool = True,
    articles: tuple[str, ...] = ("342",),
    **person_fields,
) -> Person:
    """A fictional person detained on a date, recognised, optionally released or dead in
    custody, with one prosecution and their derived status refreshed."""
    person = PersonFactory(**person_fields)
    ProsecutionFactory(person=person, detained_on=detained, article_numbers=list(articles))
    EventFactory(person=person, kind=Event.Kind.DETAINED, date=detained, facility=facility)
    if recognised:
        EventFactory(person=person, kind=Event.Kind.RECOGNISED, date=detained)
    if released:
        EventFactory(person=person, kind=Event.Kind.RELEASED, date=released)
    if died:
        EventFactory(person=person, kind=Event.Kind.DIED_IN_CUSTODY, date=died)
    return services.person_refresh_custody(person=person)


def gomel_colony(**fields) -> Facility:
    """Penal colony No. 4 in Homiel, its address as a supporter copies it, unverified."""
    return FacilityFactory(
        **{
            "name_en": "Penal colony No. 4",
            "name_ru": "Исправительная колония № 4",
            "name_be": "Папраўчая калонія № 4",
            "address": "246035, г. Гомель\nул. Антошкина, 3\nИК-4",
            "address_verified": False,
            **fields,
        }
    )


def minsk_pretrial(**fields) -> Facility:
    """Pre-trial centre No. 1 in Minsk, with a (fictional) address source."""
    return FacilityFactory(
        **{
            "kind": Facility.Kind.PRETRIAL,
            "name_en": "Pre-trial centre No. 1",
            "name_ru": "СИЗО-1",
            "name_be": "СІЗА-1",
            "address": "220030, г. Минск\nул. Володарского, 2\nСИЗО-1",
            "postal_code": "220030",
            "region": Region.objects.get(country_id="BY", code="minsk-city"),
            "address_verified": True,
            "address_source": "https://example.org/addresses",
            **fields,
        }
    )


def ivatsevichy_colony(**fields) -> Facility:
    """Penal colony No. 22 near Ivatsevichy, its address written in Belarusian (ў, і),
    unverified."""
    return FacilityFactory(
        **{
            "name_en": "Penal colony No. 22",
            "name_ru": "Исправительная колония № 22",
            "name_be": "Папраўчая калонія № 22",
            "address": "225295, Брэсцкая вобласць\nІвацэвіцкі раён, в. Даманава\nПК-22",
            "postal_code": "225295",
            "region": Region.objects.get(country_id="BY", code="brest"),
            "address_verified": False,
            **fields,
        }
    )
