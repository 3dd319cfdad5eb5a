"""Server-rendered SVG bar charts, always shown with a data table of the same figures.

Bars carry their value as text and differ by pattern as well as shade, so a chart reads in
greyscale; the SVG is labelled by its caption and the table is what a screen reader uses.
"""

from itertools import count

_ids = count(1)
ROW_HEIGHT = 28
LABEL_WIDTH = 220
BAR_WIDTH = 300
PATTERNS = ["solid", "hatch", "dots", "cross", "light"]


def bar_chart(caption, rows, unit="", series=None):
    """A horizontal bar chart of `rows`: [(label, value)] or, with `series` (the names of the
    values), [(label, [value, …])] as stacked bars.

    Returns the context that templates/includes/chart.html renders.
    """
    if series is None:
        rows = [(label, [value]) for label, value in rows]
        series = [caption]
    largest = max((sum(values) for _, values in rows), default=0) or 1
    bars = []
    for index, (label, values) in enumerate(rows):
        x = LABEL_WIDTH
        segments = []
        for position, value in enumerate(values):
            width = round(BAR_WIDTH * value / largest, 1)
            segments.append(
                {"x": x, "width": width, "value": value, "pattern": PATTERNS[position % 5]}
            )
            x += width
        bars.append(
            {"label": label, "y": index * ROW_HEIGHT, "segments": segments, "total": sum(values)}
        )
    return {
        "id": f"chart-{next(_ids)}",
        "caption": caption,
        "unit": unit,
        "series": [(name, PATTERNS[i % 5]) for i, name in enumerate(series)],
        "stacked": len(series) > 1,
        "bars": bars,
        "rows": [(label, values, sum(values)) for label, values in rows],
        "label_x": LABEL_WIDTH - 10,
        "value_x": LABEL_WIDTH + BAR_WIDTH + 10,
        "width": LABEL_WIDTH + BAR_WIDTH + 60,
        "height": max(len(rows), 1) * ROW_HEIGHT,
    }
