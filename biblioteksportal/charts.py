"""Server-rendered SVG bar charts, always shown with a data table of the same figures.

Bars carry their value as text and differ by pattern as well as shade, so a chart reads in
greyscale; a value axis under the bars has round ticks (the bars' scale ends on the last one)
and a title. The SVG is labelled by its caption and the table is what a screen reader uses.
"""

import math
from dataclasses import dataclass
from itertools import count
from typing import Any

from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .tables import Column, Table, text

_ids = count(1)
LABEL = '<text class="label" x="0" y="{}" font-size="13">{}</text>'
RECT = '<rect x="{}" y="{}" width="{}" height="18" fill="{}" stroke="#1b1b1b" stroke-width="0.5"/>'
VALUE = '<text class="value" x="{}" y="{}" font-size="13">{}</text>'
FILLS = {"solid": "#00566b", "light": "#e8eef0"}
ROW_HEIGHT = 28
BAR_WIDTH = 300
GAP = 10
# A generous width of one character at the charts' font size (13px), so that the margins
# computed from the longest label and value hold them whole in any sans-serif font.
CHAR_WIDTH = 8.5
PATTERNS = ["solid", "hatch", "dots", "cross", "light"]
AXIS_HEIGHT = 44  # the axis line, its tick labels and its title under the bars
TICKS = 4  # about this many steps between 0 and the axis' end


def ticks(largest):
    """Round values from 0 to at least `largest`: steps of 1, 2 or 5 times a power of ten."""
    raw = largest / TICKS
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if largest == int(largest):  # counts: no fractional ticks
        step = max(step, 1)
    steps = math.ceil(round(largest / step, 9))
    return [round(i * step, 9) for i in range(steps + 1)]


@dataclass(frozen=True)
class Chart:
    """What templates/includes/chart.html renders."""

    id: str
    caption: Any
    unit: str
    series: list
    stacked: bool
    bars: list
    rows: list  # [(label, values, total)]
    value_x: float
    width: float
    height: float
    axis: dict  # {"y", "x1", "x2", "ticks": [{"x", "text"}], "title", "title_x"}

    def bars_svg(self):
        """Each bar's label, segments and value as SVG; written here rather than by the
        template's loops, where a page of a few charts of 50 bars spent most of its time."""
        parts = []
        for bar in self.bars:
            y = bar["y"]
            parts.append(format_html(LABEL, y + 18, bar["label"]))
            for segment in bar["segments"]:
                if segment["width"]:
                    fill = self.fill(segment["pattern"])
                    parts.append(format_html(RECT, segment["x"], y + 5, segment["width"], fill))
            parts.append(format_html(VALUE, self.value_x, y + 18, bar["text"]))
        return mark_safe("".join(parts))

    def fill(self, pattern):
        """A bar's or a legend's fill: a colour, or the chart's pattern of that name."""
        return FILLS.get(pattern) or f"url(#{self.id}-{pattern})"

    @property
    def legend(self):
        """[(series name, its fill)]."""
        return [(name, self.fill(pattern)) for name, pattern in self.series]

    def rows_html(self):
        """The data table's rows (the template's localised values, the bars' unit)."""
        return mark_safe(
            "".join(
                format_html(
                    '<tr><th scope="row">{}</th>{}<td>{}{}</td></tr>',
                    label,
                    mark_safe("".join(f"<td>{text(v)}</td>" for v in values))
                    if self.stacked
                    else "",
                    text(total),
                    self.unit,
                )
                for label, values, total in self.rows
            )
        )

    def table(self):
        """The chart's data table, as the page shows it: a column per series and the total."""
        if not self.stacked:
            columns = [Column(total_header(self.unit, False), lambda row: row[2])]
        else:
            columns = [
                Column(name, lambda row, i=i: row[1][i])
                for i, (name, _pattern) in enumerate(self.series)
            ] + [Column(total_header(self.unit, True), lambda row: row[2])]
        return Table([Column(_("Namn"), lambda row: row[0]), *columns], self.rows, self.caption)


def total_header(unit, stacked):
    """What the data table heads the bars' totals with, and the value axis' default title."""
    if stacked:
        return _("Totalt")
    return _("Värde") + (f" ({unit.strip()})" if unit else "")


def bar_chart(caption, rows, unit="", series=None, axis_title=None):
    """A horizontal bar chart of `rows`: [(label, value)] or, with `series` (the names of the
    values), [(label, [value, …])] as stacked bars. The value axis is titled `axis_title`,
    by default as the data table heads the values."""
    if series is None:
        rows = [(label, [value]) for label, value in rows]
        series = [caption]
    stacked = len(series) > 1
    scale = ticks(max((sum(values) for _, values in rows), default=0) or 1)
    largest = scale[-1]
    # the value as the data table writes it (the active locale's decimal comma)
    texts = [f"{localize(sum(values))}{unit}" for _, values in rows]
    label_width = round(CHAR_WIDTH * max((len(str(label)) for label, _ in rows), default=0))
    bar_x = label_width + GAP
    bars = []
    for index, ((label, values), value_text) in enumerate(zip(rows, texts, strict=True)):
        x = bar_x
        segments = []
        for position, value in enumerate(values):
            width = round(BAR_WIDTH * value / largest, 1)
            segments.append(
                {"x": x, "width": width, "value": value, "pattern": PATTERNS[position % 5]}
            )
            x += width
        bars.append(
            {"label": label, "y": index * ROW_HEIGHT, "segments": segments, "text": value_text}
        )
    value_x = bar_x + BAR_WIDTH + GAP
    tick_texts = [localize(int(tick) if tick == int(tick) else tick) for tick in scale]
    if axis_title is None:
        axis_title = total_header(unit, stacked)
    height = max(len(rows), 1) * ROW_HEIGHT
    # labels centred on a point: half of the last tick's may stand right of the bars, and a
    # title wider than the bars is moved right until it starts inside the chart
    title_half = CHAR_WIDTH * len(str(axis_title)) / 2
    title_x = max(bar_x + BAR_WIDTH / 2, title_half)
    right = max(
        value_x + CHAR_WIDTH * max(map(len, texts), default=0),
        bar_x + BAR_WIDTH + CHAR_WIDTH * len(tick_texts[-1]) / 2,
        title_x + title_half,
    )
    return Chart(
        id=f"chart-{next(_ids)}",
        caption=caption,
        unit=unit,
        series=[(name, PATTERNS[i % 5]) for i, name in enumerate(series)],
        stacked=stacked,
        bars=bars,
        rows=[(label, values, sum(values)) for label, values in rows],
        value_x=value_x,
        width=round(right) + GAP,
        height=height + AXIS_HEIGHT,
        axis={
            "y": height + 2,
            "x1": bar_x,
            "x2": bar_x + BAR_WIDTH,
            "ticks": [
                {"x": round(bar_x + BAR_WIDTH * tick / largest, 1), "text": text}
                for tick, text in zip(scale, tick_texts, strict=True)
            ],
            "title": axis_title,
            "title_x": title_x,
        },
    )
