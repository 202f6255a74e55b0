"""Plan fictional people: a ``PersonPlan`` per person, with prosecutions and events, from
``random.Random(seed)`` and the tables. No Django, no database."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from vestka.registry import custody

from .tables import (
    ACTIVE,
    ARTICLE_NUMBERS,
    ARTICLE_WEIGHT_VALUES,
    CITIES,
    CITY_WEIGHTS,
    COURTS,
    DEFAULT_PEOPLE,
    DEMO_URL,
    DIED_AFTER_RELEASE,
    DIED_IN_CUSTODY,
    EARLY_RELEASE_REASONS,
    FACILITIES,
    FIRST_DETENTION,
    GIVEN_NAMES,
    JUDGE_INITIALS,
    LAST_DETENTION,
    MEN_COLONIES,
    MONTHS_EN,
    NOT_RECOGNISED,
    OCCUPATIONS,
    PATRONYMICS,
    PRETRIAL_WEIGHTS,
    PRISONS,
    REFERENCE_DATE,
    REGIMES,
    RELEASED,
    SHARE_BEHIND_BARS,
    SHARE_DIED_AFTER_RELEASE,
    SHARE_DIED_IN_CUSTODY,
    SHARE_FEMALE,
    SHARE_NOT_RECOGNISED,
    SURNAMES,
    TERM_WEIGHTS,
    TERMS,
    WOMEN_COLONIES,
    feminine_surname,
)


@dataclass
class ProsecutionPlan:
    articles: tuple[str, ...]
    detained_on: date | None
    verdict_on: date | None = None
    appeal_on: date | None = None
    court: str = ""
    judge: str = ""
    counsel: str = ""
    decision: str = ""
    sentence_text: str = ""
    sentence_kind: str = ""
    term_months: int | None = None
    sentence_start: date | None = None
    expected_release: date | None = None


@dataclass
class EventPlan:
    kind: str
    on: date
    facility: str = ""  # a key of FACILITY_BY_KEY
    prosecution: int | None = None  # index into PersonPlan.prosecutions
    description: str = ""
    release_reason: str = ""
    declaration_url: str = ""
    source: int = 0  # index into SOURCES


@dataclass
class PersonPlan:
    """One fictional person, everything the registry and the CSV need, without a database."""

    number: int
    category: str
    gender: str
    name: str  # Belarusian "Surname Given"
    name_be: str
    name_ru: str
    name_lat: str
    birth_date: date | None
    birth_year: int
    biography_en: str = ""
    biography_be: str = ""
    biography_ru: str = ""
    tags: list[str] = field(default_factory=list)
    on_terrorist_list: bool = False
    relatives: str = ""
    notes: str = ""
    prosecutions: list[ProsecutionPlan] = field(default_factory=list)
    events: list[EventPlan] = field(default_factory=list)

    @property
    def source_id(self) -> str:
        # Never a bare number, so a real Viasna id can never match a demo person.
        return f"demo-{self.number}"

    @property
    def source_url(self) -> str:
        return f"{DEMO_URL}/people/{self.number}"

    def custody(self) -> custody.Custody:
        """The derived custody, with facility keys' positions (1-based) as facility ids."""
        return custody.derive_custody(
            custody.EventFact(e.kind, e.on, _facility_index(e.facility)) for e in self.events
        )


def _facility_index(key: str) -> int | None:
    return FACILITY_KEYS.index(key) + 1 if key else None


FACILITY_KEYS = [facility.key for facility in FACILITIES]

# (url, title, published_on)
SOURCES: tuple[tuple[str, str, date], ...] = (
    (f"{DEMO_URL}/reports/detentions-2020", "Detentions after the 2020 election (fictional)",
     date(2020, 12, 30)),
    (f"{DEMO_URL}/reports/trials-2021", "Political trials in 2021 (fictional)", date(2021, 12, 30)),
    (f"{DEMO_URL}/reports/colonies-2022", "Conditions in penal colonies (fictional)",
     date(2022, 10, 1)),
    (f"{DEMO_URL}/reports/releases-2024", "Pardons and releases 2024 (fictional)",
     date(2024, 12, 20)),
    (f"{DEMO_URL}/reports/monthly-2025", "Monthly monitoring 2025 (fictional)", date(2025, 12, 31)),
    (f"{DEMO_URL}/reports/monthly-2026", "Monthly monitoring 2026 (fictional)", date(2026, 10, 31)),
)  # fmt: skip


