"""Cross-script name search, scored: substring, translit-rapidfuzz and vestka.names.

The eval set in benchmarks/names/ (see its README.md) holds registry people, each stored as a
registry stores them (Russian Cyrillic with patronymic, often Belarusian Cyrillic, sometimes a
Latin form), and queries that name them in other spellings. The gallery searched is those
people plus fictional distractors from the demo generator (ids ``demo-N``), so a method must
find the right person among thousands of similar Belarusian names.

Three methods search the same gallery with the same queries:

- ``substring``: the lower-cased query inside a lower-cased stored form (or every query word
  inside one form), shortest form first;
- ``translit-rapidfuzz``: query and forms transliterated to ASCII with anyascii, then
  ``rapidfuzz.process.extract`` with ``fuzz.WRatio``, best score per person; its score cutoff
  is chosen on the ``tune`` split (the best recall@1 minus false matches on unrelated queries);
- ``vestka.names``: ``NameIndex``, at its own ``MATCH_THRESHOLD``.

``translit-rapidfuzz@0`` is the same run with no cutoff, for reference: it shows how well the
approach ranks, but it answers every query with somebody.

For each: recall@1 and recall@5 over the pairs, the share of ``unrelated`` queries (person not
in the registry) that return any candidate, the same for ``near-miss`` queries, the figures per
spelling family, and the mean time per query.

    .venv/bin/python benchmarks/names_eval.py [--split test|tune|all] [--distractors N]
                                              [--json] [--show-misses]
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Protocol

ROOT = Path(__file__).resolve().parent.parent
if importlib.util.find_spec("vestka") is None:  # run from a checkout without `pip install -e`
    sys.path.insert(0, str(ROOT / "src"))

from anyascii import anyascii  # noqa: E402
from rapidfuzz import fuzz, process, utils  # noqa: E402

from vestka.registry.demo.people import plan_people  # noqa: E402

DATA = Path(__file__).resolve().parent / "names"
PEOPLE_CSV = DATA / "people.csv"
QUERIES_CSV = DATA / "queries.csv"

FAMILIES: tuple[str, ...] = (
    "be-cyrillic", "ru-cyrillic", "uk-cyrillic", "lacinka", "lacinka-ascii", "be-official",
    "ru-official", "english-press", "polish", "iso9", "ascii-fallback", "word-order",
    "patronymic", "hyphenated", "initials", "diminutive", "typo-1", "typo-2", "case",
)  # fmt: skip
UNRELATED = "unrelated"
NEAR_MISS = "near-miss"
SPLITS = ("tune", "test")
DEFAULT_DISTRACTORS = 5000
DEMO_SEED = 1
LIMIT = 5


# --- the eval set -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """One person of the gallery: every stored written form of the name."""

    id: str
    names: tuple[str, ...]
    origin: str  # "press", "fictional" or "demo"


@dataclass(frozen=True)
class Query:
    text: str
    person_id: str  # "" when the person is not in the registry
    family: str
    split: str

    @property
    def is_pair(self) -> bool:
        return bool(self.person_id)


def load_people(path: Path = PEOPLE_CSV) -> list[Person]:
    """The eval people, with the forms the registry holds (empty columns left out)."""
    with path.open(encoding="utf-8", newline="") as file:
        return [
            Person(
                id=row["id"],
                names=tuple(row[column] for column in ("be", "ru", "lat") if row[column]),
                origin=row["origin"],
            )
            for row in csv.DictReader(file)
        ]


def load_queries(path: Path = QUERIES_CSV, split: str = "all") -> list[Query]:
    """The queries of one split ("tune", "test") or of both ("all")."""
    with path.open(encoding="utf-8", newline="") as file:
        queries = [
            Query(row["query"], row["person_id"], row["family"], row["split"])
            for row in csv.DictReader(file)
        ]
    return [query for query in queries if split == "all" or query.split == split]


def check_eval_set(people: Sequence[Person], queries: Sequence[Query]) -> list[str]:
    """What is wrong with the eval set, one message per problem naming the file and row."""
    problems: list[str] = []
    ids = [person.id for person in people]
    known = set(ids)
    if len(known) != len(ids):
        problems.append("people.csv: duplicate ids")
    for row, person in enumerate(people, start=2):
        if not person.names:
            problems.append(f"people.csv row {row}: {person.id} has no name form")
    seen: set[str] = set()
    for row, query in enumerate(queries, start=2):
        where = f"queries.csv row {row} ({query.text!r})"
        if not query.text.strip():
            problems.append(f"{where}: empty query")
        if query.text in seen:
            problems.append(f"{where}: duplicate query")
        seen.add(query.text)
        if query.split not in SPLITS:
            problems.append(f"{where}: split {query.split!r} is not one of {SPLITS}")
        if query.family in (UNRELATED, NEAR_MISS):
            if query.person_id:
                problems.append(f"{where}: a {query.family} query names person {query.person_id}")
        elif query.family not in FAMILIES:
            problems.append(f"{where}: unknown family {query.family!r}")
        elif query.person_id not in known:
            problems.append(f"{where}: person_id {query.person_id!r} is not in people.csv")
    return problems


# --- the gallery --------------------------------------------------------------------------------


def name_key(text: str) -> frozenset[str]:
    """A name without its patronymic, in either order: the first two lower-cased words.

    "Лойко Анастасия Анатольевна" and "Анастасия Лойко" both give {"лойко", "анастасия"}.
    """
    return frozenset(text.casefold().split()[:2])


def demo_distractors(
    count: int, people: Sequence[Person], queries: Sequence[Query] = ()
) -> tuple[list[Person], int]:
    """`count` fictional demo people (Belarusian, Russian, Latin forms) and how many were dropped.

    A demo person is dropped when one of its names, without patronymic and lower-cased, is
    exactly a name of an eval person, or exactly a query whose person is not in the registry:
    a distractor must never be a right answer, nor make an "unrelated" query related.
    """
    taken = {name_key(name) for person in people for name in person.names}
    taken |= {name_key(query.text) for query in queries if not query.is_pair}
    distractors: list[Person] = []
    dropped = 0
    for plan in plan_people(people=count, seed=DEMO_SEED):
        names = (plan.name_be, plan.name_ru, plan.name_lat)
        if any(name_key(name) in taken for name in names):
            dropped += 1
            continue
        distractors.append(Person(id=plan.source_id, names=names, origin="demo"))
    return distractors, dropped


# --- the methods --------------------------------------------------------------------------------


class Hit(NamedTuple):
    person_id: str
    score: float
    name: str  # the stored form that matched best


class Searcher(Protocol):
    name: str

    def add(self, person_id: str, names: Iterable[str]) -> None: ...

    def search(self, query: str, limit: int = LIMIT) -> list[Hit]: ...


def _distinct(hits: Iterable[Hit], limit: int) -> list[Hit]:
    """The best hit of each person, in order, at most `limit`."""
    seen: set[str] = set()
    best: list[Hit] = []
    for hit in hits:
        if hit.person_id not in seen:
            seen.add(hit.person_id)
            best.append(hit)
            if len(best) == limit:
                break
    return best


class SubstringSearch:
    """What a plain `icontains` search does: the query, or each of its words, inside one form."""

    name = "substring"

    def __init__(self) -> None:
        self._forms: list[tuple[str, str, str]] = []  # (lower-cased form, person, form)

    def add(self, person_id: str, names: Iterable[str]) -> None:
        self._forms += [(name.casefold(), person_id, name) for name in names]

    def search(self, query: str, limit: int = LIMIT) -> list[Hit]:
        text = " ".join(query.casefold().split())
        words = text.split()
        if not words:
            return []
        found = [
            (form, person_id, name)
            for form, person_id, name in self._forms
            if text in form or all(word in form for word in words)
        ]
        found.sort(key=lambda item: (len(item[0]), item[1]))
        return _distinct((Hit(person_id, 1.0, name) for _f, person_id, name in found), limit)


def _ascii(text: str) -> str:
    return utils.default_process(anyascii(text))


class TranslitFuzzSearch:
    """Everything to ASCII with anyascii, then rapidfuzz's WRatio over every stored form."""

    name = "translit-rapidfuzz"

    def __init__(self, cutoff: float = 0.0) -> None:
        self.cutoff = cutoff
        self._forms: list[str] = []
        self._owners: list[tuple[str, str]] = []  # (person, form) per ASCII form

    def add(self, person_id: str, names: Iterable[str]) -> None:
        for name in names:
            self._forms.append(_ascii(name))
            self._owners.append((person_id, name))

    def search(self, query: str, limit: int = LIMIT) -> list[Hit]:
        # A person holds at most three forms, so 3 * limit forms always cover `limit` people.
        found = process.extract(
            _ascii(query),
            self._forms,
            scorer=fuzz.WRatio,
            processor=None,
            limit=3 * limit,
            score_cutoff=self.cutoff,
        )
        hits = (
            Hit(self._owners[index][0], score / 100, self._owners[index][1])
            for _form, score, index in found
        )
        return _distinct(hits, limit)


