"""Staff review of possible duplicates: the queue, the side-by-side page, and the
three decisions."""

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from tests.factories import PersonFactory, PersonNameFactory, gomel_colony, prisoner
from vestka.registry.models import (
    Country,
    DuplicateCandidate,
    ImportRun,
    Person,
    PersonName,
    PersonRedirect,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate(db):
    run = ImportRun.objects.create(
        filename="viasna-2024.csv", format="viasna-csv", country_id="BY", sha256="0", data=b""
    )
    left = prisoner(name="Андрэй Аляксандраў", source_id="101", facility=gomel_colony())
    PersonNameFactory(person=left, form=PersonName.Form.LATIN, text="Andrei Aliaksandrau")
    right = PersonFactory(name="Андрей Александров", source_id="202", birth_year=1986)
    PersonNameFactory(person=right, form=PersonName.Form.RUSSIAN, text="Андрей Александров")
    return DuplicateCandidate.objects.create(
        person=left, other=right, score=0.93, reason="same name across spellings", import_run=run
    )


def review_url(candidate) -> str:
    return reverse("admin:registry_duplicatecandidate_review", args=[candidate.pk])


def staff_with(*codenames: str) -> User:
    user = User.objects.create_user("reviewer", password="x" * 16, is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="registry", codename__in=codenames)
    )
    return user


def test_the_queue_lists_both_names_with_links_score_reason_and_import(admin_client, candidate):
    html = admin_client.get(reverse("admin:registry_duplicatecandidate_changelist")).content
    html = html.decode()
    for text in ("Андрэй Аляксандраў", "Андрей Александров", "0.93", "viasna-2024.csv"):
        assert text in html
    assert "same name across spellings" in html
    assert reverse("admin:registry_person_change", args=[candidate.person_id]) in html
    assert review_url(candidate) in html
    assert reverse("admin:registry_importrun_preview", args=[candidate.import_run_id]) in html
    assert reverse("admin:registry_duplicatecandidate_add") not in html


def test_pairs_cannot_be_added_or_edited_by_hand(admin_client, candidate):
    assert admin_client.get(reverse("admin:registry_duplicatecandidate_add")).status_code == 403
    change = reverse("admin:registry_duplicatecandidate_change", args=[candidate.pk])
    assert admin_client.post(change, {"score": "0.1"}).status_code == 403


def test_the_review_page_shows_both_records_side_by_side(admin_client, candidate):
    response = admin_client.get(review_url(candidate))

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Andrei Aliaksandrau",
        "Андрей Александров (Russian)",
        "101",
        "202",
        "1985",
        "1986",
        "Penal colony No. 4",
        "behind bars",
        "same name across spellings",
        'id="keep-left"',
        'id="keep-right"',
        'id="dismiss"',
    ):
        assert text in html, text


def test_keep_left_merges_the_right_record_into_the_left(admin_client, candidate):
    left, right_id = candidate.person, candidate.other_id

    response = admin_client.post(review_url(candidate), {"action": "keep_left"}, follow=True)

    assert not Person.objects.filter(pk=right_id).exists()
    assert PersonRedirect.objects.get(old_id=right_id).person == left
    assert "was merged into Андрэй Аляксандраў" in response.content.decode()
    assert left.names.filter(text="Андрей Александров").exists()


def test_keep_right_merges_the_left_record_into_the_right(admin_client, candidate):
    left_id, right = candidate.person_id, candidate.other

    admin_client.post(review_url(candidate), {"action": "keep_right"})

    assert not Person.objects.filter(pk=left_id).exists()
    right.refresh_from_db()
    assert right.custody == Person.CustodyState.IN_CUSTODY
    assert PersonRedirect.objects.get(old_id=left_id).merged_by.username == "admin"


def test_not_the_same_person_dismisses_the_pair_and_changes_no_one(admin_client, candidate):
    response = admin_client.post(review_url(candidate), {"action": "dismiss"}, follow=True)

    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.DISMISSED
    assert candidate.decided_by.username == "admin"
    assert Person.objects.count() == 2
    assert "will not be reported again" in response.content.decode()
    page = admin_client.get(review_url(candidate)).content.decode()
    assert "<strong>Not the same person</strong>" in page and 'id="keep-left"' not in page


def test_a_decided_pair_cannot_be_decided_again(admin_client, candidate):
    admin_client.post(review_url(candidate), {"action": "dismiss"})

    response = admin_client.post(review_url(candidate), {"action": "keep_left"}, follow=True)

    assert "already decided" in response.content.decode()
    assert Person.objects.count() == 2


