"""Charts of the numbers as shapes, drawn as SVG for the pages and into the PDF report.

A chart is laid out once, in units of a fixed-width canvas, as rectangles, lines and
text; ``svg`` writes it for a browser (readable without JavaScript, with a title and
a description for screen readers), and the report's PDF draws the same shapes. No
Django import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

# Canvas widths: the pages' charts are narrow, so that their text stays readable
# when a phone shrinks them; the PDF draws wider ones.
BAR_WIDTH = 400
LINE_WIDTH = 480
PRINT_WIDTH = 640
ACCENT = "#24506e"
SERIES_COLOURS = ("#8a2c1f", "#24506e", "#2f5f2c")  # arrests, recognitions, releases
INK = "#1d2430"
MUTED = "#4f5866"
GRID = "#d9dcd6"
FONT = 14
ROW = 34  # height of one bar's row: its label above, the bar below


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True)
class Line:
    points: tuple[tuple[float, float], ...]
    stroke: str
    width: float = 1.0


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    anchor: str = "start"  # start | middle | end
    size: float = FONT
    fill: str = INK
    bold: bool = False


@dataclass
class Chart:
    title: str
    desc: str
    height: float
    width: float
    shapes: list[Rect | Line | Text] = field(default_factory=list)


def bar_chart(
    rows: Sequence[tuple[str, int]],
    *,
    title: str,
    desc: str,
    empty: str = "",
    width: float = BAR_WIDTH,
) -> Chart:
    """Horizontal bars, one per row, longest bar for the largest value; each label on
    its own line above its bar, so that long names fit a phone's width."""
    chart = Chart(title=title, desc=desc, height=max(len(rows), 1) * ROW + 8, width=width)
    if not rows:
        chart.shapes.append(Text(0, FONT + 4, empty, fill=MUTED))
        return chart
    largest = max(value for _label, value in rows) or 1
    number_room = 12 + 0.62 * FONT * len(f"{largest:,}")
    span = width - number_room
    for index, (label, value) in enumerate(rows):
        top = index * ROW
        chart.shapes.append(Text(0, top + FONT, _clip(label, int(width / (0.55 * FONT)))))
        length = max(span * value / largest, 2 if value else 0)
        chart.shapes.append(Rect(0, top + FONT + 5, length, 10, ACCENT))
        chart.shapes.append(Text(length + 6, top + FONT + 14, f"{value:,}", size=FONT - 2))
    return chart


def line_chart(
    months: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    title: str,
    desc: str,
    empty: str = "",
    width: float = LINE_WIDTH,
) -> Chart:
    """Monthly counts as lines, one per series, with the years along the bottom and a
    legend above."""
    height = 300
    chart = Chart(title=title, desc=desc, height=height, width=width)
    if not months:
        chart.shapes.append(Text(0, FONT + 4, empty, fill=MUTED))
        return chart
    left, top, bottom, right = 52, 40, height - 30, width - 8
    largest = max((max(values, default=0) for _name, values in series), default=0) or 1
    step = _nice_step(largest)
    ceiling = step * -(-largest // step)
    # Legend
    x: float = left
    for (name, _values), colour in zip(series, SERIES_COLOURS, strict=False):
        chart.shapes.append(Rect(x, 10, 14, 14, colour))
        chart.shapes.append(Text(x + 20, 22, name, size=FONT - 1))
        x += 32 + 0.55 * (FONT - 1) * len(name)
    # Grid and scale
    value = 0
    while value <= ceiling:
        y = bottom - (bottom - top) * value / ceiling
        chart.shapes.append(Line(((left, y), (right, y)), GRID))
        chart.shapes.append(Text(left - 6, y + 5, f"{value:,}", anchor="end", size=FONT - 3))
        value += step
    count = len(months)
    xs = [left + (right - left) * (i / max(count - 1, 1)) for i in range(count)]
    for i, month in enumerate(months):
        if month.endswith("-01"):
            chart.shapes.append(Line(((xs[i], bottom), (xs[i], bottom + 5)), MUTED))
            chart.shapes.append(Text(xs[i] + 2, bottom + 20, month[:4], size=FONT - 3))
    for (_name, values), colour in zip(series, SERIES_COLOURS, strict=False):
        points = tuple((xs[i], bottom - (bottom - top) * v / ceiling) for i, v in enumerate(values))
        if len(points) == 1:
            points = (points[0], (points[0][0] + 4, points[0][1]))
        chart.shapes.append(Line(points, colour, 2.0))
    return chart


def _nice_step(largest: int) -> int:
    """A round step for about four grid lines up to ``largest``."""
    raw = max(largest / 4, 1)
    magnitude = 10 ** (len(str(int(raw))) - 1)
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * magnitude:
            return multiple * magnitude
    return 10 * magnitude


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def svg(chart: Chart, *, ident: str) -> str:
    """The chart as an inline SVG element, labelled by its title and description."""
    parts = [
        f'<svg class="chart" viewBox="0 0 {chart.width:g} {chart.height:g}" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">',
        f'<title id="{ident}-title">{escape(chart.title)}</title>',
        f'<desc id="{ident}-desc">{escape(chart.desc)}</desc>',
    ]
    for shape in chart.shapes:
        if isinstance(shape, Rect):
            parts.append(
                f'<rect x="{shape.x:.1f}" y="{shape.y:.1f}" width="{shape.w:.1f}" '
                f'height="{shape.h:.1f}" fill="{shape.fill}"/>'
            )
        elif isinstance(shape, Line):
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in shape.points)
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{shape.stroke}" '
                f'stroke-width="{shape.width:g}" stroke-linejoin="round"/>'
            )
        else:
            weight = ' font-weight="700"' if shape.bold else ""
            parts.append(
                f'<text x="{shape.x:.1f}" y="{shape.y:.1f}" font-size="{shape.size:g}" '
                f'fill="{shape.fill}" text-anchor="{shape.anchor}"{weight}>'
                f"{escape(shape.text)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)
