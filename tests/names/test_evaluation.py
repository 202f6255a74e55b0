"""The cross-script name evaluation set is well formed, and vestka.names passes it.

The loading and scoring code lives in benchmarks/names_eval.py, imported here from its path.
"""

from __future__ import annotations

import importlib.util

import pytest

from tests.benchmark_scripts import import_script

names_eval = import_script("names_eval")


@pytest.fixture(scope="module")
def people():
    return names_eval.load_people()


@pytest.fixture(scope="module")
def queries():
    return names_eval.load_queries()


def test_eval_set_has_no_problems(people, queries):
    assert names_eval.check_eval_set(people, queries) == []


def test_check_names_the_row_of_a_query_whose_person_is_missing(people):
    bad = names_eval.Query("Ales Bialiatski", "p999", "be-official", "test")

    assert names_eval.check_eval_set(people, [bad]) == [
        "queries.csv row 2 ('Ales Bialiatski'): person_id 'p999' is not in people.csv"
    ]


def test_eval_set_has_enough_pairs_unrelated_and_near_miss_queries(queries):
    pairs = [query for query in queries if query.is_pair]
    families = [query.family for query in queries]

    assert len(pairs) >= 400
    assert families.count(names_eval.UNRELATED) >= 80
    assert families.count(names_eval.NEAR_MISS) >= 25


@pytest.mark.parametrize("family", names_eval.FAMILIES)
def test_every_family_has_20_pairs_in_both_splits(queries, family):
    splits = [query.split for query in queries if query.family == family and query.is_pair]

    assert len(splits) >= 20
    assert set(splits) == {"tune", "test"}


def test_about_40_percent_of_queries_are_for_tuning(queries):
    tune = sum(query.split == "tune" for query in queries)

    assert 0.35 <= tune / len(queries) <= 0.45


def test_queries_are_rarely_a_stored_form_of_their_person(people, queries):
    stored = {person.id: {name.casefold() for name in person.names} for person in people}
    pairs = [query for query in queries if query.is_pair]
    same = [query.text for query in pairs if query.text.casefold() in stored[query.person_id]]

    assert len(same) <= 0.05 * len(pairs), same


def test_distractors_never_share_a_name_with_the_eval_set(people, queries):
    distractors, dropped = names_eval.demo_distractors(5000, people, queries)
    taken = {names_eval.name_key(name) for person in people for name in person.names}
    taken |= {names_eval.name_key(query.text) for query in queries if not query.is_pair}

    assert len(distractors) + dropped == 5000
    assert not [
        name
        for distractor in distractors
        for name in distractor.names
        if names_eval.name_key(name) in taken
    ]


def test_substring_baseline_finds_only_a_query_inside_a_stored_form():
    search = names_eval.SubstringSearch()
    search.add("p001", ["Бяляцкі Алесь Віктаравіч", "Ales Bialiatski"])

    assert [hit.person_id for hit in search.search("алесь бяляцкі")] == ["p001"]
    assert search.search("Aleś Bialacki") == []


# --- vestka.names on the test split -------------------------------------------------------------


@pytest.fixture(scope="module")
def vestka_names_result():
    if importlib.util.find_spec("vestka.names") is None:
        pytest.skip("vestka.names does not exist yet")
    gallery, _eval_people, _dropped = names_eval.build_gallery(names_eval.DEFAULT_DISTRACTORS)
    queries = names_eval.load_queries(split="test")
    return names_eval.evaluate_method(names_eval.VestkaNamesSearch, gallery, queries)


def _misses(outcomes) -> str:
    names = {person.id: " / ".join(person.names) for person in names_eval.load_people()}
    return "\n".join(names_eval.misses(outcomes, names))


def test_vestka_names_puts_the_person_first(vestka_names_result):
    result, outcomes = vestka_names_result

    recall_at_1 = result.recall_at_1

    assert recall_at_1 >= 0.95, _misses(outcomes)


def test_vestka_names_puts_the_person_in_the_first_five(vestka_names_result):
    result, outcomes = vestka_names_result

    recall_at_5 = result.recall_at_5

    assert recall_at_5 >= 0.98, _misses(outcomes)


def test_vestka_names_offers_nobody_for_unrelated_names(vestka_names_result):
    result, outcomes = vestka_names_result

    false_matches = result.unrelated_false_matches

    assert false_matches <= 0.05, _misses(outcomes)
