"""The endpoints of /api/v1/: filters, pagination and what each record shows."""

import datetime

import pytest

from tests.api.conftest import assert_error_shape
from tests.factories import (
    EventFactory,
    FacilityFactory,
    PersonFactory,
    PersonNameFactory,
    ProsecutionFactory,
    SourceFactory,
    TagFactory,
    prisoner,
)
from vestka.registry import services
from vestka.registry.models import Country, Event, Facility, PersonName, Region


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {person["id"] for person in response.json()["results"]}


@pytest.fixture
def russia(db):
    country = Country.objects.create(code="RU", name_en="Russia", postal_line="RUSSIA")
    Region.objects.create(country=country, code="moscow", name_en="Moscow")
    return country


# People: filters


def test_people_list_shows_each_person_as_their_public_summary(api):
    facility = FacilityFactory()
    person = prisoner(facility=facility, articles=("361-1", "342"))
    [row] = api.get("/api/v1/people").json()["results"]
    assert row["id"] == person.pk
    assert row["status"] == "active"
    assert row["articles"] == ["342", "361-1"]
    assert row["facility"] == facility.name_en
    assert row["facility_id"] == facility.pk
    assert row["region"] == "gomel"
    assert row["birth_year"] == 1985


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("active", {"inside"}),
        ("former", {"released"}),
        ("np", {"not_recognised", "no_events"}),
        ("in_custody", {"inside", "not_recognised"}),
        ("released", {"released"}),
        ("unknown", {"no_events"}),
    ],
)
def test_people_filter_by_status(api, status, expected):
    people = {
        "inside": prisoner(),
        "released": prisoner(released=datetime.date(2023, 1, 1)),
        "not_recognised": prisoner(recognised=False),
        "no_events": PersonFactory(),
    }
    found = ids(api.get("/api/v1/people", {"status": status}))
    assert found == {people[key].pk for key in expected}


def test_people_filter_by_article(api):
    extremist = prisoner(articles=("361-1",))
    prisoner(articles=("342",))
    both = prisoner(articles=("342",))
    ProsecutionFactory(person=both, article_numbers=["361-1"])
    assert ids(api.get("/api/v1/people", {"article": "361-1"})) == {extremist.pk, both.pk}


def test_people_filter_by_facility_and_region(api):
    gomel = FacilityFactory()
    minsk = FacilityFactory(region=Region.objects.get(country_id="BY", code="minsk-city"))
    in_gomel = prisoner(facility=gomel)
    in_minsk = prisoner(facility=minsk)
    assert ids(api.get("/api/v1/people", {"facility": gomel.pk})) == {in_gomel.pk}
    assert ids(api.get("/api/v1/people", {"region": "minsk-city"})) == {in_minsk.pk}
    assert ids(api.get("/api/v1/people", {"region": "brest"})) == set()


def test_people_filter_by_gender(api):
    woman = prisoner(gender="female")
    man = prisoner(gender="male")
    assert ids(api.get("/api/v1/people", {"gender": "female"})) == {woman.pk}
    assert ids(api.get("/api/v1/people", {"gender": "male"})) == {man.pk}


def test_people_filter_by_tag(api):
    journalist = prisoner()
    journalist.tags.add(TagFactory(slug="journalists"))
    prisoner().tags.add(TagFactory(slug="students"))
    assert ids(api.get("/api/v1/people", {"tag": "journalists"})) == {journalist.pk}


def test_people_filter_by_country_in_any_case(api, russia):
    belarusian = prisoner()
    russian = PersonFactory(country=russia)
    assert ids(api.get("/api/v1/people", {"country": "ru"})) == {russian.pk}
    assert ids(api.get("/api/v1/people", {"country": "BY"})) == {belarusian.pk}


def test_filters_combine(api):
    facility = FacilityFactory()
    match = prisoner(facility=facility, gender="male", articles=("342",))
    prisoner(facility=facility, gender="female", articles=("342",))
    prisoner(facility=facility, gender="male", articles=("130",))
    response = api.get(
        "/api/v1/people",
        {"status": "active", "facility": facility.pk, "gender": "male", "article": "342"},
    )
    assert ids(response) == {match.pk}


