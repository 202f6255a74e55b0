"""Merging two records of one person, and the queue of possible duplicates."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from tests.factories import (
    EventFactory,
    PersonFactory,
    PersonNameFactory,
    ProsecutionFactory,
    TagFactory,
    gomel_colony,
    prisoner,
)
from vestka import names
from vestka.registry import merging, selectors, services
from vestka.registry.models import (
    Country,
    DuplicateCandidate,
    Event,
    ImportRun,
    NameKey,
    Person,
    PersonName,
    PersonRedirect,
    Prosecution,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return User.objects.create_user("editor", is_staff=True)


def snapshot() -> dict:
    """Everything a merge may touch, to show that a refused merge touched nothing."""
    return {
        "people": list(Person.objects.order_by("pk").values()),
        "names": list(PersonName.objects.order_by("pk").values()),
        "prosecutions": list(Prosecution.objects.order_by("pk").values()),
        "events": list(Event.objects.order_by("pk").values()),
        "tags": list(Person.tags.through.objects.order_by("pk").values()),
        "redirects": list(PersonRedirect.objects.order_by("pk").values()),
        "candidates": list(DuplicateCandidate.objects.order_by("pk").values()),
        "keys": list(NameKey.objects.order_by("pk").values()),
    }


def pair(keep: Person, duplicate: Person, **fields) -> DuplicateCandidate:
    low, high = sorted((keep, duplicate), key=lambda p: p.pk)
    return DuplicateCandidate.objects.create(
        person=low, other=high, **{"score": 0.9, "reason": "similar names", **fields}
    )


# What moves


def test_merge_moves_names_prosecutions_events_and_tags_to_the_person_kept(editor):
    keep = PersonFactory(name="Андрэй Аляксандраў")
    duplicate = prisoner(name="Андрей Александров", facility=gomel_colony())
    PersonNameFactory(person=duplicate, form=PersonName.Form.LATIN, text="Andrey Aleksandrov")
    duplicate.tags.add(TagFactory(slug="journalist"))
    events = set(duplicate.events.values_list("pk", flat=True))
    prosecutions = set(duplicate.prosecutions.values_list("pk", flat=True))

    kept = merging.person_merge(keep=keep, duplicate=duplicate, actor=editor)

    assert kept.pk == keep.pk
    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert set(kept.events.values_list("pk", flat=True)) == events
    assert set(kept.prosecutions.values_list("pk", flat=True)) == prosecutions
    assert list(kept.tags.values_list("slug", flat=True)) == ["journalist"]
    assert {(n.form, n.text) for n in kept.names.all()} == {
        ("lat", "Andrey Aleksandrov"),
        ("alias", "Андрей Александров"),
    }


def test_merge_refreshes_custody_and_name_keys_of_the_person_kept(editor):
    colony = gomel_colony()
    keep = PersonFactory(name="Андрэй Аляксандраў")
    duplicate = prisoner(name="Andrzej Aleksandrow", facility=colony)

    kept = merging.person_merge(keep=keep, duplicate=duplicate, actor=editor)

    assert kept.custody == Person.CustodyState.IN_CUSTODY
    assert kept.recognised and kept.facility == colony
    keys = set(NameKey.objects.filter(person=kept).values_list("key", flat=True))
    assert names.name_keys("Andrzej Aleksandrow") <= keys
    assert names.name_keys("Андрэй Аляксандраў") <= keys


def test_name_forms_both_records_have_are_kept_once(editor):
    keep = PersonFactory(name="Nasta Loika")
    PersonNameFactory(person=keep, form=PersonName.Form.BELARUSIAN, text="Наста Лойка")
    duplicate = PersonFactory(name="Наста Лойка")
    PersonNameFactory(person=duplicate, form=PersonName.Form.BELARUSIAN, text="Наста Лойка")
    PersonNameFactory(person=duplicate, form=PersonName.Form.RUSSIAN, text="Анастасия Лойко")

    kept = merging.person_merge(keep=keep, duplicate=duplicate, actor=editor)

    # The duplicate's display name is already a form of the person kept: no alias.
    assert sorted((n.form, n.text) for n in kept.names.all()) == [
        ("be", "Наста Лойка"),
        ("ru", "Анастасия Лойко"),
    ]


def test_display_name_differing_only_in_case_and_spaces_is_not_added_again(editor):
    keep = PersonFactory(name="Nasta Loika")
    duplicate = PersonFactory(name="nasta  LOIKA")

    kept = merging.person_merge(keep=keep, duplicate=duplicate, actor=editor)

    assert not kept.names.exists()


def test_merge_fills_what_the_person_kept_lacks_and_keeps_what_it_has(editor):
    keep = PersonFactory(
        name="Kept",
        gender="",
        birth_year=None,
        biography_en="Kept's story.",
        biography_ru="",
        notes="Kept's note.",
        relatives="",
        on_terrorist_list=False,
        source_url="",
    )
    duplicate = PersonFactory(
        name="Duplicate",
        gender=Person.Gender.MALE,
        birth_year=1980,
        birth_date=datetime.date(1980, 5, 1),
        biography_en="Duplicate's story.",
        biography_ru="История.",
        notes="Duplicate's note.",
        relatives="A sister.",
        on_terrorist_list=True,
        source_url="https://example.org/duplicate",
        photo="people/duplicate.jpg",
        photo_source_url="https://example.org/photo",
    )

    kept = merging.person_merge(keep=keep, duplicate=duplicate, actor=editor)
    kept.refresh_from_db()

    assert kept.name == "Kept"
    assert kept.gender == Person.Gender.MALE
    assert kept.birth_year == 1980
    assert kept.birth_date == datetime.date(1980, 5, 1)
    assert kept.biography_en == "Kept's story."
    assert kept.biography_ru == "История."
    assert kept.notes.startswith("Kept's note.")
    assert f"id {duplicate.pk}" in kept.notes and kept.notes.endswith("Duplicate's note.")
    assert kept.relatives == "A sister."
    assert kept.on_terrorist_list
    assert kept.source_url == "https://example.org/duplicate"
    assert kept.photo.name == "people/duplicate.jpg"
    assert kept.photo_source_url == "https://example.org/photo"


def test_a_birth_date_contradicting_the_kept_birth_year_is_not_taken(editor):
    keep = PersonFactory(birth_year=1985, birth_date=None)
    duplicate = PersonFactory(birth_year=1986, birth_date=datetime.date(1986, 2, 3))

    kept = merging.person_merge(keep=keep, duplicate=duplicate, actor=editor)

    assert kept.birth_year == 1985 and kept.birth_date is None


def test_a_photo_source_is_not_taken_without_its_photo(editor):
    keep = PersonFactory(photo="people/kept.jpg", photo_source_url="")
    duplicate = PersonFactory(photo="people/dup.jpg", photo_source_url="https://example.org/p")

    kept = merging.person_merge(keep=keep, duplicate=duplicate, actor=editor)

    assert kept.photo.name == "people/kept.jpg" and kept.photo_source_url == ""


# Source ids and what the import owns


def test_the_person_kept_takes_the_source_id_when_it_has_none(editor):
    keep = PersonFactory(source_id=None)
    duplicate = PersonFactory(
        source_id="1234", import_fingerprint="f" * 64, import_snapshot={"name": "X"}
    )
    ProsecutionFactory(person=duplicate, import_key="viasna")
    EventFactory(person=duplicate, import_key="viasna:detained")

    kept = merging.person_merge(keep=keep, duplicate=duplicate, actor=editor)
    kept.refresh_from_db()

    assert kept.source_id == "1234"
    assert kept.import_fingerprint == "f" * 64 and kept.import_snapshot == {"name": "X"}
    # The import still owns the records of its list row, now on the person kept.
    assert list(kept.prosecutions.values_list("import_key", flat=True)) == ["viasna"]
    assert list(kept.events.values_list("import_key", flat=True)) == ["viasna:detained"]
    assert selectors.person_pk_by_source_id(source_id="1234") == kept.pk
    assert PersonRedirect.objects.get(old_id=duplicate.pk).old_source_id == "1234"


def test_when_both_have_a_source_id_the_kept_one_stays_and_the_other_is_recorded(editor):
    keep = PersonFactory(source_id="100")
    ProsecutionFactory(person=keep, import_key="viasna")
    EventFactory(person=keep, import_key="viasna:detained")
    duplicate = PersonFactory(source_id="200")
    ProsecutionFactory(person=duplicate, import_key="viasna")
    EventFactory(person=duplicate, import_key="viasna:detained")

    kept = merging.person_merge(keep=keep, duplicate=duplicate, actor=editor)
    kept.refresh_from_db()

    assert kept.source_id == "100"
    assert PersonRedirect.objects.get(old_id=duplicate.pk).old_source_id == "200"
    assert selectors.person_redirect_by_source_id(source_id="200") == kept.pk
    # A re-import updates the one case and the events of row "100"; the duplicate's
    # records become staff's own instead of colliding with them.
    assert sorted(kept.prosecutions.values_list("import_key", flat=True)) == ["", "viasna"]
    assert sorted(kept.events.values_list("import_key", flat=True)) == ["", "viasna:detained"]


# History


def test_history_of_both_records_is_kept_and_says_where_the_duplicate_went(editor):
    keep = PersonFactory(name="Алесь Бяляцкі")
    duplicate = prisoner(name="Алесь Беляцкий")
    prosecution = duplicate.prosecutions.get()
    duplicate_id = duplicate.pk

    merging.person_merge(keep=keep, duplicate=duplicate, actor=editor)

    gone = Person.history.filter(id=duplicate_id).order_by("history_date", "history_id")
    assert gone.count() >= 2  # created, then deleted
    last = gone.last()
    assert last.history_type == "-"
    assert last.history_change_reason == f"merged into person {keep.pk}: Алесь Бяляцкі"
    assert last.history_user == editor
    assert last.name == "Алесь Беляцкий"
    kept_history = keep.history.order_by("history_date", "history_id").last()
    assert (
        kept_history.history_change_reason == f"merged with person {duplicate_id}: Алесь Беляцкий"
    )
    moves = prosecution.history.order_by("history_date", "history_id")
    assert [h.person_id for h in moves] == [duplicate_id, keep.pk]
    assert moves.last().history_user == editor


def test_change_reasons_fit_the_history_column_whatever_the_name(editor):
    keep = PersonFactory(name="Я" * 300)
    duplicate = PersonFactory(name="Ю" * 300)
    duplicate_id = duplicate.pk

    merging.person_merge(keep=keep, duplicate=duplicate, actor=editor)

    reason = Person.history.filter(id=duplicate_id, history_type="-").get().history_change_reason
    assert reason.startswith(f"merged into person {keep.pk}: ЯЯЯ")
    assert len(reason) == merging.REASON_LENGTH


# Redirects


def test_a_redirect_leads_from_the_duplicate_to_the_person_kept(editor):
    keep = PersonFactory()
    duplicate = PersonFactory(name="Old Name", source_id="77")
    duplicate_id = duplicate.pk

    merging.person_merge(keep=keep, duplicate=duplicate, actor=editor)

    redirect = PersonRedirect.objects.get()
    assert (redirect.old_id, redirect.old_name, redirect.person_id) == (
        duplicate_id,
        "Old Name",
        keep.pk,
    )
    assert redirect.merged_by == editor and redirect.merged_at is not None
    assert selectors.person_redirect(old_id=duplicate_id) == keep.pk
    assert selectors.person_redirect(old_id=keep.pk) is None


def test_redirects_follow_a_person_merged_again(editor):
    first, second, third = PersonFactory(), PersonFactory(), PersonFactory()
    first_id, second_id = first.pk, second.pk

    merging.person_merge(keep=second, duplicate=first, actor=editor)
    merging.person_merge(keep=third, duplicate=second, actor=None)

    assert selectors.person_redirect(old_id=first_id) == third.pk
    assert selectors.person_redirect(old_id=second_id) == third.pk
    assert PersonRedirect.objects.get(old_id=second_id).merged_by is None


# Refusals


def test_a_person_cannot_be_merged_into_themselves(editor):
    person = prisoner()
    before = snapshot()

    with pytest.raises(ValidationError, match="cannot be merged into themselves"):
        merging.person_merge(keep=person, duplicate=person, actor=editor)

    assert snapshot() == before


def test_people_of_different_countries_are_not_merged(editor):
    russia = Country.objects.create(code="RU", name_en="Russia", postal_line="RUSSIA")
    keep = prisoner()
    duplicate = prisoner(country=russia)
    pair(keep, duplicate)
    before = snapshot()

    with pytest.raises(ValidationError, match="only people of one country"):
        merging.person_merge(keep=keep, duplicate=duplicate, actor=editor)

    assert snapshot() == before


def test_a_person_already_merged_cannot_be_merged_again(editor):
    keep, duplicate = PersonFactory(), PersonFactory()
    stale = Person.objects.get(pk=duplicate.pk)
    merging.person_merge(keep=keep, duplicate=duplicate, actor=editor)
    before = snapshot()

    with pytest.raises(ValidationError, match="no longer in the registry"):
        merging.person_merge(keep=keep, duplicate=stale, actor=editor)

    assert snapshot() == before


def test_a_failure_half_way_through_leaves_everything_as_it_was(editor, monkeypatch):
    keep = PersonFactory(source_id=None)
    duplicate = prisoner(name="Another Spelling")
    PersonNameFactory(person=duplicate)
    pair(keep, duplicate)
    before = snapshot()

    def fail(*, person):
        raise RuntimeError("the name index is broken")

    monkeypatch.setattr(services, "person_refresh_name_keys", fail)
    with pytest.raises(RuntimeError):
        merging.person_merge(keep=keep, duplicate=duplicate, actor=editor)

    assert snapshot() == before


# Every relation and field is handled


# Each relation to Person and what a merge does with it. A new relation fails this
# test until person_merge handles it and it is listed here.
HANDLED_RELATIONS = {
    ("registry.PersonName", "person"): "moved, forms the person kept has dropped",
    ("registry.Prosecution", "person"): "moved",
    ("registry.Event", "person"): "moved",
    ("registry.Person_tags", "person"): "the union",
    ("registry.NameKey", "person"): "rebuilt for the person kept",
    ("registry.PersonRedirect", "person"): "re-pointed to the person kept",
    ("letters.Letter", "person"): "moved to the person kept",
    ("vestka_calendar.PublicBirthday", "person"): "moved, unless the person kept has one",
    ("campaigns.SolidarityMessage", "person"): "moved to the person kept",
    ("campaigns.Campaign", "people"): "the union",
    ("campaigns.Campaign_people", "person"): "the union",
    ("registry.DuplicateCandidate", "person"): "decided (kept, side emptied) or carried over",
    ("registry.DuplicateCandidate", "other"): "decided (kept, side emptied) or carried over",
    # History rows keep the duplicate's id: that is its history.
    ("registry.HistoricalPersonName", "person"): "kept",
    ("registry.HistoricalProsecution", "person"): "kept",
    ("registry.HistoricalEvent", "person"): "kept",
}


def test_every_relation_to_a_person_is_handled_by_the_merge():
    relations = {
        (rel.related_model._meta.label, rel.field.name)
        for rel in Person._meta.get_fields(include_hidden=True)
        if rel.auto_created and not rel.concrete
    }
    assert relations == set(HANDLED_RELATIONS), (
        "A relation to Person was added or removed: make person_merge handle it "
        "and list it in HANDLED_RELATIONS."
    )


def test_every_field_of_a_person_has_a_merge_rule():
    fields = {f.name for f in Person._meta.get_fields() if f.concrete or f.many_to_many}
    listed = [
        *merging.FILLED_FIELDS,
        *merging.APPENDED_FIELDS,
        *merging.SPECIAL_FIELDS,
        *merging.KEPT_FIELDS,
    ]
    assert len(listed) == len(set(listed)), "a field is listed under two rules"
    assert fields == set(listed), "list the new field of Person under one rule in merging.py"


# The review queue


def test_merging_a_pair_leaves_nothing_to_review_about_the_duplicate(editor):
    keep, duplicate = PersonFactory(), PersonFactory()
    pair(keep, duplicate)

    merging.person_merge(keep=keep, duplicate=duplicate, actor=editor)

    assert not DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN).exists()


def test_the_pair_merged_stays_decided_with_the_person_kept_and_an_empty_side(editor):
    keep, duplicate = PersonFactory(), PersonFactory()
    merged = pair(keep, duplicate)

    merging.person_merge(keep=keep, duplicate=duplicate, actor=editor)

    merged.refresh_from_db()
    assert merged.status == DuplicateCandidate.Status.MERGED
    assert merged.decided_by == editor and merged.decided_at is not None
    assert {merged.person_id, merged.other_id} == {keep.pk, None}
    # The admin finds the record merged by this shared time.
    assert PersonRedirect.objects.get(old_id=duplicate.pk).merged_at == merged.decided_at


def test_a_pair_merged_earlier_follows_its_person_kept_into_the_next_merge(editor):
    first, second, third = PersonFactory(), PersonFactory(), PersonFactory()
    earlier = pair(second, first)
    merging.person_merge(keep=second, duplicate=first, actor=editor)
    later = pair(third, second)

    merging.person_merge(keep=third, duplicate=second, actor=editor)

    earlier.refresh_from_db()
    later.refresh_from_db()
    assert {earlier.person_id, earlier.other_id} == {third.pk, None}
    assert {later.person_id, later.other_id} == {third.pk, None}
    assert {earlier.status, later.status} == {DuplicateCandidate.Status.MERGED}


def test_the_duplicates_other_pairs_are_carried_over_to_the_person_kept(editor):
    keep, duplicate, third, fourth = (PersonFactory() for _ in range(4))
    open_pair = pair(duplicate, third, score=0.7, reason="same birth year")
    dismissed = pair(
        duplicate, fourth, status=DuplicateCandidate.Status.DISMISSED, decided_by=editor
    )

    merging.person_merge(keep=keep, duplicate=duplicate, actor=editor)

    open_pair.refresh_from_db()
    dismissed.refresh_from_db()
    assert {open_pair.person_id, open_pair.other_id} == {keep.pk, third.pk}
    assert open_pair.status == DuplicateCandidate.Status.OPEN
    assert (open_pair.score, open_pair.reason) == (0.7, "same birth year")
    # "Not the same person" was said of the record merged, so of the person kept too.
    assert {dismissed.person_id, dismissed.other_id} == {keep.pk, fourth.pk}
    assert dismissed.status == DuplicateCandidate.Status.DISMISSED


def test_a_pair_the_person_kept_already_has_stands_with_the_higher_score(editor):
    keep, duplicate, third, fourth = (PersonFactory() for _ in range(4))
    kept_open = pair(keep, third, score=0.6, reason="kept's reason")
    pair(duplicate, third, score=0.8, reason="duplicate's reason")
    kept_dismissed = pair(keep, fourth, status=DuplicateCandidate.Status.DISMISSED)
    pair(duplicate, fourth, score=0.99)

    merging.person_merge(keep=keep, duplicate=duplicate, actor=editor)

    kept_open.refresh_from_db()
    kept_dismissed.refresh_from_db()
    assert (kept_open.score, kept_open.reason) == (0.8, "duplicate's reason")
    assert kept_dismissed.status == DuplicateCandidate.Status.DISMISSED
    assert DuplicateCandidate.objects.count() == 2


def test_record_stores_a_pair_once_lower_id_first():
    a, b = PersonFactory(), PersonFactory()
    run = ImportRun.objects.create(
        filename="list.csv", format="viasna-csv", country_id="BY", sha256="0", data=b""
    )

    first = merging.duplicate_record(person=b, other=a, score=0.8, reason="r1", import_run=run)
    again = merging.duplicate_record(person=a, other=b, score=0.9, reason="r2")

    assert first is not None and again is not None and first.pk == again.pk
    stored = DuplicateCandidate.objects.get()
    assert (stored.person_id, stored.other_id) == (a.pk, b.pk)
    assert (stored.score, stored.reason, stored.import_run) == (0.9, "r2", run)


def test_record_leaves_a_decided_pair_alone(editor):
    a, b = PersonFactory(), PersonFactory()
    candidate = pair(a, b, score=0.5, reason="first")
    merging.duplicate_dismiss(candidate=candidate, actor=editor)

    assert merging.duplicate_record(person=a, other=b, score=0.99, reason="again") is None

    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.DISMISSED
    assert (candidate.score, candidate.reason) == (0.5, "first")


def test_record_refuses_a_person_paired_with_themselves_or_another_country():
    russia = Country.objects.create(code="RU", name_en="Russia", postal_line="RUSSIA")
    person, abroad = PersonFactory(), PersonFactory(country=russia)

    with pytest.raises(ValidationError, match="duplicate of themselves"):
        merging.duplicate_record(person=person, other=person, score=1, reason="")
    with pytest.raises(ValidationError, match="different countries"):
        merging.duplicate_record(person=person, other=abroad, score=1, reason="")
    assert not DuplicateCandidate.objects.exists()


def test_dismiss_records_who_decided_and_refuses_a_second_decision(editor):
    candidate = pair(PersonFactory(), PersonFactory())

    dismissed = merging.duplicate_dismiss(candidate=candidate, actor=editor)

    assert dismissed.status == DuplicateCandidate.Status.DISMISSED
    assert dismissed.decided_by == editor and dismissed.decided_at is not None
    with pytest.raises(ValidationError, match="already decided"):
        merging.duplicate_dismiss(candidate=candidate, actor=editor)


def test_letters_to_the_merged_person_move_to_the_person_kept():
    from tests.factories import prisoner
    from vestka.letters.services import letter_submit

    keep, duplicate = prisoner(), prisoner()
    letter = letter_submit(person=duplicate, sender_name="Ala", text="Прывітанне! " * 30)
    merging.person_merge(keep=keep, duplicate=duplicate, actor=None)
    letter.refresh_from_db()
    assert letter.person == keep
