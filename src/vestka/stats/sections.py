"""The breakdowns of the numbers as sections — a heading, a chart and its table — in
the active language, the same on the numbers page, the report and its PDF."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vestka.site.templatetags.vestka import day as day_written
from vestka.stats import charts, counting
from vestka.stats.selectors import Numbers, Row


@dataclass(frozen=True)
class Section:
    ident: str
    heading: str
    explanation: str
    key_heading: str
    rows: list[Row]

    def chart(self, *, width: float = charts.BAR_WIDTH) -> charts.Chart:
        return charts.bar_chart(
            [(row.label, row.count) for row in self.rows],
            title=self.heading,
            desc=self.explanation,
            empty=_("No one was behind bars on this date."),
            width=width,
        )

    @property
    def svg(self) -> str:
        return charts.svg(self.chart(), ident=f"chart-{self.ident}")


@dataclass(frozen=True)
class MonthlySection:
    heading: str
    explanation: str
    months: list[tuple[str, int, int, int]]  # month, arrests, recognitions, releases

    def chart(self, *, width: float = charts.LINE_WIDTH) -> charts.Chart:
        return charts.line_chart(
            [m[0] for m in self.months],
            [
                (_("arrests"), [m[1] for m in self.months]),
                (_("recognitions"), [m[2] for m in self.months]),
                (_("releases"), [m[3] for m in self.months]),
            ],
            title=self.heading,
            desc=self.explanation,
            empty=_("The series starts in January 2020."),
            width=width,
        )

    @property
    def svg(self) -> str:
        return charts.svg(self.chart(), ident="chart-monthly")


def numbers_sections(numbers: Numbers) -> list[Section]:
    """One section per breakdown of the people behind bars on the date."""
    day = day_written(numbers.on)
    specs = [
        (
            "article",
            _("By article of the criminal code"),
            _("People behind bars on %(day)s whose cases cite the article; a person "
              "charged under several articles counts under each.") % {"day": day},
            _("Article"),
            [Row(r.key, f"{r.key} — {r.label}" if r.label != r.key else r.key, r.count)
             for r in numbers.by_article],
        ),
        (
            "facility",
            _("By facility"),
            _("Where the people behind bars on %(day)s were held that day.") % {"day": day},
            _("Facility"),
            numbers.by_facility,
        ),
        (
            "region",
            _("By region"),
            _("The region of the facility holding each person on %(day)s.") % {"day": day},
            _("Region"),
            numbers.by_region,
        ),
        (
            "sentence",
            _("By sentence"),
            _("The longest prison term pronounced by %(day)s against each person behind "
              "bars that day.") % {"day": day},
            _("Sentence"),
            numbers.by_sentence,
        ),
        (
            "gender",
            _("By gender"),
            _("People behind bars on %(day)s.") % {"day": day},
            _("Gender"),
            numbers.by_gender,
        ),
        (
            "age",
            _("By age"),
            _("Age in the year of %(day)s, from the birth year.") % {"day": day},
            _("Age"),
            numbers.by_age,
        ),
    ]  # fmt: skip
    return [
        Section(ident, heading, explanation, key_heading, list(rows))
        for ident, heading, explanation, key_heading, rows in specs
    ]


def monthly_section(numbers: Numbers) -> MonthlySection:
    """Arrests, recognitions and releases month by month since January 2020."""
    monthly = numbers.counts.monthly
    heading = _("Month by month since January 2020")
    explanation = _(
        "Arrests (detentions) of people recognised as political prisoners, first "
        "recognitions and releases in each month; the last month counts up to the date."
    )
    return MonthlySection(
        heading=heading,
        explanation=explanation,
        months=[(m.month, m.arrests, m.recognitions, m.releases) for m in monthly],
    )


def term_words(months: int | None) -> str:
    """A prison term in words: "life", "5 years", "2 years 6 months"."""
    if months is None or months < 0:
        return _("term not known")
    if months == counting.LIFE_MONTHS:
        return _("life")
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(ngettext("%(count)d year", "%(count)d years", years) % {"count": years})
    if rest or not years:
        parts.append(ngettext("%(count)d month", "%(count)d months", rest) % {"count": rest})
    return " ".join(parts)