def test_empty_parameters_do_not_filter(api):
    person = prisoner()
    response = api.get("/api/v1/people", {"status": "", "q": "", "page": "", "gender": ""})
    assert ids(response) == {person.pk}


# People: name search


def test_q_finds_the_display_name_in_any_case(api):
    person = PersonFactory(name="Андрэй Аляксандраў")
    PersonFactory(name="Наста Лойка")
    assert ids(api.get("/api/v1/people", {"q": "аляксандраў"})) == {person.pk}
    assert ids(api.get("/api/v1/people", {"q": "АНДРЭЙ"})) == {person.pk}


def test_q_finds_every_stored_form_of_the_name(api):
    person = PersonFactory(name="Андрэй Аляксандраў")
    PersonNameFactory(person=person, form=PersonName.Form.RUSSIAN, text="Андрей Александров")
    PersonNameFactory(person=person, form=PersonName.Form.LATIN, text="Andrei Aliaksandrau")
    PersonFactory(name="Наста Лойка")
    assert ids(api.get("/api/v1/people", {"q": "александров"})) == {person.pk}
    assert ids(api.get("/api/v1/people", {"q": "aliaksandrau"})) == {person.pk}
    assert ids(api.get("/api/v1/people", {"q": "Andrzej Aleksandrow"})) == {person.pk}
    assert ids(api.get("/api/v1/people", {"q": "Andrzej Lojka"})) == set()


def test_q_lists_a_person_once_even_when_several_names_match(api):
    person = PersonFactory(name="Nasta Loika")
    PersonNameFactory(person=person, text="Nasta Lojka")
    PersonNameFactory(person=person, text="Nasta L.")
    response = api.get("/api/v1/people", {"q": "nasta"})
    assert response.json()["count"] == 1
    assert ids(response) == {person.pk}


def test_q_treats_like_wildcards_as_text(api):
    PersonFactory(name="Anna Ivanova")
    assert ids(api.get("/api/v1/people", {"q": "%"})) == set()
    assert ids(api.get("/api/v1/people", {"q": "_"})) == set()


# People: pagination


def test_pagination_counts_and_links(api, settings):
    settings.SITE_URL = "https://vestka.example"
    for _ in range(5):
        prisoner()
    first = api.get("/api/v1/people", {"status": "active", "page_size": 2}).json()
    assert (first["count"], first["page"], first["page_size"], first["pages"]) == (5, 1, 2, 3)
    assert len(first["results"]) == 2
    assert first["previous"] is None
    assert first["next"].startswith("https://vestka.example/api/v1/people?")
    assert "page=2" in first["next"]
    assert "status=active" in first["next"]
    assert "page_size=2" in first["next"]

    second = api.get(first["next"].removeprefix("https://vestka.example")).json()
    assert second["page"] == 2
    assert "page=1" in second["previous"]
    assert "page=3" in second["next"]

    last = api.get(second["next"].removeprefix("https://vestka.example")).json()
    assert last["next"] is None
    assert len(last["results"]) == 1
    seen = [p["id"] for page in (first, second, last) for p in page["results"]]
    assert len(set(seen)) == 5


def test_page_size_defaults_to_50_and_is_capped_at_200(api):
    for _ in range(51):
        PersonFactory()
    default = api.get("/api/v1/people").json()
    assert default["page_size"] == 50
    assert len(default["results"]) == 50
    assert default["pages"] == 2
    assert api.get("/api/v1/people", {"page_size": 200}).json()["pages"] == 1
    error = assert_error_shape(
        api.get("/api/v1/people", {"page_size": 201}), 422, "invalid_parameters"
    )
    assert [d["parameter"] for d in error["details"]] == ["page_size"]
    assert "200" in error["details"][0]["message"]


def test_an_empty_list_has_one_empty_page(api):
    body = api.get("/api/v1/people").json()
    assert (body["count"], body["pages"], body["results"]) == (0, 1, [])


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5"])
def test_a_page_that_is_not_a_positive_integer_is_invalid(api, page):
    error = assert_error_shape(api.get("/api/v1/people", {"page": page}), 422)
    assert error["details"][0]["parameter"] == "page"
    assert error["details"][0]["location"] == "query"


