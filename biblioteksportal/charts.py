"""Server-rendered SVG bar charts, always shown with a data table of the same figures.

Bars carry their value as text and differ by pattern as well as shade, so a chart reads in
greyscale; the SVG is labelled by its caption and the table is what a screen reader uses.
"""

from dataclasses import dataclass
from itertools import count
from typing import Any

from django.utils.formats import localize
from django.utils.translation import gettext as _

from .tables import Column, Table

_ids = count(1)
ROW_HEIGHT = 28
BAR_WIDTH = 300
GAP = 10
# A generous width of one character at the charts' font size (13px), so that the margins
# computed from the longest label and value hold them whole in any sans-serif font.
CHAR_WIDTH = 8.5
PATTERNS = ["solid", "hatch", "dots", "cross", "light"]


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

    def table(self):
        """The chart's data table, as the page shows it: a column per series and the total."""
        if not self.stacked:
            value = _("Värde") + (f" ({self.unit.strip()})" if self.unit else "")
            columns = [Column(value, lambda row: row[2])]
        else:
            columns = [
                Column(name, lambda row, i=i: row[1][i])
                for i, (name, _pattern) in enumerate(self.series)
            ] + [Column(_("Totalt"), lambda row: row[2])]
        return Table([Column(_("Namn"), lambda row: row[0]), *columns], self.rows, self.caption)


def bar_chart(caption, rows, unit="", series=None):
    """A horizontal bar chart of `rows`: [(label, value)] or, with `series` (the names of the
    values), [(label, [value, …])] as stacked bars."""
    if series is None:
        rows = [(label, [value]) for label, value in rows]
        series = [caption]
    largest = max((sum(values) for _, values in rows), default=0) or 1
    # the value as the data table writes it (the active locale's decimal comma)
    texts = [f"{localize(sum(values))}{unit}" for _, values in rows]
    label_width = round(CHAR_WIDTH * max((len(str(label)) for label, _ in rows), default=0))
    bar_x = label_width + GAP
    bars = []
    for index, ((label, values), text) in enumerate(zip(rows, texts, strict=True)):
        x = bar_x
        segments = []
        for position, value in enumerate(values):
            width = round(BAR_WIDTH * value / largest, 1)
            segments.append(
                {"x": x, "width": width, "value": value, "pattern": PATTERNS[position % 5]}
            )
            x += width
        bars.append({"label": label, "y": index * ROW_HEIGHT, "segments": segments, "text": text})
    value_x = bar_x + BAR_WIDTH + GAP
    return Chart(
        id=f"chart-{next(_ids)}",
        caption=caption,
        unit=unit,
        series=[(name, PATTERNS[i % 5]) for i, name in enumerate(series)],
        stacked=len(series) > 1,
        bars=bars,
        rows=[(label, values, sum(values)) for label, values in rows],
        value_x=value_x,
        width=value_x + round(CHAR_WIDTH * max(map(len, texts), default=0)) + GAP,
        height=max(len(rows), 1) * ROW_HEIGHT,
    )