class VestkaNamesSearch:
    """vestka.names.NameIndex, at its own MATCH_THRESHOLD."""

    name = "vestka.names"

    def __init__(self) -> None:
        from vestka.names import NameIndex

        self._index = NameIndex()

    def add(self, person_id: str, names: Iterable[str]) -> None:
        self._index.add(person_id, names)

    def search(self, query: str, limit: int = LIMIT) -> list[Hit]:
        matches = self._index.search(query, limit=limit)
        return _distinct((Hit(m.person_id, m.score, m.name) for m in matches), limit)


def vestka_names_problem() -> str:
    """Why vestka.names cannot be scored, or "" when it can."""
    try:
        from vestka.names import MATCH_THRESHOLD, NameIndex  # noqa: F401
    except ImportError as error:
        return f"vestka.names is not importable yet ({error})"
    return ""


# --- scoring ------------------------------------------------------------------------------------


@dataclass
class Outcome:
    query: Query
    hits: list[Hit]
    ms: float

    @property
    def rank(self) -> int | None:
        """1-based rank of the expected person among the hits, None when absent."""
        for position, hit in enumerate(self.hits, start=1):
            if hit.person_id == self.query.person_id:
                return position
        return None


@dataclass
class FamilyScore:
    pairs: int
    recall_at_1: float
    recall_at_5: float


