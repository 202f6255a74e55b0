import datetime

import pytest
from django.urls import reverse

from tests.factories import EventFactory, FacilityFactory, prisoner
from vestka.registry.models import Event

pytestmark = pytest.mark.django_db


def names(response):
    return sorted(p.name for p in response.context["page"].object_list)


def test_list_without_filters_shows_everyone(client, registry):
    response = client.get(reverse("site:people"))
    assert response.status_code == 200
    assert len(names(response)) == 5


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "active"}, ["alena", "ihar"]),
        ({"status": "former"}, ["died", "released"]),
        ({"status": "np"}, ["unrecognised"]),
        ({"status": "in_custody"}, ["alena", "ihar", "unrecognised"]),
        ({"status": "released"}, ["released"]),
        ({"status": "died_in_custody"}, ["died"]),
        ({"article": "361-1"}, ["ihar"]),
        ({"article": "130"}, ["ihar"]),
        ({"article": "342"}, ["alena", "died", "released"]),
        ({"region": "minsk-city"}, ["ihar", "unrecognised"]),
        ({"region": "gomel"}, ["alena", "died"]),
        ({"gender": "male"}, ["ihar", "unrecognised"]),
        ({"tag": "journalist"}, ["ihar"]),
        ({"status": "active", "gender": "female"}, ["alena"]),
        ({"status": "", "article": ""}, ["alena", "died", "ihar", "released", "unrecognised"]),
    ],
)
def test_each_filter_returns_the_right_people(client, registry, query, expected):
    response = client.get(reverse("site:people"), query)
    assert response.status_code == 200
    assert names(response) == sorted(registry[key].name for key in expected)


def test_facility_filter_returns_the_people_held_there(client, registry, colony, pretrial):
    response = client.get(reverse("site:people"), {"facility": pretrial.pk})
    assert names(response) == sorted([registry["ihar"].name, registry["unrecognised"].name])
    response = client.get(reverse("site:people"), {"facility": colony.pk})
    # Someone who died in custody stays with the facility where they died.
    assert names(response) == sorted([registry["alena"].name, registry["died"].name])


def test_filter_form_keeps_the_chosen_values(client, registry):
    html = client.get(reverse("site:people"), {"article": "361-1"}).content.decode()
    assert '<option value="361-1" selected>' in html


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "jailed"}, "Status"),
        ({"article": "999"}, "Article"),
        ({"facility": "999999"}, "Facility"),
        ({"facility": "abc"}, "Facility"),
        ({"region": "atlantis"}, "Region"),
        ({"gender": "x"}, "Gender"),
        ({"tag": "<script>"}, "Tag"),
    ],
)
def test_unknown_filter_values_give_a_clear_message_not_an_error(client, registry, query, field):
    response = client.get(reverse("site:people"), query)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="filter-errors"' in html
    assert f"{field}: Select a valid choice." in html
    assert "<script>" not in html


@pytest.mark.parametrize("page", ["0", "-1", "abc", "999", "1.5"])
def test_bad_page_numbers_are_404_not_500(client, registry, page):
    response = client.get(reverse("site:people"), {"page": page})
    assert response.status_code == 404


def test_pagination_shows_50_a_page_and_links_keep_the_filters(client, db):
    facility = FacilityFactory()
    for n in range(120):
        prisoner(name=f"Асоба {n:03d}", facility=facility, articles=("342",))
    prisoner(name="Іншы", articles=("130",))
    url = reverse("site:people")
    first = client.get(url, {"article": "342"})
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].paginator.num_pages == 3
    html = first.content.decode()
    assert 'href="?article=342&amp;page=2"' in html
    last = client.get(url, {"article": "342", "page": "3"})
    assert len(last.context["page"].object_list) == 20
    assert "Іншы" not in last.content.decode()


def test_list_queries_are_bounded(client, db, django_assert_max_num_queries):
    facilities = [FacilityFactory() for _ in range(3)]
    for n in range(60):
        person = prisoner(
            name=f"Асоба {n:03d}", facility=facilities[n % 3], articles=("342", "361-1")
        )
        person.tags.create(slug=f"tag-{n}", name_en=f"Tag {n}")
    # One of them is the page cache's look at what changed (site.pagecache).
    with django_assert_max_num_queries(13):
        response = client.get(reverse("site:people"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 50


def test_person_page_queries_are_bounded(client, registry, django_assert_max_num_queries):
    ihar = registry["ihar"]
    for day in range(1, 21):
        EventFactory(
            person=ihar,
            kind=Event.Kind.TRANSFERRED,
            date=datetime.date(2024, 1, day),
            facility=FacilityFactory(),
        )
    url = ihar.get_absolute_url()
    # Three of them for solidarity: the person's campaigns, messages and message count;
    # one the page cache's look at what changed.
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_home_queries_are_bounded(client, registry, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):  # one the page cache's
        assert client.get(reverse("site:home")).status_code == 200
