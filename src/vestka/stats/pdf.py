"""The report as a PDF, to attach to a submission: the headline numbers, the charts
drawn from the same shapes as the pages' SVG, the lists and their sources. Text is
set in the vendored DejaVu Sans, so Belarusian and Russian names print as written."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fpdf import FPDF
from fpdf.fonts import FontFace

from vestka.letters.printing import FONTS
from vestka.site.templatetags.vestka import grouped
from vestka.stats import charts
from vestka.stats.sections import monthly_section, numbers_sections, term_words
from vestka.stats.selectors import Listed, Report

FAMILY = "DejaVu"
MARGIN = 16.0
WIDTH = 210.0 - 2 * MARGIN
# Millimetres per chart unit: a 640-unit chart is 128 mm wide, its text 8.5 pt.
SCALE = 0.2
PT = 0.3528  # millimetres per point


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


class _ReportPDF(FPDF):
    def __init__(self, footer: str) -> None:
        super().__init__(unit="mm", format="A4")
        self.footer_text = footer
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN)
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.alias_nb_pages()

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FAMILY, "", 7.5)
        self.set_text_color(*_rgb(charts.MUTED))
        self.cell(WIDTH * 0.8, 5, self.footer_text)
        self.cell(WIDTH * 0.2, 5, f"{self.page_no()} / {{nb}}", align="R")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, *, size: float = 13) -> None:
        if self.get_y() > 297 - MARGIN - 30:
            self.add_page()
        self.ln(3)
        self.set_font(FAMILY, "B", size)
        self.multi_cell(WIDTH, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def paragraph(self, text: str, *, size: float = 9, muted: bool = False) -> None:
        self.set_font(FAMILY, "", size)
        if muted:
            self.set_text_color(*_rgb(charts.MUTED))
        self.multi_cell(WIDTH, size * 0.48, text, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(1)

    def chart(self, chart: charts.Chart) -> None:
        height = chart.height * SCALE
        if self.get_y() + height > 297 - MARGIN:
            self.add_page()
        x, y = self.get_x(), self.get_y()
        for shape in chart.shapes:
            if isinstance(shape, charts.Rect):
                self.set_fill_color(*_rgb(shape.fill))
                self.rect(x + shape.x * SCALE, y + shape.y * SCALE, shape.w * SCALE,
                          shape.h * SCALE, style="F")  # fmt: skip
            elif isinstance(shape, charts.Line):
                self.set_draw_color(*_rgb(shape.stroke))
                self.set_line_width(shape.width * SCALE)
                self.polyline([(x + px * SCALE, y + py * SCALE) for px, py in shape.points])
            else:
                self.set_font(FAMILY, "B" if shape.bold else "", shape.size * SCALE / PT)
                self.set_text_color(*_rgb(shape.fill))
                left = x + shape.x * SCALE
                width = self.get_string_width(shape.text)
                if shape.anchor == "end":
                    left -= width
                elif shape.anchor == "middle":
                    left -= width / 2
                self.text(left, y + shape.y * SCALE, shape.text)
        self.set_text_color(0, 0, 0)
        self.set_draw_color(0, 0, 0)
        self.set_fill_color(255, 255, 255)
        self.set_xy(x, y + height + 2)

    def section(self, heading: str, explanation: str, chart: charts.Chart) -> None:
        """A heading, its explanation and its chart, on one page when they fit one."""
        needed = 16 + chart.height * SCALE
        if self.get_y() + needed > 297 - MARGIN and needed < 297 - 2 * MARGIN:
            self.add_page()
        self.heading(heading)
        self.paragraph(explanation, size=8, muted=True)
        self.chart(chart)

    def table(self, header: list[str], rows: list[list[str]], widths: tuple[float, ...]):
        self.set_font(FAMILY, "", 8)
        with super().table(
            col_widths=widths,
            width=WIDTH,
            line_height=4,
            headings_style=FontFace(emphasis="BOLD", fill_color=(244, 245, 242)),
            borders_layout="HORIZONTAL_LINES",
            padding=1,
        ) as table:
            head = table.row()
            for text in header:
                head.cell(text)
            for values in rows:
                row = table.row()
                for text in values:
                    row.cell(text)
        self.ln(2)


def report_title(country: str, on: date) -> str:
    return _("Political prisoners in %(country)s as of %(day)s") % {
        "country": country,
        "day": on.isoformat(),
    }


def report_pdf(report: Report, *, site_url: str) -> bytes:
    """The report as PDF bytes."""
    numbers = report.numbers
    counts = numbers.counts
    title = report_title(numbers.country.name, numbers.on)
    made = timezone.now()
    pdf = _ReportPDF(
        _("Vestka · %(site)s · made %(made)s from the registry's events")
        % {"site": site_url, "made": made.strftime("%Y-%m-%d %H:%M UTC")}
    )
    pdf.set_title(title)
    pdf.set_creator("Vestka")
    pdf.set_creation_date(made)
    pdf.add_page()
    pdf.heading(title, size=17)
    pdf.paragraph(
        _(
            "Counted from the dated, sourced events of the registry. Every list below names "
            "the sources behind it."
        ),
        muted=True,
    )
    pdf.heading(_("Headline numbers"))
    pdf.table(
        [_("Number"), _("Value")],
        [
            [_("Behind bars"), grouped(counts.behind_bars)],
            [_("Recognised"), grouped(counts.recognised)],
            [_("Released"), grouped(counts.released)],
            [_("Died in custody"), grouped(counts.died_in_custody)],
            [_("Held incommunicado"), grouped(counts.incommunicado)],
            [_("Years of prison pronounced"), f"{counts.sentence_years:,.0f}"],
        ],
        (3, 1),
    )
    pdf.paragraph(
        _(
            "Behind bars: recognised political prisoners detained on or before the date and "
            "neither released nor dead in custody by then. Recognised: first dated recognition "
            "on or before the date. Released: released on or before the date and not behind "
            "bars again on it. Held incommunicado: behind bars, with an incommunicado report "
            "during the current detention and no later report that contact was restored. Years "
            "of prison: the prison terms pronounced by the date in every case of every "
            "recognised political prisoner (life sentences and unknown terms not included)."
        ),
        size=8,
        muted=True,
    )
    monthly = monthly_section(numbers)
    wide = charts.PRINT_WIDTH
    pdf.section(monthly.heading, monthly.explanation, monthly.chart(width=wide))
    for section in numbers_sections(numbers):
        pdf.section(section.heading, section.explanation, section.chart(width=wide))
    # The lists cite sources by their number in the list of sources at the end.
    cited = {url: number for number, (_label, url) in enumerate(report.sources, start=1)}

    def people_table(listed: list[Listed], *, term: bool, empty: str, total: int = 0) -> None:
        if not listed:
            pdf.paragraph(empty, muted=True)
            return
        if total > len(listed):
            pdf.paragraph(
                ngettext(
                    "The most recent %(shown)d of %(counter)d person; the data downloads "
                    "count everyone.",
                    "The most recent %(shown)d of %(counter)d people; the data downloads "
                    "count everyone.",
                    total,
                )
                % {"shown": len(listed), "counter": total},
                size=8,
                muted=True,
            )
        pdf.table(
            [_("Person"), _("Longest term") if term else _("Date"), _("Facility"), _("Sources")],
            [
                [
                    item.person.name,
                    term_words(item.months) if term else (item.on.isoformat() if item.on else "—"),
                    item.facility.name if item.facility else "—",
                    ", ".join(f"[{cited[url]}]" for _label, url in item.sources) or "—",
                ]
                for item in listed
            ],
            (6, 3, 7, 2),
        )

    pdf.add_page()
    pdf.heading(_("Deaths in custody"))
    people_table(
        report.deaths_in_custody,
        total=report.totals["deaths_in_custody"],
        term=False,
        empty=_("No death in custody is recorded up to this date."),
    )
    pdf.heading(_("Held incommunicado"))
    people_table(
        report.incommunicado,
        total=report.totals["incommunicado"],
        term=False,
        empty=_("No one is recorded as held incommunicado on this date."),
    )
    pdf.heading(_("The longest sentences"))
    people_table(
        report.longest_sentences,
        term=True,
        empty=_("No prison sentence is recorded up to this date."),
    )
    pdf.heading(_("Newly recognised"))
    pdf.paragraph(
        _("First recognised as political prisoners from %(since)s to this date.")
        % {"since": report.newly_recognised_since.isoformat()},
        size=8,
        muted=True,
    )
    people_table(
        report.newly_recognised,
        total=report.totals["newly_recognised"],
        term=False,
        empty=_("No one was recognised in these 90 days."),
    )
    pdf.heading(_("Sources"))
    if report.sources:
        for number, (label, url) in enumerate(report.sources, start=1):
            pdf.paragraph(f"{number}. {label} — {url}", size=8)
    else:
        pdf.paragraph(_("The lists cite no source."), muted=True)
    return bytes(pdf.output())