@dataclass
class Score:
    method: str
    pairs: int
    recall_at_1: float
    recall_at_5: float
    unrelated: int
    unrelated_false_matches: float
    near_misses: int
    near_miss_false_matches: float
    mean_ms: float
    index_seconds: float
    families: dict[str, FamilyScore] = field(default_factory=dict)
    cutoff: float | None = None

    def as_dict(self) -> dict[str, object]:
        data = dict(vars(self))
        data["families"] = {name: vars(family) for name, family in self.families.items()}
        return data


def build_index(searcher: Searcher, gallery: Iterable[Person]) -> float:
    """Add the gallery to `searcher`; the seconds it took."""
    started = time.perf_counter()
    for person in gallery:
        searcher.add(person.id, person.names)
    return time.perf_counter() - started


def run(searcher: Searcher, queries: Iterable[Query]) -> list[Outcome]:
    outcomes = []
    for query in queries:
        started = time.perf_counter()
        hits = searcher.search(query.text, limit=LIMIT)
        outcomes.append(Outcome(query, hits, (time.perf_counter() - started) * 1000))
    return outcomes


def _share(count: int, total: int) -> float:
    return round(count / total, 4) if total else 0.0


def score(method: str, outcomes: Sequence[Outcome], index_seconds: float = 0.0) -> Score:
    """Recall@1, recall@5, false matches (overall and per family) of one method's outcomes."""
    pairs = [o for o in outcomes if o.query.is_pair]
    unrelated = [o for o in outcomes if o.query.family == UNRELATED]
    near = [o for o in outcomes if o.query.family == NEAR_MISS]

    def recall(items: Sequence[Outcome], k: int) -> float:
        return _share(sum(1 for o in items if o.rank is not None and o.rank <= k), len(items))

    families = {}
    for family in FAMILIES:
        items = [o for o in pairs if o.query.family == family]
        if items:
            families[family] = FamilyScore(len(items), recall(items, 1), recall(items, LIMIT))
    return Score(
        method=method,
        pairs=len(pairs),
        recall_at_1=recall(pairs, 1),
        recall_at_5=recall(pairs, LIMIT),
        unrelated=len(unrelated),
        unrelated_false_matches=_share(sum(1 for o in unrelated if o.hits), len(unrelated)),
        near_misses=len(near),
        near_miss_false_matches=_share(sum(1 for o in near if o.hits), len(near)),
        mean_ms=round(statistics.fmean(o.ms for o in outcomes), 3) if outcomes else 0.0,
        index_seconds=round(index_seconds, 2),
        families=families,
    )