# --- dates --------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later (the last day when the month is shorter)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        if day.day <= last:
            try:
                return date(year, month, day.day)
            except ValueError:
                continue
        try:
            return date(year, month, last)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def months_between(start: date, end: date) -> int:
    """Whole months from start to end (negative when end is earlier)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def _day_between(rng: random.Random, first: date, last: date) -> date:
    if last <= first:
        return first
    return first + timedelta(days=rng.randint(0, (last - first).days))


# Detention years for people still held and for people already released.
ACTIVE_YEARS = {2020: 15, 2021: 24, 2022: 15, 2023: 12, 2024: 13, 2025: 13, 2026: 8}
RELEASED_YEARS = {2020: 32, 2021: 30, 2022: 14, 2023: 10, 2024: 9, 2025: 5}


def _detention_date(rng: random.Random, years: dict[int, int]) -> date:
    year = rng.choices(tuple(years), weights=tuple(years.values()))[0]
    first = max(date(year, 1, 1), FIRST_DETENTION)
    last = min(date(year, 12, 31), LAST_DETENTION)
    return _day_between(rng, first, last)


# --- text ---------------------------------------------------------------------------------------


def _date_en(day: date) -> str:
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def dmy(day: date) -> str:
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def _plural_ru(count: int, one: str, few: str, many: str) -> str:
    if count % 10 == 1 and count % 100 != 11:
        return one
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return few
    return many


def term_text(months: int) -> tuple[str, str, str]:
    """A term in English, Russian and Belarusian: "2 years 6 months", "2 года 6 месяцев"."""
    years, rest = divmod(months, 12)
    en, ru, be = [], [], []
    if years:
        en.append(f"{years} year{'s' if years != 1 else ''}")
        ru.append(f"{years} {_plural_ru(years, 'год', 'года', 'лет')}")
        be.append(f"{years} {_plural_ru(years, 'год', 'гады', 'гадоў')}")
    if rest:
        en.append(f"{rest} month{'s' if rest != 1 else ''}")
        ru.append(f"{rest} {_plural_ru(rest, 'месяц', 'месяца', 'месяцев')}")
        be.append(f"{rest} {_plural_ru(rest, 'месяц', 'месяцы', 'месяцаў')}")
    return " ".join(en), " ".join(ru), " ".join(be)


def _sentence(rng: random.Random, months: int, kind: str) -> tuple[str, str]:
    """The sentence as pronounced, in English or Russian, and the same in the other."""
    en_term, ru_term, _be_term = term_text(months)
    if kind == "prison":
        en = f"{en_term} of imprisonment, to be served in a prison"
        ru = f"{ru_term} лишения свободы с отбыванием в тюрьме"
    elif kind == "restricted_freedom":
        en = f"{en_term} of restricted freedom in an open correctional facility"
        ru = f"{ru_term} ограничения свободы с направлением в исправительное учреждение открытого типа"  # noqa: E501
    elif kind == "home_confinement":
        en = f"{en_term} of restricted freedom without referral (house arrest)"
        ru = f"{ru_term} ограничения свободы без направления (домашняя химия)"
    else:
        regime_en, regime_ru = rng.choices(REGIMES, weights=(55, 35, 10))[0]
        en = f"{en_term} in a {regime_en}-regime penal colony"
        ru = f"{ru_term} лишения свободы в исправительной колонии {regime_ru} режима"
    return en, ru


# --- one person ---------------------------------------------------------------------------------


class _PersonMaker:
    """Builds PersonPlans from one random stream; the order of draws is the data."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.male = [name for name in GIVEN_NAMES if name[0] == "male"]
        self.female = [name for name in GIVEN_NAMES if name[0] == "female"]
        self.pretrial = tuple(PRETRIAL_WEIGHTS)
        self.pretrial_weights = tuple(PRETRIAL_WEIGHTS.values())
        self.occupation_weights = tuple(o[-1] for o in OCCUPATIONS)

    def person(self, number: int, category: str) -> PersonPlan:
        rng = self.rng
        roll = rng.random()
        gender = "female" if roll < SHARE_FEMALE else "male" if roll < 0.99 else ""
        feminine = gender == "female"
        _g, given_be, given_ru, given_lat = rng.choice(self.female if feminine else self.male)
        surname = rng.choice(SURNAMES)
        surname_be, surname_ru, surname_lat = feminine_surname(*surname) if feminine else surname
        patronymic = rng.choice(PATRONYMICS) if rng.random() < 0.6 else None
        full_be = f"{surname_be} {given_be}"
        full_ru = f"{surname_ru} {given_ru}"
        if patronymic:
            full_be += " " + patronymic[1 if feminine else 0]
            full_ru += " " + patronymic[3 if feminine else 2]
        birth_year = rng.choices((rng.randint(1950, 1969), rng.randint(1970, 2006)), (25, 75))[0]
        birth_date = (
            _day_between(rng, date(birth_year, 1, 1), date(birth_year, 12, 31))
            if rng.random() < 0.85
            else None
        )
        plan = PersonPlan(
            number=number,
            category=category,
            gender=gender,
            name=f"{surname_be} {given_be}",
            name_be=full_be,
            name_ru=full_ru,
            name_lat=f"{given_lat} {surname_lat}",
            birth_date=birth_date,
            birth_year=birth_year,
        )
        occupation = rng.choices(OCCUPATIONS, weights=self.occupation_weights)[0]
        if birth_year >= 2001 and rng.random() < 0.6:
            occupation = OCCUPATIONS[5]  # a student
        elif birth_year <= 1962 and rng.random() < 0.6:
            occupation = OCCUPATIONS[8]  # a pensioner
        if occupation[5]:
            plan.tags.append(occupation[5])
        if feminine:
            plan.tags.append("women")
        self._history(plan)
        detained = plan.prosecutions[0].detained_on
        if (
            detained
            and detained.year == 2020
            and {"342", "293"} & set(plan.prosecutions[0].articles)
        ):
            plan.tags.append("protests-2020")
        plan.on_terrorist_list = rng.random() < (0.35 if category == ACTIVE else 0.12)
        city = rng.choices(CITIES, weights=CITY_WEIGHTS)[0]
        self._biography(plan, given_be, given_ru, given_lat, surname_lat, occupation, city)
        if rng.random() < 0.3:
            relative = rng.choice(self.female)
            plan.relatives = (
                f"Мать: {relative[2]} (fictional), {city[2].split(' ', 1)[1]}; writes every week"
            )
        plan.notes = "Fictional demo record." + (
            " Letters reported as not delivered since the transfer." if rng.random() < 0.1 else ""
        )
        return plan

    # The course of a case: detention, recognition, verdict, colony, release or death.
    def _history(self, plan: PersonPlan) -> None:
        rng = self.rng
        category = plan.category
        held_now = category in (ACTIVE, DIED_IN_CUSTODY) or (
            category == NOT_RECOGNISED and rng.random() < 0.5
        )
        detained = _detention_date(rng, ACTIVE_YEARS if held_now else RELEASED_YEARS)
        recognised = category != NOT_RECOGNISED
        pretrial = rng.choices(self.pretrial, weights=self.pretrial_weights)[0]
        case = ProsecutionPlan(articles=self._articles(), detained_on=detained)
        case.court = rng.choice(COURTS)
        case.judge = self._judge()
        case.counsel = self._judge() if rng.random() < 0.5 else ""
        plan.prosecutions.append(case)
        source = self._source_for(detained)
        events = plan.events
        events.append(EventPlan(custody.DETAINED, detained, pretrial, 0, "", source=source))
        if rng.random() < 0.5:
            charged = min(detained + timedelta(days=rng.randint(1, 10)), REFERENCE_DATE)
            events.append(EventPlan(custody.CHARGED, charged, "", 0, source=source))
        if recognised:
            on = min(detained + timedelta(days=rng.randint(5, 120)), REFERENCE_DATE)
            events.append(
                EventPlan(
                    custody.RECOGNISED, on, source=self._source_for(on),
                    declaration_url=f"{DEMO_URL}/declarations/{on.isoformat()}",
                )
            )  # fmt: skip

        non_custodial = not held_now and rng.random() < 0.1
        acquitted = not held_now and not non_custodial and rng.random() < 0.02
        verdict = detained + timedelta(days=rng.randint(90, 270))
        if verdict >= REFERENCE_DATE or acquitted:
            # Still on trial (or the case closed): no verdict yet.
            release_on = None
            if not held_now:
                release_on = min(
                    detained + timedelta(days=rng.randint(30, 200)),
                    REFERENCE_DATE - timedelta(days=1),
                )
                events.append(EventPlan(
                    custody.RELEASED, release_on, prosecution=0,
                    release_reason="acquittal", source=self._source_for(release_on),
                ))  # fmt: skip
            self._after(plan, held_now, release_on)
            return

        if non_custodial:
            term = rng.choice((12, 18, 24, 30, 36))
            kind = rng.choice(("restricted_freedom", "home_confinement"))
        else:
            term = rng.choices(TERMS, weights=TERM_WEIGHTS)[0]
            kind = "prison" if term >= 96 and rng.random() < 0.25 else "colony"
        appeal = verdict + timedelta(days=rng.randint(30, 90))
        if rng.random() < 0.8 and appeal < REFERENCE_DATE:
            case.appeal_on = appeal
            case.decision = rng.choice((
                "Приговор оставлен без изменения", "Апелляционная жалоба отклонена",
                "The appeal was rejected",
            ))  # fmt: skip
        transfer_on = (case.appeal_on or verdict) + timedelta(days=rng.randint(10, 60))
        needed = months_between(detained, REFERENCE_DATE) + 1
        extension = 0
        if held_now and term < needed:
            # Held longer than the first term: a second case under article 411
            # ("disobeying the colony's administration") for some, a longer term for others.
            first_end = add_months(detained, term)
            if (
                needed - term <= 24
                and transfer_on + timedelta(days=31) < first_end
                and rng.random() < 0.4
            ):
                extension = max(needed - term, 6) + rng.randint(0, 12)
            else:
                term = rng.randint(needed, min(max(needed + 24, 36), 300))
        case.verdict_on = verdict
        case.term_months = term
        case.sentence_kind = kind
        case.sentence_start = detained
        case.expected_release = add_months(detained, term)
        en, ru = _sentence(rng, term, kind)
        case.sentence_text = en if rng.random() < 0.5 else ru
        events.append(EventPlan(
            custody.SENTENCED, verdict, pretrial, 0, source=self._source_for(verdict),
        ))  # fmt: skip

        if non_custodial:
            events.append(EventPlan(
                custody.RELEASED, verdict, prosecution=0, release_reason="non_custodial",
                source=self._source_for(verdict),
            ))  # fmt: skip
            self._after(plan, False, verdict)
            return

        colonies = WOMEN_COLONIES if plan.gender == "female" else MEN_COLONIES
        colony = rng.choice(PRISONS) if kind == "prison" else rng.choice(colonies)
        release_on: date | None = None
        release_reason = ""
        if not held_now:
            last_day = REFERENCE_DATE - timedelta(days=1)
            expected = case.expected_release
            if expected <= last_day and rng.random() < 0.7:
                release_on, release_reason = expected, "sentence_served"
            else:
                first = verdict + timedelta(days=1)
                release_on = _day_between(rng, first, min(expected, last_day))
                release_reason = (
                    "sentence_served"
                    if release_on == expected
                    else rng.choices(
                        [r for r, _w in EARLY_RELEASE_REASONS[:-1]],
                        weights=[w for _r, w in EARLY_RELEASE_REASONS[:-1]],
                    )[0]
                )
        inside_until = release_on or REFERENCE_DATE
        if transfer_on < inside_until:
            events.append(EventPlan(
                custody.TRANSFERRED, transfer_on, colony, 0,
                source=self._source_for(transfer_on),
            ))  # fmt: skip
            held_at = colony
            self._hardships(plan, colony, transfer_on, inside_until)
            if extension:
                second_verdict = _day_between(
                    rng,
                    transfer_on + timedelta(days=30),
                    max(case.expected_release - timedelta(days=1), transfer_on),
                )
                second = ProsecutionPlan(
                    articles=("411",), detained_on=None, verdict_on=second_verdict,
                    court=rng.choice(COURTS), judge=self._judge(),
                    sentence_kind=kind, term_months=extension,
                    sentence_start=case.expected_release,
                    expected_release=add_months(case.expected_release, extension),
                )  # fmt: skip
                second.sentence_text = _sentence(rng, extension, kind)[rng.random() < 0.5]
                plan.prosecutions.append(second)
                events.append(EventPlan(
                    custody.SENTENCED, second_verdict, held_at, 1,
                    source=self._source_for(second_verdict),
                ))  # fmt: skip
        if release_on:
            events.append(EventPlan(
                custody.RELEASED, release_on, prosecution=0, release_reason=release_reason,
                source=self._source_for(release_on),
            ))  # fmt: skip
        self._after(plan, held_now, release_on)

    def _hardships(self, plan: PersonPlan, colony: str, start: date, end: date) -> None:
        """Punishment cells, incommunicado, ill-treatment, denied care while held."""
        rng = self.rng
        if (end - start).days < 20:
            return
        last = end - timedelta(days=1)
        if rng.random() < 0.18:
            for _ in range(rng.choice((1, 1, 2, 3))):
                on = _day_between(rng, start + timedelta(days=1), last)
                plan.events.append(EventPlan(
                    custody.PUNISHMENT_CELL, on, colony, description=rng.choice((
                        "Placed in a punishment cell for 10 days.",
                        "Водворён в ШИЗО на 10 суток.",
                        "Placed in a punishment cell for 15 days.",
                    )), source=self._source_for(on),
                ))  # fmt: skip
        if rng.random() < 0.05:
            on = _day_between(rng, start + timedelta(days=1), last)
            plan.events.append(EventPlan(
                custody.INCOMMUNICADO, on, description="No letters or visits for months.",
                source=self._source_for(on),
            ))  # fmt: skip
            if rng.random() < 0.4:
                restored = _day_between(rng, on + timedelta(days=1), last)
                if restored > on:
                    plan.events.append(EventPlan(
                        custody.CONTACT_RESTORED, restored, source=self._source_for(restored),
                    ))  # fmt: skip
        if rng.random() < 0.06:
            on = _day_between(rng, start + timedelta(days=1), last)
            plan.events.append(EventPlan(
                custody.ILL_TREATMENT, on, description="Relatives report pressure from staff.",
                source=self._source_for(on),
            ))  # fmt: skip
        if rng.random() < 0.05:
            on = _day_between(rng, start + timedelta(days=1), last)
            plan.events.append(EventPlan(
                custody.MEDICAL_CARE_DENIED, on,
                description="Denied treatment for a chronic illness.",
                source=self._source_for(on),
            ))  # fmt: skip

    def _after(self, plan: PersonPlan, held_now: bool, release_on: date | None) -> None:
        """Death in custody or after release, for the people of those categories."""
        rng = self.rng
        last_day = REFERENCE_DATE - timedelta(days=1)
        if plan.category == DIED_IN_CUSTODY:
            latest = max(event.on for event in plan.events)
            on = _day_between(rng, latest, last_day)
            plan.events.append(EventPlan(
                custody.DIED_IN_CUSTODY, on, description="Died in custody.",
                source=self._source_for(on),
            ))  # fmt: skip
        elif plan.category == DIED_AFTER_RELEASE and release_on:
            on = _day_between(rng, release_on + timedelta(days=30), last_day)
            on = min(on, last_day)
            plan.events.append(EventPlan(custody.DIED, on, source=self._source_for(on)))

    def _articles(self) -> tuple[str, ...]:
        rng = self.rng
        count = rng.choices((1, 2, 3), weights=(60, 30, 10))[0]
        numbers = rng.choices(ARTICLE_NUMBERS, weights=ARTICLE_WEIGHT_VALUES, k=count)
        return tuple(dict.fromkeys(numbers))

    def _judge(self) -> str:
        rng = self.rng
        surname = rng.choice(SURNAMES)[1]
        return f"{surname} {rng.choice(JUDGE_INITIALS)}. {rng.choice(JUDGE_INITIALS)}."

    @staticmethod
    def _source_for(on: date) -> int:
        return min(max(on.year - 2020, 0), len(SOURCES) - 1)

    def _biography(self, plan, given_be, given_ru, given_lat, surname_lat, occupation, city):
        rng = self.rng
        female = plan.gender == "female"
        en_p, be_p, ru_p = ("She", "Яна", "Она") if female else ("He", "Ён", "Он")
        case = plan.prosecutions[0]
        articles = ", ".join(case.articles)
        plural = len(case.articles) > 1
        en = [f"{given_lat} {surname_lat} was born in {plan.birth_year} in {city[0]}."]
        be = [
            f"{given_be} {'нарадзілася' if female else 'нарадзіўся'} у {plan.birth_year} годзе "
            f"{city[1]}."
        ]
        ru = [f"{given_ru} {'родилась' if female else 'родился'} в {plan.birth_year} году "
              f"{city[2]}."]  # fmt: skip
        en.append(f"{en_p} was {occupation[0]}.")
        be.append(f"{be_p} {'была' if female else 'быў'} {occupation[2 if female else 1]}.")
        ru.append(f"{ru_p} {'была' if female else 'был'} {occupation[4 if female else 3]}.")
        if case.detained_on:
            day = case.detained_on
            en.append(
                f"{en_p} was detained on {_date_en(day)} and charged under "
                f"Article{'s' if plural else ''} {articles} of the Criminal Code."
            )
            be.append(
                f"{be_p} {'была затрыманая' if female else 'быў затрыманы'} {dmy(day)} "
                f"паводле {'артыкулаў' if plural else 'артыкула'} {articles} "
                "Крымінальнага кодэкса."
            )
            ru.append(
                f"{ru_p} {'была задержана' if female else 'был задержан'} {dmy(day)} "
                f"по {'статьям' if plural else 'статье'} {articles} Уголовного кодекса."
            )
        if case.term_months and case.verdict_on:
            en_term, ru_term, be_term = term_text(case.term_months)
            year = case.verdict_on.year
            en.append(f"In {year} the court handed down a sentence of {en_term}.")
            be.append(f"Прысуд ({year}): {be_term}.")
            ru.append(f"Приговор ({year}): {ru_term}.")
        extra = rng.random()
        if extra < 0.3:
            children = rng.randint(1, 3)
            en.append(f"{en_p} has {children} child{'ren' if children > 1 else ''}.")
            be.append(f"{be_p} мае {children} {_plural_ru(children, 'дзіця', 'дзяцей', 'дзяцей')}.")
            ru.append(f"У {'неё' if female else 'него'} {children} "
                      f"{_plural_ru(children, 'ребёнок', 'ребёнка', 'детей')}.")  # fmt: skip
        elif extra < 0.5:
            en.append(f"{en_p} likes books and answers every letter.")
            be.append(f"{be_p} любіць кнігі і адказвае на кожны ліст.")
            ru.append(f"{ru_p} любит книги и отвечает на каждое письмо.")
        plan.biography_en = " ".join(en)
        plan.biography_be = " ".join(be)
        plan.biography_ru = " ".join(ru)