def test_a_merged_pair_stays_in_the_queue_as_merged_with_the_person_kept(admin_client, candidate):
    left, right_id = candidate.person, candidate.other_id

    admin_client.post(review_url(candidate), {"action": "keep_left"})

    response = admin_client.get(
        reverse("admin:registry_duplicatecandidate_changelist") + "?status__exact=merged"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert review_url(candidate) in html and ">merged</a>" in html
    assert reverse("admin:registry_person_change", args=[left.pk]) in html
    assert f"Андрей Александров (id {right_id}), merged into Андрэй Аляксандраў" in html


def test_the_review_page_of_a_merged_pair_shows_the_decision_and_no_buttons(
    admin_client, candidate
):
    right_id = candidate.other_id
    admin_client.post(review_url(candidate), {"action": "keep_left"})

    response = admin_client.get(review_url(candidate))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>Merged</strong>" in html and ", admin</dd>" in html
    assert f"Андрей Александров (id {right_id}), merged into Андрэй Аляксандраў" in html
    assert reverse("admin:registry_person_change", args=[candidate.person_id]) in html
    assert 'id="duplicate-decision"' not in html and 'id="dismiss"' not in html


def test_a_merged_pair_cannot_be_decided_again(admin_client, candidate):
    admin_client.post(review_url(candidate), {"action": "keep_left"})
    candidate.refresh_from_db()
    before = (candidate.status, candidate.decided_at, candidate.person_id, candidate.other_id)

    for action in ("keep_right", "dismiss"):
        response = admin_client.post(review_url(candidate), {"action": action}, follow=True)
        assert "already decided: merged" in response.content.decode()

    candidate.refresh_from_db()
    assert (candidate.status, candidate.decided_at, candidate.person_id, candidate.other_id) == (
        before
    )
    assert Person.objects.count() == 1 and PersonRedirect.objects.count() == 1


def test_a_pair_whose_person_was_deleted_can_only_be_taken_out_of_the_queue(
    admin_client, candidate
):
    Person.objects.filter(pk=candidate.other_id).delete()

    page = admin_client.get(review_url(candidate))
    assert page.status_code == 200
    html = page.content.decode()
    assert "a record no longer in the registry" in html
    assert 'id="keep-left"' not in html and 'id="dismiss"' in html
    queue = admin_client.get(reverse("admin:registry_duplicatecandidate_changelist"))
    assert queue.status_code == 200

    refused = admin_client.post(review_url(candidate), {"action": "keep_left"}, follow=True)
    assert "cannot be merged" in refused.content.decode()
    assert Person.objects.count() == 1 and not PersonRedirect.objects.exists()

    admin_client.post(review_url(candidate), {"action": "dismiss"})
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.DISMISSED


def test_a_refused_merge_says_why_and_changes_nothing(admin_client, candidate):
    russia = Country.objects.create(code="RU", name_en="Russia", postal_line="RUSSIA")
    Person.objects.filter(pk=candidate.other_id).update(country=russia)

    response = admin_client.post(review_url(candidate), {"action": "keep_left"}, follow=True)

    assert "only people of one country" in response.content.decode()
    assert Person.objects.count() == 2 and not PersonRedirect.objects.exists()
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.OPEN


def test_an_unknown_decision_is_refused(admin_client, candidate):
    response = admin_client.post(review_url(candidate), {"action": "merge_all"}, follow=True)

    assert "Choose one of the three decisions" in response.content.decode()
    assert Person.objects.count() == 2


def test_staff_who_may_not_change_and_delete_people_see_the_pair_but_cannot_decide(
    client, candidate
):
    client.force_login(staff_with("view_duplicatecandidate", "view_person", "change_person"))

    page = client.get(review_url(candidate))
    assert page.status_code == 200
    assert 'id="keep-left"' not in page.content.decode()
    assert client.post(review_url(candidate), {"action": "keep_left"}).status_code == 403
    assert client.post(review_url(candidate), {"action": "dismiss"}).status_code == 403
    assert Person.objects.count() == 2


def test_staff_who_may_change_and_delete_people_can_merge(client, candidate):
    client.force_login(staff_with("view_duplicatecandidate", "change_person", "delete_person"))

    client.post(review_url(candidate), {"action": "keep_left"})

    assert Person.objects.count() == 1


def test_staff_without_access_to_the_queue_cannot_open_a_review(client, candidate):
    client.force_login(staff_with("change_person", "delete_person"))
    assert client.get(review_url(candidate)).status_code == 403


def test_merged_people_are_listed_read_only(admin_client, candidate):
    right_id = candidate.other_id
    admin_client.post(review_url(candidate), {"action": "keep_left"})

    html = admin_client.get(reverse("admin:registry_personredirect_changelist")).content.decode()

    assert str(right_id) in html and "Андрей Александров" in html
    assert reverse("admin:registry_personredirect_add") not in html
    assert admin_client.get(reverse("admin:registry_personredirect_add")).status_code == 403
