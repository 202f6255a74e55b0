"""Name search in the database: keys kept current on every write path, ranked results,
the search and match commands, and duplicates reported on import."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import PersonFactory, PersonNameFactory
from vestka.registry import importing, selectors, services
from vestka.registry.models import DuplicateCandidate, NameKey, Person, PersonName

pytestmark = pytest.mark.django_db


def found(query: str) -> list[int]:
    return [m.person_id for m in selectors.name_matches(query=query)]


def test_a_person_is_found_by_every_spelling_family():
    person = PersonFactory(name="Лойка Наста")
    PersonNameFactory(person=person, form=PersonName.Form.RUSSIAN, text="Лойко Анастасия Сергеевна")
    PersonFactory(name="Лукашэнка Аляксандр")
    for query in ["Nasta Lojka", "Nasta Loika", "Анастасия Лойко", "Loyko Anastasiya", "LOIKA"]:
        assert found(query) == [person.pk], query


def test_results_say_which_written_form_matched():
    person = PersonFactory(name="Бяляцкі Алесь")
    PersonNameFactory(person=person, form=PersonName.Form.RUSSIAN, text="Беляцкий Александр")
    PersonNameFactory(person=person, form=PersonName.Form.LATIN, text="Ales Bialiatski")
    [hit] = selectors.people_search(query="Беляцкий Александр")
    assert (hit.person, hit.name, hit.form, hit.score) == (person, "Беляцкий Александр", "ru", 1.0)
    [hit] = selectors.people_search(query="Aleś Bialacki")
    assert hit.form == "lat"  # of equally good forms, the one in the query's script


def test_the_best_match_comes_first():
    woman = PersonFactory(name="Тихановская Светлана")
    man = PersonFactory(name="Тихановский Сергей")
    assert found("Siarhei Tsikhanouski") == [man.pk]
    assert found("Tsikhanouskaya")[0] == woman.pk


def test_keys_follow_a_renamed_person_and_removed_forms():
    person = PersonFactory(name="Прыкладаў Павел")
    extra = PersonNameFactory(person=person, form=PersonName.Form.LATIN, text="Pavel Uzorau")
    assert found("Pavel Uzorau") == [person.pk]
    extra.delete()
    person.name = "Выдуманы Павел"
    person.save()
    services.person_refresh_name_keys(person=person)
    assert found("Pavel Uzorau") == []
    assert found("Pavel Prykladau") == []
    assert found("Pavel Vydumany") == [person.pk]


def test_the_admin_refreshes_keys_when_names_are_edited(admin_client):
    person = PersonFactory(name="Прыкладаў Павел")
    data = {
        "name": "Прыкладаў Павел",
        "country": "BY",
        "source_id": person.source_id,
        "gender": "male",
        "names-TOTAL_FORMS": "1",
        "names-INITIAL_FORMS": "0",
        "names-0-form": "lat",
        "names-0-text": "Paval Vzorny",
        "prosecutions-TOTAL_FORMS": "0",
        "prosecutions-INITIAL_FORMS": "0",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
    }
    response = admin_client.post(f"/staff/registry/person/{person.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert found("Pavel Vzorny") == [person.pk]


def test_imported_people_are_filed_under_their_keys_and_updates_refile_them():
    data = "id,name,status\n7001,Прыкладаў Павел Іванавіч,active\n".encode()
    importing.viasna_import(data=data, fmt="viasna-csv")
    person = Person.objects.get(source_id="7001")
    assert found("Pavel Prykladau") == [person.pk]
    data = "id,name,status\n7001,Прыкладаў Пятро Іванавіч,active\n".encode()
    importing.viasna_import(data=data, fmt="viasna-csv")
    assert found("Piotr Prykladau") == [person.pk]
    assert NameKey.objects.filter(person=person).exists()


def test_a_query_with_lookalike_characters_or_nothing_searchable_finds_nobody():
    PersonFactory(name="Лойка Наста")
    assert found("") == []
    assert found("%_") == []
    assert found("<script>alert(1)</script>") == []


# Commands


def call(*args: str, stdin: str | None = None) -> str:
    out = io.StringIO()
    if stdin is not None:
        import sys

        old, sys.stdin = sys.stdin, io.TextIOWrapper(io.BytesIO(stdin.encode()))
        try:
            call_command(*args, stdout=out)
        finally:
            sys.stdin = old
    else:
        call_command(*args, stdout=out)
    return out.getvalue()


def test_search_command_prints_ranked_candidates_as_json():
    person = PersonFactory(name="Аляксандраў Андрэй", source_id="v-1")
    result = json.loads(call("search", "Andrzej Aleksandrow", "--json"))
    assert result["query"] == "Andrzej Aleksandrow"
    [candidate] = result["candidates"]
    assert candidate["id"] == person.pk
    assert candidate["source_id"] == "v-1"
    assert candidate["name"] == "Аляксандраў Андрэй"
    assert 0.9 <= candidate["score"] <= 1


def test_search_command_refuses_a_bad_limit():
    with pytest.raises(CommandError, match="--limit"):
        call("search", "Loika", "--limit", "0")


def test_match_command_answers_every_line_in_order(tmp_path):
    loika = PersonFactory(name="Лойка Наста", source_id="v-2")
    bialiatski = PersonFactory(name="Бяляцкі Алесь", source_id="v-3")
    names = tmp_path / "pardoned.txt"
    names.write_text("Ales Bialiatski\n\nНаста Лойко\nJohn Nobody\n", encoding="utf-8")
    lines = [json.loads(line) for line in call("match", str(names), "--json").splitlines()]
    assert [line["query"] for line in lines] == [
        "Ales Bialiatski",
        "",
        "Наста Лойко",
        "John Nobody",
    ]
    assert [c["id"] for c in lines[0]["candidates"]] == [bialiatski.pk]
    assert lines[1]["candidates"] == []
    assert [c["source_id"] for c in lines[2]["candidates"]] == ["v-2"]
    assert lines[2]["candidates"][0]["id"] == loika.pk
    assert lines[3]["candidates"] == []
    assert set(lines[0]["candidates"][0]) >= {"source_id", "id", "name", "score"}


def test_match_command_reads_stdin_and_refuses_text_that_is_not_utf8(tmp_path):
    PersonFactory(name="Лойка Наста")
    assert json.loads(call("match", "-", "--json", stdin="Nasta Lojka\n"))["candidates"]
    broken = tmp_path / "list.txt"
    broken.write_bytes(b"Nasta Lojka\n" + "Лойка".encode("cp1251"))
    with pytest.raises(CommandError, match="line 2: not UTF-8"):
        call("match", str(broken), "--json")


# Duplicates on import


def test_an_import_reports_a_probable_duplicate_and_queues_it_for_review():
    existing = PersonFactory(name="Аляксандраў Андрэй Ігаравіч", source_id=None, birth_year=1985)
    data = "id,name,status,birthday\n9001,Александров Андрей Игоревич,active,1985\n".encode()
    dry = importing.viasna_import(data=data, fmt="viasna-csv", dry_run=True)
    [duplicate] = dry.duplicates
    assert (duplicate.person_id, duplicate.source_id, duplicate.certain) == (
        existing.pk,
        "9001",
        False,
    )
    assert "1985" in duplicate.reason and duplicate.score >= 0.9
    assert not DuplicateCandidate.objects.exists()  # a dry run writes nothing

    report = importing.viasna_import(data=data, fmt="viasna-csv")
    assert report.created == 1
    new = Person.objects.get(source_id="9001")
    candidate = DuplicateCandidate.objects.get()
    assert {candidate.person, candidate.other} == {existing, new}
    assert candidate.status == DuplicateCandidate.Status.OPEN
    assert report.as_dict()["duplicates"][0]["person_id"] == existing.pk


def test_namesakes_born_in_different_years_are_not_duplicates():
    PersonFactory(name="Іваноў Ігар", birth_year=1970)
    data = "id,name,status,birthday\n9002,Иванов Игорь,active,1991\n".encode()
    assert importing.viasna_import(data=data, fmt="viasna-csv").duplicates == []


def test_a_certain_match_updates_the_person_instead_of_adding_one():
    existing = PersonFactory(
        name="Аляксандраў Андрэй Ігаравіч",
        source_id=None,
        birth_date="1985-03-14",
        birth_year=1985,
    )
    data = "id,name,status,birthday\n9003,Аляксандраў Андрэй Ігаравіч,active,14.03.1985\n".encode()
    report = importing.viasna_import(data=data, fmt="viasna-csv")
    assert (report.created, report.updated) == (0, 1)
    assert report.duplicates[0].certain
    existing.refresh_from_db()
    assert existing.source_id == "9003"
    assert Person.objects.count() == 1
    assert not DuplicateCandidate.objects.exists()


def test_a_merged_person_is_not_created_again_by_the_next_import():
    from vestka.registry import merging

    data = "id,name,status\n9101,Аляксандраў Андрэй,active\n9102,Александров Андрей,active\n"
    importing.viasna_import(data=data.encode(), fmt="viasna-csv")
    keep, duplicate = Person.objects.get(source_id="9101"), Person.objects.get(source_id="9102")
    merging.person_merge(keep=keep, duplicate=duplicate, actor=None)

    report = importing.viasna_import(data=data.encode(), fmt="viasna-csv")
    assert (report.created, report.merged) == (0, 1)
    assert report.as_dict()["merged"] == 1
    assert Person.objects.count() == 1
    keep.refresh_from_db()
    assert keep.source_id == "9101"


def test_init_files_everyone_again_when_the_keys_are_from_another_version(monkeypatch):
    from vestka import names

    person = PersonFactory(name="Лойка Наста")
    services.name_keys_mark_current()
    assert services.name_keys_are_current()
    NameKey.objects.all().delete()  # as if an older version had made other keys
    monkeypatch.setattr(names, "KEYS_VERSION", names.KEYS_VERSION + 1)
    assert not services.name_keys_are_current()
    out = call("init")
    assert "made again for 1 people" in out
    assert services.name_keys_are_current()
    assert found("Nasta Lojka") == [person.pk]
    assert "made again" not in call("init")
