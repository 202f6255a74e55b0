"""Whole names: any word order, patronymics, initials, pet forms, typos; and the index."""

import pytest

from vestka.names import MATCH_THRESHOLD, NameIndex, lookup, name_keys, name_score

ALIAKSANDRAU = "Александров Андрей Игоревич"
BIALIATSKI = "Беляцкий Александр Викторович"
LOIKA = "Лойко Анастасия Сергеевна"
TSIKHANOUSKAYA = "Ціханоўская Святлана Георгіеўна"
SHARENDA = "Шарэнда-Панасюк Паліна Сяргееўна"


@pytest.mark.parametrize(
    ("query", "stored"),
    [
        ("Андрэй Аляксандраў", ALIAKSANDRAU),  # Belarusian Cyrillic
        ("Андрій Олександров", ALIAKSANDRAU),  # Ukrainian Cyrillic
        ("Andrei Aliaksandrau", ALIAKSANDRAU),  # Belarusian romanisation
        ("Andrey Aleksandrov", ALIAKSANDRAU),  # Russian romanisation
        ("Andrzej Aleksandrow", ALIAKSANDRAU),  # Polish press
        ("Aleksandrov Andrej Igorevič", ALIAKSANDRAU),  # ISO 9
        ("Aleksandrov Andrej Igorevic", ALIAKSANDRAU),  # ISO 9 without marks
        ("Nasta Lojka", LOIKA),  # Polish spelling of the Belarusian pet form
        ("Nasta Loika", LOIKA),
        ("Anastasiya Loyko", LOIKA),
        ("Aleś Bialacki", BIALIATSKI),  # Łacinka
        ("Ales Bialacki", BIALIATSKI),  # Łacinka without marks
        ("Ales Bialiatski", BIALIATSKI),
        ("Alexander Belyatsky", BIALIATSKI),  # English press
        ("Sviatlana Tsikhanouskaya", TSIKHANOUSKAYA),
        ("Svetlana Tikhanovskaya", TSIKHANOUSKAYA),
        ("Swiatłana Cichanouska", TSIKHANOUSKAYA),
        ("Tihanovskaâ Svetlana", TSIKHANOUSKAYA),
    ],
)
def test_every_spelling_family_matches_the_stored_form(query, stored):
    assert name_score(query, stored) >= 0.9


@pytest.mark.parametrize(
    "query",
    [
        "Aliaksandrau Andrei",  # surname first
        "Andrei Ihoravich Aliaksandrau",  # given name, patronymic, surname
        "Aliaksandrau",  # surname alone
        "A. Aliaksandrau",  # an initial
        "Aliaksandrau A. I.",
        "ALIAKSANDRAU, ANDREI",  # capitals and punctuation
    ],
)
def test_word_order_patronymic_initials_and_case_do_not_matter(query):
    assert name_score(query, ALIAKSANDRAU) >= 0.9


def test_a_patronymic_the_record_lacks_costs_little():
    assert name_score("Андрей Игоревич Александров", "Andrei Aliaksandrau") >= 0.85


def test_a_hyphenated_surname_matches_by_either_part_or_both():
    assert name_score("Palina Sharenda-Panasiuk", SHARENDA) >= 0.95
    assert name_score("Paulina Panasiuk", SHARENDA) >= 0.9
    assert name_score("Panasiuk-Sharenda", SHARENDA) >= 0.9


@pytest.mark.parametrize(
    ("query", "stored"),
    [
        ("Sasha Aliaksandrau", "Аляксандраў Аляксандр"),
        ("Zmitser Dashkevich", "Дашкевич Дмитрий"),
        ("Янка Купала", "Купала Иван"),
        ("Mikola Statkevich", "Статкевич Николай"),
        ("Kastus Kalinouski", "Калиновский Константин"),
    ],
)
def test_given_names_match_their_national_equivalents_and_pet_forms(query, stored):
    assert name_score(query, stored) >= 0.9


@pytest.mark.parametrize(
    "query",
    [
        "Tsikhanouskya Sviatlana",  # a letter dropped
        "Tsikhanosukaya Sviatlana",  # two letters swapped
        "Tsikhanouskaya Sviatlsna",  # a neighbouring key
        "Ціханоўскя Святлана",  # in Cyrillic
        "Tsikhanouskayya Sviatlana",  # a letter doubled
        "Tsikanouskya Sviatlana",  # two typos
    ],
)
def test_one_or_two_typos_still_match(query):
    assert name_score(query, TSIKHANOUSKAYA) >= MATCH_THRESHOLD


@pytest.mark.parametrize(
    ("query", "stored"),
    [
        ("Ihar Ivanou", "Іваноў Ягор"),  # two different given names, one letter apart
        ("Andrei Aliaksandrau", "Сямашка Андрэй Аляксандравіч"),  # a surname is no patronymic
        ("Ivan Sidorov", "Петров Иван Иванович"),  # the same given name only
        ("Viktar Babaryka", "Бабарико Эдуард Викторович"),  # brother, not the same person
        ("Maria Kalesnikava", "Колесников Максим"),
    ],
)
def test_different_people_do_not_match(query, stored):
    assert name_score(query, stored) < MATCH_THRESHOLD


def test_stored_names_are_filed_under_word_keys_and_given_name_groups():
    keys = name_keys("Наста Лойка")
    assert {"nasta", "laika", "=anastasia"} <= keys


def test_a_query_looks_up_keys_one_edit_away():
    found = lookup("Lojka")
    assert "laika" in found.keys  # the key itself
    assert "laka" in found.keys  # one letter fewer
    assert "laiku" in found.keys  # one letter different
    assert found.keys["laika"] == ((0, 1.0),)


def test_the_index_finds_the_person_whichever_spelling_is_used():
    index = NameIndex()
    index.add("aliaksandrau", [ALIAKSANDRAU, "Аляксандраў Андрэй Ігаравіч"])
    index.add("loika", [LOIKA, "Наста Лойка"])
    index.add("bialiatski", [BIALIATSKI])
    index.add("semashka", ["Сямашка Андрэй Аляксандравіч"])
    [best, *_rest] = index.search("Andrzej Aleksandrow")
    assert best.person_id == "aliaksandrau"
    assert best.name in (ALIAKSANDRAU, "Аляксандраў Андрэй Ігаравіч")
    assert [m.person_id for m in index.search("Nasta Lojka")] == ["loika"]
    assert [m.person_id for m in index.search("Bialacki")] == ["bialiatski"]
    assert index.search("Mikalai Statkevich") == []
    assert len(index) == 4


def test_the_index_ranks_the_better_match_first():
    index = NameIndex()
    index.add("woman", ["Тихановская Светлана"])
    index.add("man", ["Тихановский Сергей"])
    ranked = index.search("Tsikhanouski Siarhei")
    assert [m.person_id for m in ranked] == ["man"]
    ranked = index.search("Tsikhanouskaya")
    assert ranked[0].person_id == "woman"
    assert all(m.score >= MATCH_THRESHOLD for m in ranked)


def test_nonsense_and_empty_queries_find_nobody():
    index = NameIndex()
    index.add("1", [LOIKA])
    assert index.search("") == []
    assert index.search("!!! ... ---") == []
    assert index.search("12345") == []


def test_a_long_query_is_cut_to_the_words_a_name_can_have():
    words = " ".join(f"Слова{n}" for n in range(50))
    assert len(lookup(words).words) == 8
    assert len(lookup("Лойка Наста").words) == 2
