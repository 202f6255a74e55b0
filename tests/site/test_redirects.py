"""The page of a person merged into another leads to the person kept."""

import pytest
from django.urls import reverse

from tests.factories import PersonFactory
from vestka.registry import merging

pytestmark = pytest.mark.django_db


def test_the_old_page_of_a_merged_person_redirects_permanently_to_the_person_kept(client):
    keep, duplicate = PersonFactory(), PersonFactory()
    old_url = duplicate.get_absolute_url()
    merging.person_merge(keep=keep, duplicate=duplicate, actor=None)

    response = client.get(old_url)

    assert response.status_code == 301
    assert response["Location"] == keep.get_absolute_url()
    assert client.get(old_url, follow=True).status_code == 200


def test_the_redirect_keeps_the_language_of_the_address(client):
    keep, duplicate = PersonFactory(), PersonFactory()
    duplicate_id = duplicate.pk
    merging.person_merge(keep=keep, duplicate=duplicate, actor=None)

    response = client.get(f"/be/people/{duplicate_id}/")

    assert response.status_code == 301
    assert response["Location"] == f"/be/people/{keep.pk}/"


def test_a_person_merged_twice_is_one_redirect_away_from_the_person_kept(client):
    first, second, third = PersonFactory(), PersonFactory(), PersonFactory()
    first_url = first.get_absolute_url()
    merging.person_merge(keep=second, duplicate=first, actor=None)
    merging.person_merge(keep=third, duplicate=second, actor=None)

    response = client.get(first_url)

    assert response.status_code == 301
    assert response["Location"] == third.get_absolute_url()


def test_an_id_that_never_was_a_person_is_still_a_404(client):
    PersonFactory()
    response = client.get(reverse("site:person", args=[999999]))
    assert response.status_code == 404