def test_a_page_beyond_the_last_is_not_found(api):
    prisoner()
    error = assert_error_shape(api.get("/api/v1/people", {"page": 2}), 404, "page_not_found")
    assert error["details"][0]["parameter"] == "page"
    assert_error_shape(api.get("/api/v1/people", {"page": 10**30}), 404, "page_not_found")


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("status", "behind_bars"),
        ("gender", "unknown"),
        ("facility", "colony"),
        ("facility", str(2**64)),
        ("country", "Belarus"),
        ("q", "x" * 201),
    ],
)
def test_bad_filter_values_are_refused_naming_the_parameter(api, parameter, value):
    error = assert_error_shape(api.get("/api/v1/people", {parameter: value}), 422)
    assert [d["parameter"] for d in error["details"]] == [parameter]
    assert parameter in error["message"]


def test_the_list_takes_a_bounded_number_of_queries(api, django_assert_max_num_queries):
    facility = FacilityFactory()
    tag = TagFactory(slug="journalists")
    for _ in range(30):
        person = prisoner(facility=facility, articles=("342", "361-1"))
        person.tags.add(tag)
        PersonNameFactory(person=person)
        ProsecutionFactory(person=person, article_numbers=["130"])
    # One of them is the page cache's look at what changed (site.pagecache).
    with django_assert_max_num_queries(7):
        body = api.get("/api/v1/people", {"page_size": 200}).json()
    assert body["count"] == 30
    # A name search adds at most five: the keys, the candidates' names and display names
    # (again for a second tier of candidates when the first leaves the page short).
    with django_assert_max_num_queries(12):
        body = api.get(
            "/api/v1/people",
            {
                "q": "fictional",
                "status": "active",
                "article": "342",
                "tag": "journalists",
                "region": "gomel",
                "facility": facility.pk,
                "gender": "female",
                "country": "BY",
            },
        ).json()
    assert body["count"] == 30


# One person


def test_person_detail_has_names_prosecutions_and_sourced_events(api):
    facility = FacilityFactory()
    person = PersonFactory(name="Андрэй Аляксандраў", birth_year=1981)
    PersonNameFactory(person=person, form=PersonName.Form.RUSSIAN, text="Андрей Александров")
    ProsecutionFactory(
        person=person,
        article_numbers=["342", "361-1"],
        court="Minsk City Court",
        verdict_on=datetime.date(2022, 1, 11),
    )
    source = SourceFactory(url="https://example.org/verdict", publisher="Viasna")
    EventFactory(
        person=person,
        kind=Event.Kind.SENTENCED,
        date=datetime.date(2022, 1, 11),
        facility=facility,
        source=source,
        description="Sentenced to 9 years",
    )
    EventFactory(
        person=person, kind=Event.Kind.DETAINED, date=datetime.date(2021, 1, 12), facility=facility
    )
    services.person_refresh_custody(person=person)

    body = api.get(f"/api/v1/people/{person.pk}").json()
    assert body["id"] == person.pk
    assert body["birth_year"] == 1981
    assert {"form": "ru", "text": "Андрей Александров"} in body["names"]
    [prosecution] = body["prosecutions"]
    assert prosecution["articles"] == ["342", "361-1"]
    assert prosecution["court"] == "Minsk City Court"
    assert prosecution["verdict_on"] == "2022-01-11"
    assert [e["kind"] for e in body["events"]] == ["detained", "sentenced"]
    sentenced = body["events"][1]
    assert sentenced["source"] == {
        "url": "https://example.org/verdict",
        "publisher": "Viasna",
        "title": source.title,
        "published_on": "2022-01-01",
    }
    assert sentenced["description"] == "Sentenced to 9 years"
    assert body["facility"]["id"] == facility.pk
    assert body["facility"]["address"][-1] == "REPUBLIC OF BELARUS"


def test_unknown_person_is_not_found(api):
    assert_error_shape(api.get("/api/v1/people/987654"), 404, "person_not_found")
    assert_error_shape(api.get("/api/v1/people/0"), 422, "invalid_parameters")
    assert_error_shape(api.get(f"/api/v1/people/{2**70}"), 422, "invalid_parameters")