def with_cutoff(outcomes: Sequence[Outcome], cutoff: float) -> list[Outcome]:
    """The outcomes of a cutoff-free translit-rapidfuzz run, as a run at `cutoff` gives them."""
    return [
        Outcome(o.query, [h for h in o.hits if h.score * 100 >= cutoff], o.ms) for o in outcomes
    ]


def tune_cutoff(searcher: TranslitFuzzSearch, tune: Sequence[Query]) -> float:
    """The WRatio cutoff (0..100) with the best recall@1 minus false matches on unrelated.

    Filtering cutoff-free results by a cutoff gives what a search at that cutoff returns,
    so the tune queries are searched once.
    """
    searcher.cutoff = 0.0
    outcomes = run(searcher, tune)
    best_cutoff, best_value = 0.0, -1.0
    for cutoff in range(50, 101):
        result = score("tune", with_cutoff(outcomes, cutoff))
        value = result.recall_at_1 - result.unrelated_false_matches
        if value > best_value:
            best_cutoff, best_value = float(cutoff), value
    return best_cutoff


@dataclass
class Evaluation:
    split: str
    eval_people: int
    distractors: int
    dropped_distractors: int
    scores: list[Score]
    outcomes: dict[str, list[Outcome]]
    vestka_names: str  # "" when scored, else why not


def build_gallery(distractors: int = DEFAULT_DISTRACTORS) -> tuple[list[Person], int, int]:
    """Eval people plus demo distractors; with the number of eval people and of dropped ones."""
    people = load_people()
    extra, dropped = demo_distractors(distractors, people, load_queries())
    return people + extra, len(people), dropped


def evaluate_method(
    make: Callable[[], Searcher], gallery: Sequence[Person], queries: Sequence[Query]
) -> tuple[Score, list[Outcome]]:
    """Index the gallery with a fresh searcher, run the queries, score them."""
    searcher = make()
    seconds = build_index(searcher, gallery)
    outcomes = run(searcher, queries)
    return score(searcher.name, outcomes, seconds), outcomes


def evaluate(split: str = "test", distractors: int = DEFAULT_DISTRACTORS) -> Evaluation:
    """Score the three methods (vestka.names when importable) on one split."""
    gallery, eval_people, dropped = build_gallery(distractors)
    queries = load_queries(split=split)
    scores: list[Score] = []
    outcomes: dict[str, list[Outcome]] = {}

    result, outcomes["substring"] = evaluate_method(SubstringSearch, gallery, queries)
    scores.append(result)

    fuzzy = TranslitFuzzSearch()
    seconds = build_index(fuzzy, gallery)
    cutoff = tune_cutoff(fuzzy, load_queries(split="tune"))
    fuzzy.cutoff = 0.0
    uncut = run(fuzzy, queries)
    outcomes[fuzzy.name] = with_cutoff(uncut, cutoff)
    result = score(fuzzy.name, outcomes[fuzzy.name], seconds)
    result.cutoff = cutoff
    scores.append(result)
    # Without a cutoff it ranks as well as it can but answers every query: the ceiling of
    # the approach, and the figure DESIGN.md quotes.
    result = score(f"{fuzzy.name}@0", uncut, seconds)
    result.cutoff = 0.0
    scores.append(result)

    problem = vestka_names_problem()
    if not problem:
        result, outcomes["vestka.names"] = evaluate_method(VestkaNamesSearch, gallery, queries)
        scores.append(result)
    return Evaluation(
        split=split,
        eval_people=eval_people,
        distractors=len(gallery) - eval_people,
        dropped_distractors=dropped,
        scores=scores,
        outcomes=outcomes,
        vestka_names=problem,
    )


# --- reporting ----------------------------------------------------------------------------------