def categories(people: int) -> list[str]:
    """How many people of each category (in a fixed order) for `people` in total."""
    died_in_custody = round(people * SHARE_DIED_IN_CUSTODY)
    died_after = round(people * SHARE_DIED_AFTER_RELEASE)
    not_recognised = round(people * SHARE_NOT_RECOGNISED)
    active = round(people * SHARE_BEHIND_BARS)
    released = people - active - died_in_custody - died_after - not_recognised
    if released < 0:
        active += released
        released = 0
    return (
        [ACTIVE] * active + [RELEASED] * released + [DIED_IN_CUSTODY] * died_in_custody
        + [DIED_AFTER_RELEASE] * died_after + [NOT_RECOGNISED] * not_recognised
    )  # fmt: skip


def plan_people(*, people: int = DEFAULT_PEOPLE, seed: int = 1) -> Iterator[PersonPlan]:
    """Yield `people` fictional people; the same seed always yields the same people."""
    rng = random.Random(seed)
    kinds = categories(people)
    rng.shuffle(kinds)
    maker = _PersonMaker(rng)
    for number, category in enumerate(kinds, start=1):
        yield maker.person(number, category)


def chunks(plans: Iterable[PersonPlan], size: int) -> Iterator[list[PersonPlan]]:
    chunk: list[PersonPlan] = []
    for plan in plans:
        chunk.append(plan)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
