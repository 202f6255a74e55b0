"""Write planned people in the column layout of Viasna's export."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable
from typing import TextIO

from vestka.registry import custody

from .people import (
    PersonPlan,
    dmy,
)
from .tables import (
    FACILITIES,
    TAG_BY_SLUG,
)

VIASNA_COLUMNS = (
    "id", "url", "name", "status", "gender", "photo", "description", "birthday", "arrested",
    "articles", "prison", "declaration", "decision", "penalty", "judge", "councel",
    "penalty_start_date", "release_date", "verdict_date", "appeal_date", "fake_terrorist_list",
    "died", "clusters",
)  # fmt: skip

_ARTICLE_FORMS = (
    "ч. {part} ст. {number} УК", "Art. {number}", "part {part} of Art. {number}",
    "арт. {number} КК", "Art. {number} of the Criminal Code", "ст. {number} УК РБ",
    "{number}",
)  # fmt: skip
_RELEASED_WORDS = ("released", "освобожден", "вызвалены", "")


def viasna_row(plan: PersonPlan, rng: random.Random) -> list[str]:
    """One person as a row of Viasna's export, written the varied ways real exports are."""
    derived = plan.custody()
    recognised = derived.recognised
    status = (
        "np" if not recognised else "active" if derived.state == custody.IN_CUSTODY else "former"
    )
    articles = [number for case in plan.prosecutions for number in case.articles]
    article_cell = "\n".join(
        rng.choice(_ARTICLE_FORMS).format(number=number, part=rng.randint(1, 3))
        for number in articles
    )
    if derived.state in (custody.IN_CUSTODY, custody.DIED_IN_CUSTODY_STATE) and derived.facility_id:
        facility = FACILITIES[derived.facility_id - 1]
        name = facility.name_ru if rng.random() < 0.7 else facility.name_en
        prison = f"{name}\n{', '.join(facility.address_lines)}"
    else:
        prison = rng.choice(_RELEASED_WORDS)
    last_case = plan.prosecutions[-1]
    first_case = plan.prosecutions[0]
    release = next((e.on for e in plan.events if e.kind == custody.RELEASED), None)
    if derived.state == custody.IN_CUSTODY:
        release = last_case.expected_release
    died = next(
        (e.on for e in plan.events if e.kind in (custody.DIED, custody.DIED_IN_CUSTODY)), None
    )
    declaration = next((e.declaration_url for e in plan.events if e.declaration_url), "")
    gender = (
        plan.gender if rng.random() < 0.9 else {"male": "м", "female": "ж"}.get(plan.gender, "")
    )
    return [
        plan.source_id,
        plan.source_url,
        plan.name_be,
        status,
        gender,
        "",
        plan.biography_ru,
        dmy(plan.birth_date) if plan.birth_date else str(plan.birth_year),
        dmy(first_case.detained_on) if first_case.detained_on else "",
        article_cell,
        prison,
        declaration,
        first_case.decision,
        "\n".join(case.sentence_text for case in plan.prosecutions if case.sentence_text),
        first_case.judge,
        first_case.counsel,
        dmy(first_case.sentence_start) if first_case.sentence_start else "",
        dmy(release) if release else "",
        dmy(first_case.verdict_on) if first_case.verdict_on else "",
        dmy(first_case.appeal_on) if first_case.appeal_on else "",
        "yes" if plan.on_terrorist_list else "no",
        dmy(died) if died else "",
        "; ".join(TAG_BY_SLUG[slug][3] for slug in plan.tags),
    ]


def write_viasna_csv(plans: Iterable[PersonPlan], out: TextIO, *, seed: int = 1) -> int:
    """Write the people as a Viasna-format CSV (UTF-8, comma, quoted multi-line cells);
    returns the number of rows. `out` must be opened with newline=""."""
    writer = csv.writer(out)
    writer.writerow(VIASNA_COLUMNS)
    # A stream of its own, so the CSV's varied spellings do not shift the people.
    rng = random.Random(f"viasna-csv-{seed}")
    rows = 0
    for plan in plans:
        writer.writerow(viasna_row(plan, rng))
        rows += 1
    return rows