def _method_label(result: Score) -> str:
    if result.cutoff is not None:
        return f"{result.method} (cutoff {result.cutoff:g})"
    return result.method


def report(evaluation: Evaluation) -> str:
    """The human-readable tables."""
    scores = evaluation.scores
    first = scores[0]
    lines = [
        f"Split: {evaluation.split}. Gallery: {evaluation.eval_people} eval people + "
        f"{evaluation.distractors} demo distractors ({evaluation.dropped_distractors} dropped "
        "for sharing a name with the eval set).",
        f"Queries: {first.pairs} pairs, {first.unrelated} unrelated, "
        f"{first.near_misses} near-miss.",
    ]
    if evaluation.vestka_names:
        lines.append(f"{evaluation.vestka_names}: baselines only.")
    lines.append("")
    width = max(len(_method_label(s)) for s in scores) + 2
    lines.append(
        f"{'method':<{width}}{'recall@1':>9}{'recall@5':>9}{'false:unrel':>12}"
        f"{'false:near':>11}{'ms/query':>10}{'index s':>9}"
    )
    for s in scores:
        lines.append(
            f"{_method_label(s):<{width}}{s.recall_at_1:>9.3f}{s.recall_at_5:>9.3f}"
            f"{s.unrelated_false_matches:>12.3f}{s.near_miss_false_matches:>11.3f}"
            f"{s.mean_ms:>10.2f}{s.index_seconds:>9.2f}"
        )
    lines += ["", "Recall@1 / recall@5 per family:"]
    column = max(len(s.method) for s in scores) + 2
    lines.append(f"{'family':<16}{'pairs':>6}" + "".join(f"{s.method:>{column}}" for s in scores))
    for family in FAMILIES:
        if family not in first.families:
            continue
        cells = [s.families[family] for s in scores]
        figures = "".join(f"{f'{c.recall_at_1:.2f}/{c.recall_at_5:.2f}':>{column}}" for c in cells)
        lines.append(f"{family:<16}{first.families[family].pairs:>6}{figures}")
    return "\n".join(lines)


def misses(outcomes: Sequence[Outcome], names: dict[str, str]) -> list[str]:
    """Pairs not found at rank 1 and false matches: query | family | expected | first | rank."""
    lines = []
    for outcome in outcomes:
        query = outcome.query
        first = outcome.hits[0] if outcome.hits else None
        shown = f"{first.person_id} {first.name!r} {first.score:.2f}" if first else "nothing"
        if query.is_pair and outcome.rank != 1:
            expected = f"{query.person_id} {names.get(query.person_id, '')!r}"
            rank = outcome.rank or f"not in top {LIMIT}"
            lines.append(f"{query.text!r} | {query.family} | {expected} | {shown} | {rank}")
        elif not query.is_pair and first:
            lines.append(f"{query.text!r} | {query.family} | nobody | {shown} | -")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("test", "tune", "all"), default="test")
    parser.add_argument("--distractors", type=int, default=DEFAULT_DISTRACTORS)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--show-misses", action="store_true", help="list vestka.names misses")
    args = parser.parse_args(argv)

    problems = check_eval_set(load_people(), load_queries())
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2
    evaluation = evaluate(split=args.split, distractors=args.distractors)
    names = {person.id: " / ".join(person.names) for person in load_people()}
    missed = None
    if args.show_misses and "vestka.names" in evaluation.outcomes:
        missed = misses(evaluation.outcomes["vestka.names"], names)
    if args.json:
        data: dict[str, object] = {
            "split": evaluation.split,
            "eval_people": evaluation.eval_people,
            "distractors": evaluation.distractors,
            "dropped_distractors": evaluation.dropped_distractors,
            "vestka_names": evaluation.vestka_names or "scored",
            "methods": {s.method: s.as_dict() for s in evaluation.scores},
        }
        if missed is not None:
            data["vestka_names_misses"] = missed
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(report(evaluation))
    if missed is not None:
        print("\nvestka.names misses (query | family | expected | first | rank of expected):")
        print("\n".join(f"  {line}" for line in missed) or "  none")
    elif args.show_misses:
        print(f"\n{evaluation.vestka_names}: no misses to show.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