def test_person_by_source_id(api):
    person = prisoner(source_id="1234")
    body = api.get("/api/v1/people/by-source-id/1234").json()
    assert body["id"] == person.pk
    assert body["source_id"] == "1234"
    assert body["prosecutions"][0]["articles"] == ["342"]
    error = assert_error_shape(api.get("/api/v1/people/by-source-id/4321"), 404, "person_not_found")
    assert "4321" in error["message"]


def test_head_answers_like_get_without_a_body(api):
    person = prisoner()
    response = api.head(f"/api/v1/people/{person.pk}")
    assert response.status_code == 200
    assert response.content == b""


# Facilities


def test_facilities_list_filters_by_country_region_and_kind(api, russia):
    colony = FacilityFactory()
    pretrial = FacilityFactory(
        kind=Facility.Kind.PRETRIAL,
        region=Region.objects.get(country_id="BY", code="minsk-city"),
    )
    moscow = FacilityFactory(country=russia, region=Region.objects.get(code="moscow"))

    def facility_ids(**params):
        response = api.get("/api/v1/facilities", params)
        assert response.status_code == 200, response.content
        return {f["id"] for f in response.json()["results"]}

    assert facility_ids() == {colony.pk, pretrial.pk, moscow.pk}
    assert facility_ids(country="by") == {colony.pk, pretrial.pk}
    assert facility_ids(region="minsk-city") == {pretrial.pk}
    assert facility_ids(kind="pretrial") == {pretrial.pk}
    assert facility_ids(country="RU", kind="pretrial") == set()
    assert_error_shape(api.get("/api/v1/facilities", {"kind": "gulag"}), 422)


def test_facilities_are_paginated(api):
    for _ in range(3):
        FacilityFactory()
    body = api.get("/api/v1/facilities", {"page_size": 2}).json()
    assert (body["count"], body["pages"], len(body["results"])) == (3, 2, 2)
    assert "page=2" in body["next"]
    assert_error_shape(api.get("/api/v1/facilities", {"page": 3}), 404, "page_not_found")
    assert_error_shape(api.get("/api/v1/facilities", {"page_size": 1000}), 422)


def test_facility_detail_counts_the_political_prisoners_held_there_now(api):
    facility = FacilityFactory()
    prisoner(facility=facility)
    prisoner(facility=facility)
    prisoner(facility=facility, recognised=False)
    prisoner(facility=facility, released=datetime.date(2023, 1, 1))
    prisoner(facility=FacilityFactory())
    body = api.get(f"/api/v1/facilities/{facility.pk}").json()
    assert body["id"] == facility.pk
    assert body["people_behind_bars"] == 2
    assert body["address"] == [*facility.address_lines, "REPUBLIC OF BELARUS"]
    assert body["names"]["ru"] == facility.name_ru


def test_unknown_facility_is_not_found(api):
    assert_error_shape(api.get("/api/v1/facilities/987654"), 404, "facility_not_found")
    assert_error_shape(api.get("/api/v1/facilities/ik-1"), 422, "invalid_parameters")


# Articles


def test_articles_count_people_behind_bars_now_once_each(api):
    inside = prisoner(articles=("342", "361-1"))
    ProsecutionFactory(person=inside, article_numbers=["342"])  # a second case, same article
    prisoner(articles=("342",))
    prisoner(articles=("342",), released=datetime.date(2023, 1, 1))
    prisoner(articles=("342",), recognised=False)
    body = api.get("/api/v1/articles").json()
    counts = {a["number"]: a["people_behind_bars"] for a in body["results"]}
    assert counts["342"] == 2
    assert counts["361-1"] == 1
    assert counts["130"] == 0
    assert body["count"] == len(body["results"])
    numbers = [a["number"] for a in body["results"]]
    assert numbers.index("361") < numbers.index("361-1") < numbers.index("361-4")
    article = next(a for a in body["results"] if a["number"] == "342")
    assert article["country"] == "BY"
    assert set(article["title"]) == {"en", "be", "ru"}


def test_articles_filter_by_country(api, russia):
    by = api.get("/api/v1/articles", {"country": "by"}).json()
    assert by["count"] > 0
    assert {a["country"] for a in by["results"]} == {"BY"}
    assert api.get("/api/v1/articles", {"country": "RU"}).json() == {"count": 0, "results": []}
    assert_error_shape(api.get("/api/v1/articles", {"country": "BLR"}), 422)
